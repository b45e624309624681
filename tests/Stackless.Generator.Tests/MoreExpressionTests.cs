using System.Linq;
using Microsoft.CodeAnalysis;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// Constructs that C#'s async lowering handles and the frame lowering once refused (TSK010): suspending switch
    /// expression guards, closures over per-iteration pattern/out/deconstruction variables and local functions,
    /// nested initializers, deconstruction targets, events, user-defined &amp;&amp;/||. Each runs spawned and called
    /// directly from main (ordinary C#, the ground truth); the traces prove the evaluation order.
    /// </summary>
    public class MoreExpressionTests
    {
        private const string Feeder = TestPrograms.Feeder + TestPrograms.Side;

        [Fact]
        public void SwitchExpression_SuspendingGuards_RunInOrderOnlyForArmsWhosePatternMatched()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    string r = "";
                    foreach (int x in new[] { 3, -7, 0, 4 })
                    {
                        string s = x switch
                        {
                            > 0 when Side("g1 " + x, ch.Receive()) > 1 => "big" + x,
                            > 0 when Side("g2 " + x, 1) == 1 => "pos" + x,
                            int n when Side("g3 " + n, n) < -5 && ch.Receive() > 0 => "neg" + n,
                            _ => "other" + x,
                        };
                        r += s + ";";
                    }
                    return r;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            // x=3: guard 1 receives 1 (not > 1), guard 2 matches; x=-7: only the third arm's pattern matches, its guard
            // receives 2; x=0: the third guard fails before its receive; x=4: guard 1 receives 3.
            Assert.Equal("g1 3\ng2 3\ng3 -7\ng3 0\ng1 4\nresult pos3;neg-7;other0;big4;", trace);
        }

        [Fact]
        public void SwitchExpression_SuspendingGuard_ArmVariablesCapturedPerIteration()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    var fns = new List<Func<string>>();
                    for (int i = 0; i < 3; i++)
                    {
                        object o = i == 1 ? "s" + i : i;
                        fns.Add(o switch
                        {
                            int n when ch.Receive() > 0 => () => "int " + n,
                            string t when t.Length > 5 || ch.Receive() > 0 => () => "string " + t,
                            _ => () => "other",
                        });
                    }
                    return string.Join(",", fns.Select(f => f()));
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.EndsWith("result int 0,string s1,int 2", trace); // each closure sees its own arm variable: not "int 2,string s1,int 2"
        }

        [Fact]
        public void LocalFunctionsTurnedIntoDelegates_CapturePerIterationVariables()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    var fns = new List<Func<int>>();
                    for (int i = 0; i < 3; i++)
                    {
                        int v = ch.Receive() * 10;
                        int Get() => v + i;             // v is per iteration, i is one variable for the whole for
                        int Twice() => Get() * 2;       // reaches v only through Get
                        fns.Add(Get);
                        fns.Add(new Func<int>(Twice));
                        fns.Add(() => Twice() + 1000);  // a lambda calling a local function that captures v
                        L("in place " + Get() + " " + Twice());
                        Scheduler.Schedule();
                    }
                    return string.Join(",", fns.Select(f => f()));
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.Equal("in place 10 20\nin place 21 42\nin place 32 64\nresult 13,26,1026,23,46,1046,33,66,1066", trace);
        }

        [Fact]
        public void LocalFunctionDelegates_WithParametersAndGenericConversion()
        {
            string trace = Differential.Same(Feeder + """
                delegate void Bump(ref int target, int by);
                [Tasklet]
                static string M()
                {
                    var adders = new List<Func<int, int>>();
                    var bumps = new List<Bump>();
                    foreach (int e in new[] { 1, 2 })
                    {
                        int w = e * 100 + ch.Receive();
                        int Add(int k) => k + w;
                        void Inc(ref int target, int by) => target += by * w;
                        T Echo<T>(T value) { L("echo " + value + " " + w); return value; }
                        adders.Add(Add);
                        bumps.Add(Inc);
                        Func<string, string> echo = Echo<string>;
                        echo("e" + e);
                    }
                    int total = 0;
                    foreach (Bump b in bumps) b(ref total, 2);
                    return string.Join(",", adders.Select(f => f(5))) + " " + total;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.Equal("echo e1 101\necho e2 202\nresult 106,207 606", trace);
        }

        [Fact]
        public void OutVarsDeconstructionsAndPatternVariables_CapturedPerIteration()
        {
            string trace = Differential.Same(Feeder + """
                static bool Split(int n, out int tens, out int ones) { tens = n / 10; ones = n % 10; return true; }
                sealed record Pair(int Key, string Name);
                [Tasklet]
                static string M()
                {
                    var fns = new List<Func<string>>();
                    for (int i = 0; i < 2; i++)
                    {
                        Split(ch.Receive() + 10 * i + 10, out var tens, out int ones);
                        fns.Add(() => "out " + tens + ones);
                        var (q, name) = (ch.Receive(), "n" + i);
                        fns.Add(() => "decon " + q + name);
                        (int a, string b) = (i * 7, "b");
                        fns.Add(() => "typed " + a + b);
                        object o = new Pair(i, "p" + ch.Receive());
                        if (o is Pair { Key: >= 0 } p && p.Name is { Length: > 0 } pn) fns.Add(() => "pattern " + p.Key + pn);
                    }
                    foreach (var (k, s) in new[] { (1, "x"), (2, "y") })
                    {
                        Scheduler.Schedule();
                        fns.Add(() => "foreach " + k + s);
                    }
                    return string.Join(",", fns.Select(f => f()));
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 6);");
            Assert.EndsWith("result out 11,decon 2n0,typed 0b,pattern 0p3,out 24,decon 5n1,typed 7b,pattern 1p6,foreach 1x,foreach 2y", trace);
        }

        [Fact]
        public void DoublyNestedInitializer_AssignsAndAddsInSourceOrder()
        {
            string trace = Differential.Same(Feeder + """
                sealed class Inner { public int A; public List<int> List = new(); public Dictionary<string, int> Map = new(); }
                sealed class Outer
                {
                    readonly Inner _inner = new();
                    public Inner Inner { get { L("get Inner"); return _inner; } }
                    public int X { set => L("set X " + value); }
                    public Inner this[int i] { get { L("get [" + i + "]"); return _inner; } }
                }
                [Tasklet]
                static string M()
                {
                    var o = new Outer
                    {
                        X = Side("x", 1),
                        Inner = { A = ch.Receive(), List = { Side("one", 1), ch.Receive(), 3 }, Map = { { "k", ch.Receive() } } },
                        [Side("index", 7)] = { A = ch.Receive() + 100 },
                    };
                    return o.Inner.A + " " + string.Join("/", o.Inner.List) + " " + o.Inner.Map["k"];
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.Contains("set X 1\nget Inner\nget Inner\none\nget Inner", trace.Replace("\r", ""));
            Assert.EndsWith("result 104 1/2/3 3", trace);
        }

        [Fact]
        public void DeconstructionTargets_EvaluateLeftToRightBeforeTheValue()
        {
            string trace = Differential.Same(Feeder + """
                sealed class Cell { public string Name = ""; public int P { get => 0; set => L(Name + ".P = " + value); } }
                static Cell Obj(string name) { L("obj " + name); return new Cell { Name = name }; }
                [Tasklet]
                static string M()
                {
                    int[] arr = new int[4];
                    int x;
                    (arr[ch.Receive()], x) = (Side("one", 10), 20);
                    (Obj("a").P, arr[Side("idx", 0)], (x, Obj("b").P)) = (ch.Receive(), ch.Receive(), (Side("v", 5), ch.Receive()));
                    return string.Join(",", arr) + " " + x;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.Equal("one\nobj a\nidx\nobj b\nv\na.P = 2\nb.P = 4\nresult 3,10,0,0 5", trace);
        }

        [Fact]
        public void CompoundAssignmentToEvents_AcrossASuspension()
        {
            string trace = Differential.Same(Feeder + """
                static event Action<string>? Changed;
                sealed class Holder { public event Action<string>? Fired; public void Fire(string s) => Fired?.Invoke(s); }
                static Holder Get(Holder h) { L("holder"); return h; }
                static Action<string> Make(int n) { L("make " + n); return s => L(s + " " + n); }
                [Tasklet]
                static string M()
                {
                    var h = new Holder();
                    Action<string> first = Make(ch.Receive());
                    Changed += first;
                    Changed += Make(ch.Receive());
                    Get(h).Fired += Make(ch.Receive());
                    Changed?.Invoke("fire");
                    Changed -= first;
                    Changed?.Invoke("again");
                    h.Fire("holder");
                    return "ok";
                }
                """, "M()", init: "ch = new(); Changed = null;", partners: "SpawnFeed(ch, 5);");
            Assert.Equal("make 1\nmake 2\nholder\nmake 3\nfire 1\nfire 2\nagain 2\nholder 3\nresult ok", trace);
        }

        [Fact]
        public void UserDefinedAndAlso_OrElse_KeepOperatorTrueFalseSemantics()
        {
            string trace = Differential.Same(Feeder + """
                readonly struct Tri
                {
                    public readonly int V;
                    public Tri(int v) => V = v;
                    public static bool operator true(Tri t) { L("true " + t.V); return t.V > 0; }
                    public static bool operator false(Tri t) { L("false " + t.V); return t.V < 0; }
                    public static Tri operator &(Tri a, Tri b) { L("and " + a.V + " " + b.V); return new Tri(System.Math.Min(a.V, b.V)); }
                    public static Tri operator |(Tri a, Tri b) { L("or " + a.V + " " + b.V); return new Tri(System.Math.Max(a.V, b.V)); }
                    public override string ToString() => "T" + V;
                }
                [Tasklet]
                static string M()
                {
                    Tri a = new Tri(-1) && new Tri(ch.Receive());   // operator false(-1): short-circuits, no receive
                    Tri b = new Tri(0) && new Tri(ch.Receive());    // neither true nor false: receives 1, then &
                    Tri c = new Tri(2) || new Tri(ch.Receive());    // operator true(2): short-circuits
                    Tri d = new Tri(0) || new Tri(ch.Receive());    // receives 2, then |
                    string e = new Tri(ch.Receive()) && new Tri(ch.Receive() - 10) ? "yes" : "no";
                    return a + " " + b + " " + c + " " + d + " " + e;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.Equal("false -1\nfalse 0\nand 0 1\ntrue 2\ntrue 0\nor 0 2\nfalse 3\nand 3 -6\ntrue -6\nresult T-1 T0 T2 T2 no", trace);
        }

        [Fact]
        public void WithAnonymousElementBindingAndVoidConditionalChains()
        {
            string trace = Differential.Same(Feeder + """
                sealed record R(int A, int B);
                sealed class Node { public Channel<int>? Out; public Node? Next; }
                [Tasklet]
                static string M()
                {
                    var r1 = new R(1, 2);
                    var r2 = r1 with { A = Side("a", 10), B = ch.Receive() };
                    int[]? arr = new[] { 5, 6, 7 };
                    int? e = arr?[ch.Receive()];
                    int y = new { X = Side("x", 1), Y = ch.Receive() }.Y;
                    var sink = new Channel<int>();
                    var node = new Node { Next = new Node { Out = sink } };
                    SpawnDrain(sink);
                    node?.Next?.Out?.Send(ch.Receive() * 100);
                    node.Out?.Send(ch.Receive());
                    return r2 + " " + e + " " + y;
                }
                [Tasklet]
                static void Drain(Channel<int> c) => L("drained " + c.Receive());
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 6);");
            Assert.Equal("a\nx\ndrained 400\nresult R { A = 10, B = 1 } 7 3", trace);
        }
    

        [Fact]
        public void LocalFunctionDelegate_OfNaturalType_AndCalledThroughTheDelegateLater()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    var fns = new List<Func<string>>();
                    int n = 0;
                    while (n < 3)
                    {
                        string tag = "t" + ch.Receive();
                        string Show() => tag + "/" + n;
                        var show = Show;                 // C# 10 natural type Func<string>
                        fns.Add(show);
                        n++;
                    }
                    return string.Join(",", fns.Select(f => f()));
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.EndsWith("result t1/3,t2/3,t3/3", trace); // tag per iteration, n shared
        }

        [Fact]
        public void OperandsReadBeforeASuspension_AreCopied_WhenTheSuspensionCanChangeThem()
        {
            string trace = Differential.Same(Feeder + """
                static Action? pending;
                [Tasklet]
                static void Bump() { pending?.Invoke(); }
                static string Pair(int a, int b) => a + ":" + b;
                [Tasklet]
                static string M()
                {
                    int x = 1;
                    pending = () => x = 100;           // runs in another tasklet while M is suspended
                    SpawnBump();
                    string first = Pair(x, ch.Receive());  // x is read before the receive: 1
                    int y = 5;
                    string second = Pair(y, y = ch.Receive() * 10);
                    x = 7;
                    pending = () => x = 50;
                    SpawnBump();
                    x += ch.Receive();                  // the old x (7) is read before the receive
                    return first + " " + second + " " + x;
                }
                """, "M()", init: "ch = new(); pending = null;", partners: "SpawnFeed(ch, 5);");
            Assert.EndsWith("result 1:1 5:20 10", trace);
        }

        [Fact]
        public void UsingVariableCapturedPerIteration_Compiles()
        {
            string source = """
                using System;
                using System.Collections.Generic;
                using Stackless;
                partial class C
                {
                    sealed class R : IDisposable { public void Dispose() { } }
                    [Tasklet] static void Bad(Channel<int> c)
                    {
                        var fns = new List<Func<R>>();
                        for (int i = 0; i < 2; i++)
                        {
                            using (var r = new R()) { fns.Add(() => r); c.Receive(); }
                        }
                    }
                }
                """;
            // Was TSK010 (generator.md #21); now each execution of the using gets a fresh box (behaviour:
            // CornerCaseTests.UsingVariablesCapturedByClosures_InALoopThatSuspends_AreOnePerIteration).
            GeneratorOutcome outcome = TestCompiler.CompileClean(source);
            Assert.Contains(outcome.Sources, s => s.SourceText.ToString().Contains("__Bad_Frame"));
        }

        [Fact]
        public void StructMembersAssignedAcrossASuspension_AreWrittenInPlace()
        {
            string trace = Differential.Same(Feeder + """
                struct Pt { public int X; public int Y; public Inner In; }
                struct Inner { public int Z; }
                static Pt shared;
                [Tasklet]
                static string M()
                {
                    Pt p = default;
                    Func<int> look = () => p.X * 1000 + p.In.Z;   // captured: the frame must not copy p
                    (p.X, p.Y) = (ch.Receive(), ch.Receive());
                    p.X += ch.Receive();
                    p.In.Z = ch.Receive();
                    var arr = new Pt[2];
                    arr[Side("i", 1)].In.Z += ch.Receive();
                    shared.In.Z = 7;
                    shared.In.Z -= ch.Receive();
                    return p.X + "," + p.Y + "," + p.In.Z + "," + look() + "," + arr[1].In.Z + "," + shared.In.Z;
                }
                """, "M()", init: "ch = new(); shared = default;", partners: "SpawnFeed(ch, 8);");
            Assert.Equal("i\nresult 4,2,4,4004,5,1", trace);
        }
    

        [Fact]
        public void ExpressionTreesCapturingPerIterationVariables_SeeTheirOwnIteration()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    var trees = new List<System.Linq.Expressions.Expression<Func<int>>>();
                    foreach (int e in new[] { 1, 2, 3 })
                    {
                        int v = e * 10 + ch.Receive();
                        trees.Add(() => v + e);
                    }
                    return string.Join(",", trees.Select(t => t.Compile()()));
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.EndsWith("result 12,24,36", trace);
        }
    }
}
