using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// Issue 16: the frame names the user's locals by symbol. Same names in sibling and nested scopes (different types,
    /// hoisted or not), pattern variables named like hoisted locals, locals named like frame members or generated names,
    /// lambda parameters shadowing parameters and locals, reused for variables — each runs the same spawned and called
    /// directly, with the result worked out by hand.
    /// </summary>
    public class NameHygieneTests
    {
        private const string Feeder = TestPrograms.Feeder;

        // The example: the arm's 'ok' read a hoisted field 'ok_3' while the arm declared a local 'ok' (-1 spawned).
        [Fact]
        public void PatternVariableOfASwitchArmNamedLikeHoistedLocals()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int Shadow(Channel<int> c, int[] xs)
                {
                    foreach (var ok in xs) c.Receive();
                    foreach (var ok in xs) { Scheduler.Schedule(); _ = ok; }
                    return 6 switch { 0 => 0, var ok when ok > 4 => ok, _ => -1 };
                }
                """, "Shadow(ch, new[] { 1, 2 })", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.EndsWith("result 6", trace);
        }

        // A parameter named like the frame's field for the instance (the factory fills the frame with an object initializer:
        // only an instance method's own first copy is `this`; fuzz seeds 12, 201, 301 gave CS0026 in a static method).
        [Fact]
        public void ParametersNamedLikeTheFramesInstanceField()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int Twice(int __this, Channel<int> c) => __this + c.Receive() + Counter.Make(5).Add(__this, c);

                partial class Counter
                {
                    private readonly int k;
                    private Counter(int k) => this.k = k;
                    public static Counter Make(int k) => new Counter(k);
                    [Tasklet]
                    public int Add(int __this, Channel<int> c) => k * 100 + __this + c.Receive();
                }
                """, "Twice(7, ch)", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            // 7 + 1 + (500 + 7 + 2)
            Assert.EndsWith("result 517", trace);
        }

        [Fact]
        public void SameNamesOfDifferentTypesInSiblingAndNestedScopes()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string Siblings()
                {
                    string r = "";
                    { int q = ch.Receive(); r += q; }
                    { string q = "s"; r += q.Length; }
                    { bool q = true; ch.Receive(); r += q; }
                    { int[] q = { 7, 8 }; r += q[1]; }
                    for (int k = 0; k < 2; k++) r += k + ch.Receive();
                    { r += "b"; int k = 7; r += k; }
                    int v = ch.Receive();
                    Func<string, int> fn = s => { string v = s + "!"; return v.Length; };
                    Scheduler.Schedule();
                    r += v + fn("ab");
                    return r;
                }
                """, "Siblings()", init: "ch = new();", partners: "SpawnFeed(ch, 10);");
            // q: 1, "s".Length, True (after 2), 8; k: 0+3, 1+4; b7; v 5 + "ab!".Length
            Assert.EndsWith("result 11True835b78", trace);
        }

        [Fact]
        public void PatternVariablesNamedLikeHoistedLocals()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string Patterns(int[] xs, object o)
                {
                    string r = "";
                    foreach (var ok in xs) r += ch.Receive();
                    foreach (var ok in xs) { Scheduler.Schedule(); r += ok; }
                    { if (o is int ok && ok > 4) r += "is" + ok; }
                    { ch.Receive(); if (o is int ok && ok > 4) r += "is" + ok; }
                    r += o switch { string ok => ok, int ok when ok > 1 => "arm" + ok, _ => "?" };
                    switch (o) { case int ok when ok > 2: r += "case" + ok; break; }
                    switch (o) { case int ok: r += "low" + (ch.Receive() + ok); break; }
                    return r;
                }
                """, "Patterns(new[] { 1, 2 }, 5)", init: "ch = new();", partners: "SpawnFeed(ch, 10);");
            // 1 2 received, 1 2 from the second loop, is5 twice (3 received), arm5, case5, low 4+5
            Assert.EndsWith("result 1212is5is5arm5case5low9", trace);
        }

        [Fact]
        public void HoistedLocalsNamedLikeGeneratedNames()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int Twice(int v) { Scheduler.Schedule(); return 2 * v; }

                [Tasklet]
                static int Generated(int n)
                {
                    int State = n;
                    int __t1 = ch.Receive();
                    string __call1 = "c" + Twice(n);
                    int __result = 0;
                    int __pendingException1 = 1;
                    try
                    {
                        __result = ch.Receive() + State + __t1;
                        if (n > 0) return __result * 10 + __pendingException1;
                    }
                    finally { L("f" + __call1); Scheduler.Schedule(); }
                    return -1;
                }
                """, "Generated(3)", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            // __t1 1, __call1 "c6", __result 2+3+1 = 6: 61
            Assert.EndsWith("fc6\nresult 61", trace);
        }

        // Copied blocks inside a try whose finally suspends: a 'return' there writes the frame's __result and leaves through
        // a label; 'return' elsewhere calls Return(…): locals named so must not capture them.
        [Fact]
        public void CopiedLocalsNamedLikeGeneratedNamesAndFrameMembers()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int Copied(int n)
                {
                    int total = ch.Receive();
                    try
                    {
                        total += ch.Receive();
                        { int __this = 3; string Return = "r"; L(__this + Return); }
                        { int __result = 5; if (n > 1) return __result + total; }
                    }
                    finally { L("f"); Scheduler.Schedule(); }
                    { int State = 7; int Return = 2; if (n < 0) return Return; L(State); }
                    return 0;
                }
                """, "Copied(2)", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.EndsWith("3r\nf\nresult 8", trace);
        }

        [Fact]
        public void CopiedLocalNamedThisInAnInstanceTasklet()
        {
            string trace = Differential.Same(Feeder + """
                sealed partial class Box
                {
                    int field = 10;
                    [Tasklet]
                    public int Get()
                    {
                        int v = ch.Receive();
                        { int __this = 1; L(field + __this); }
                        return v + field;
                    }
                }
                """, "new Box().Get()", init: "ch = new();", partners: "SpawnFeed(ch, 5);", spawnCall: "new Box().SpawnGet()");
            Assert.EndsWith("11\nresult 11", trace);
        }

        [Fact]
        public void LambdaParametersShadowingParametersAndLocals()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int Lambdas(int x, Channel<int> c)
                {
                    int y = c.Receive();
                    Func<int, int> f = x => x * 2;
                    Func<int, int> g = y => y + x;
                    int r = f(3) + g(4) + c.Receive();
                    foreach (var ok in new[] { 1 }) { c.Receive(); }
                    foreach (var ok in new[] { 2 }) { Scheduler.Schedule(); Func<int, int> h = ok_2 => ok_2 * 100 + ok; r += h(1); }
                    return r + x + y;
                }
                """, "Lambdas(5, ch)", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            // y 1; f(3) 6, g(4) 4+5, 2 received: 17; 3 received; h(1) 100+2: 119; + 5 + 1
            Assert.EndsWith("result 125", trace);
        }

        [Fact]
        public void ForVariablesReused()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string Fors()
                {
                    string r = "";
                    for (int i = 0; i < 2; i++) r += i;
                    for (int i = 0; i < 2; i++) r += i + ch.Receive();
                    for (long i = 5; i < 7; i++) { r += i; }
                    for (int i = 0; i < 2; i++) { string s = "x" + i; Scheduler.Schedule(); r += s; }
                    for (char i = 'a'; i < 'c'; i++) { r += i; ch.Receive(); }
                    return r;
                }
                """, "Fors()", init: "ch = new();", partners: "SpawnFeed(ch, 10);");
            Assert.EndsWith("result 011356x0x1ab", trace);
        }

        // Declarations emitted straight into the flattened scope (const and ref-like locals, local functions) take
        // names no other local has; a type or namespace named like a frame field is qualified.
        [Fact]
        public void FlattenedDeclarationsAndTypesNamedLikeFields()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string Flattened()
                {
                    string r = "";
                    { const int k = 4; r += k + ch.Receive(); }
                    { string k = "s"; r += k; }
                    { ch.Receive(); Span<int> sp = stackalloc int[2]; sp[0] = 9; r += sp[0]; }
                    { int[] sp = { 1 }; r += sp.Length; }
                    { int f() => 1; r += f() + ch.Receive(); }
                    { int f() => 2; r += f() + ch.Receive(); }
                    { int Math = ch.Receive(); Scheduler.Schedule(); r += Math; }
                    { r += Math.Abs(-3); }
                    { int System = ch.Receive(); Scheduler.Schedule(); r += System; }
                    { r += System.Math.Max(1, 2); }
                    r += (from __t1 in new[] { 1, 2 } let State = __t1 * 2 select State).Sum();
                    return r;
                }
                """, "Flattened()", init: "ch = new();", partners: "SpawnFeed(ch, 10);");
            // 4+1, s, (2 received) 9, 1, 1+3, 2+4, Math 5, 3, System 6, 2, 2+4
            Assert.EndsWith("result 5s914653626", trace);
        }

        // Labels of sibling blocks share one scope once flattened (CS0140) or nest in it when copied (CS0158); a user label
        // may be named like a generated one.
        [Fact]
        public void LabelsOfSiblingBlocksAndLabelsNamedLikeGeneratedOnes()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string Labels(int n)
                {
                    string r = "";
                    { if (n > 0) goto L1; r += "a"; L1: r += ch.Receive(); }
                    { if (n > 1) goto L1; r += "b"; L1: r += ch.Receive(); }
                    { if (n > 5) goto L1; r += "c"; L1: r += "!"; }
                    if (n > 0) goto __resume1;
                    r += "skipped";
                    __resume1: r += ch.Receive();
                    return r;
                }
                """, "Labels(1)", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.EndsWith("result 1b2c!3", trace);
        }

        // (i, 1) names its first element i: still so when i is a renamed field.
        [Fact]
        public void TupleElementNamesInferredFromRenamedLocals()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string Tuples()
                {
                    string r = "";
                    for (int i = 0; i < 1; i++) r += ch.Receive();
                    for (int i = 5; i < 6; i++) { Scheduler.Schedule(); { var t = (i, 1); r += t.i; } }
                    int x = ch.Receive();
                    { var u = (x, r); Scheduler.Schedule(); r += u.x + u.r; }
                    return r;
                }
                """, "Tuples()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.EndsWith("result 15215", trace);
        }

        // Parameters of a local function, out variables and deconstructed locals named like generated names; the
        // named arguments of a call follow the renamed parameters.
        [Fact]
        public void LocalFunctionParametersAndOutVariablesNamedLikeGeneratedNames()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string Functions()
                {
                    string r = "";
                    { int f(int __a0, int State) => __a0 * 10 + State; r += f(State: 2, __a0: 1) + ch.Receive(); }
                    { T g<T>(T __this) => __this; r += g(__this: "g"); }
                    { if (int.TryParse("7", out var __t1)) r += __t1; }
                    { ch.Receive(); if (int.TryParse("8", out var __call1)) r += __call1; }
                    var (__result, __this) = (4, "x");
                    r += __result + __this;
                    return r;
                }
                """, "Functions()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            // f(1, 2) 12 + 1 received; g; 7; (2 received) 8; 4x
            Assert.EndsWith("result 13g784x", trace);
        }
    }
}
