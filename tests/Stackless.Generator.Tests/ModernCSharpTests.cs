using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// Everyday C# 8–13 constructs with a suspension point inside or beside them, each run spawned and called
    /// directly from main (plain C#, the ground truth). Expected values are worked out by hand in the comments.
    /// </summary>
    public class ModernCSharpTests
    {
        private const string Feeder = TestPrograms.Feeder + TestPrograms.Side;

        private static string Run(string members, string call, int feed = 10, bool isVoid = false, string usings = "") =>
            Differential.Same(Feeder + members, call, init: "ch = new();", partners: "SpawnFeed(ch, " + feed + ");", isVoid: isVoid, usings: usings);

        [Fact]
        public void CollectionExpressions_WithSpreadsAndSuspendingElements()
        {
            string trace = Run("""
                [Tasklet]
                static string M()
                {
                    int[] a = [Side("first", 10), ch.Receive(), Side("third", 30)];   // [10, 1, 30]
                    List<int> l = [.. a, ch.Receive()];                               // [10, 1, 30, 2]
                    ReadOnlyMemory<int> _ = a;
                    return string.Join(",", l) + " " + a.Length;
                }
                """, "M()");
            Assert.StartsWith("first\nthird\n", trace);
            Assert.EndsWith("result 10,1,30,2 3", trace);
        }

        [Fact]
        public void IndexesRangesAndListPatterns()
        {
            string trace = Run("""
                [Tasklet]
                static string M()
                {
                    int[] a = [5, 6, 7, 8, 9];
                    int last = a[^ch.Receive()];                 // a[^1] = 9
                    int[] mid = a[ch.Receive()..^1];             // a[2..4] = [7, 8]
                    if (a is [5, var second, .. var rest] && rest.Length == ch.Receive())  // receive 3; rest = [7,8,9]
                        return $"{last} {string.Join("", mid)} {second} {rest[^1]}";
                    return "no match";
                }
                """, "M()");
            Assert.EndsWith("result 9 78 6 9", trace);
        }

        [Fact]
        public void RecordsWithExpressions_TargetTypedNew_AndTuples()
        {
            string trace = Run("""
                record Point(int X, int Y);
                [Tasklet]
                static string M()
                {
                    Point p = new(ch.Receive(), Side("y", 20));          // (1, 20)
                    Point q = p with { Y = ch.Receive() };               // (1, 2)
                    (int a, string b) t = (ch.Receive(), "x");           // (3, "x")
                    t.b += ch.Receive();                                 // "x4"
                    var (u, v) = (q.X + ch.Receive(), t);                // u = 6, v = (3, "x4")
                    return $"{p} {q} {t.a}{t.b} {u} {v.b}";
                }
                """, "M()");
            Assert.EndsWith("result Point { X = 1, Y = 20 } Point { X = 1, Y = 2 } 3x4 6 x4", trace);
        }

        [Fact]
        public void NullCoalescingAssignment_ThrowExpressions_AndNullableValues()
        {
            string trace = Run("""
                [Tasklet]
                static string M()
                {
                    int? n = null;
                    n ??= ch.Receive();                        // receives 1
                    n ??= ch.Receive();                        // skipped: n is not null
                    string? s = null;
                    s ??= "s" + ch.Receive();                  // "s2"
                    int[]? arr = null;
                    int len = (arr ?? [ch.Receive(), 0]).Length;   // receives 3, len 2
                    string t = s ?? throw new InvalidOperationException("never");
                    int w;
                    try { w = ch.Receive() > 100 ? 1 : throw new ArgumentException("too small " + ch.Receive()); }  // 4, then 5
                    catch (ArgumentException e) { w = -1; L(e.Message); }
                    return $"{n} {s} {len} {t} {w}";
                }
                """, "M()");
            Assert.Contains("too small 5", trace);
            Assert.EndsWith("result 1 s2 2 s2 -1", trace);
        }

        [Fact]
        public void NestedNullCoalescingAssignment_OfTheSameVariable()
        {
            // Fuzz seed 1141: the inner `??=` stores into the variable and yields it; the outer one must not emit
            // `s = (s);`, a warning (CS1717) in generated code.
            string trace = Run("""
                [Tasklet]
                static string M(string? p)
                {
                    string? s = null;
                    s ??= (s ??= "a" + ch.Receive());          // "a1"
                    s ??= (s ??= "b" + ch.Receive());          // skipped: s is not null
                    p ??= (p ??= "p" + ch.Receive());          // "p2"
                    string? q = null;
                    string r = q ??= (q ??= "q" + ch.Receive()) + "!";   // the inner stores "q3", then the outer "q3!"
                    return s + " " + p + " " + q + " " + r;
                }
                """, "M(null)");
            Assert.EndsWith("result a1 p2 q3! q3!", trace);
        }

        [Fact]
        public void ForeachOverDictionary_WithDeconstruction_AndOverAString()
        {
            string trace = Run("""
                [Tasklet]
                static string M()
                {
                    var d = new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 };
                    int sum = 0;
                    foreach (var (key, value) in d)
                    {
                        sum += value * ch.Receive();          // 1*1 + 2*2 = 5
                        L(key);
                    }
                    string letters = "";
                    foreach (char c in "xyz")
                        letters += c.ToString() + ch.Receive();  // x3y4z5
                    foreach (KeyValuePair<string, int> kv in d)
                        if (kv.Value == ch.Receive()) L("match " + kv.Key);   // 6 vs 1, 7 vs 2: none
                    return sum + " " + letters;
                }
                """, "M()");
            Assert.StartsWith("a\nb\n", trace);
            Assert.DoesNotContain("match", trace);
            Assert.EndsWith("result 5 x3y4z5", trace);
        }

        [Fact]
        public void NamedArguments_AreEvaluatedInTheOrderWritten_ParamsAndDefaults()
        {
            string trace = Run("""
                static string F(int a, int b, int c = 7) => $"a={a} b={b} c={c}";
                static int Sum(params int[] xs) { int s = 0; foreach (int x in xs) s += x; return s; }
                [Tasklet]
                static string M()
                {
                    string f = F(b: Side("b", 2), a: ch.Receive());           // b first (as written), then receive 1
                    int s = Sum(Side("p", 10), ch.Receive(), ch.Receive());   // 10 + 2 + 3
                    int t = Sum();
                    return f + " " + s + " " + t;
                }
                """, "M()");
            Assert.StartsWith("b\np\n", trace);
            Assert.EndsWith("result a=1 b=2 c=7 15 0", trace);
        }

        [Fact]
        public void IncrementsOfIndexersAndProperties_WithSuspendingIndexes()
        {
            string trace = Run("""
                class Box { public int V { get; set; } public int this[int i] { get => V * 10 + i; set => V = value; } }
                [Tasklet]
                static string M()
                {
                    int[] a = new int[5];
                    a[ch.Receive()]++;                  // a[1] = 1
                    a[ch.Receive()] += ch.Receive();    // a[2] = 3
                    var box = new Box();
                    box.V += ch.Receive();              // 4
                    box[ch.Receive()] += 1;             // box[5] = 4*10+5 + 1 = 46 -> V = 46
                    return string.Join(",", a) + " " + box.V;
                }
                """, "M()");
            Assert.EndsWith("result 0,1,3,0,0 46", trace);
        }

        [Fact]
        public void MutableStructLocals_AndTuplesLiveAcrossSuspension()
        {
            string trace = Run("""
                struct Counter { public int N; public void Inc() => N++; }
                [Tasklet]
                static string M()
                {
                    var c = new Counter();
                    c.Inc();
                    ch.Receive();
                    c.Inc();
                    c.N += ch.Receive();                 // 2 + 2
                    Counter copy = c;
                    copy.Inc();
                    ch.Receive();
                    return c.N + " " + copy.N;
                }
                """, "M()");
            Assert.EndsWith("result 4 5", trace);
        }

        [Fact]
        public void LambdasSeeLaterAssignmentsToCapturedLocals_AndEventsRaiseWithSuspendingArguments()
        {
            string trace = Run("""
                static event Action<int>? Changed;
                [Tasklet]
                static string M()
                {
                    int x = 1;
                    Func<int> read = () => x;
                    x = ch.Receive() + 10;              // 11: the lambda reads the same variable
                    Changed = null;
                    Changed += v => L("changed " + v);
                    Changed?.Invoke(ch.Receive());      // changed 2
                    static int Twice(int v) => v * 2;
                    T Id<T>(T v) => v;
                    return read() + " " + Twice(ch.Receive()) + " " + Id("s" + x);
                }
                """, "M()");
            Assert.Contains("changed 2", trace);
            Assert.EndsWith("result 11 6 s11", trace);
        }

        [Fact]
        public void SwitchOnTuples_PropertyPatterns_AndCombinators()
        {
            string trace = Run("""
                record Shape(string Kind, int Size);
                [Tasklet]
                static string M()
                {
                    var results = new List<string>();
                    for (int i = 0; i < 3; i++)
                    {
                        var s = new Shape(i == 0 ? "sq" : "ci", ch.Receive());   // sizes 1, 2, 3
                        string r = (s, i) switch
                        {
                            ({ Kind: "sq", Size: > 0 and < 2 }, 0) => "small square " + ch.Receive(),   // 2? no: receives 4 (after sizes 1)
                            ({ Kind: "ci" } c, _) when c.Size is 2 or 3 => "circle " + c.Size,
                            _ => "other",
                        };
                        results.Add(r);
                        if (s is not { Size: 1 } and { Kind: var k }) results.Add(k);
                    }
                    return string.Join("|", results);
                }
                """, "M()");
            // i=0: size 1, arm 1 receives 2 -> "small square 2"; i=1: size 3 -> "circle 3", "ci"; i=2: size 4 -> "other", "ci".
            Assert.EndsWith("result small square 2|circle 3|ci|other|ci", trace);
        }

        [Fact]
        public void NestedUsings_LockWithoutSuspension_AndCheckedBlocks()
        {
            string trace = Run("""
                sealed class Res : IDisposable { readonly string n; public Res(string n) { this.n = n; L("open " + n); } public void Dispose() => L("close " + n); }
                static readonly object Gate = new();
                [Tasklet]
                static string M()
                {
                    int total = 0;
                    using (var a = new Res("a"))
                    using (var b = new Res("b"))
                    {
                        total += ch.Receive();
                        lock (Gate) { total *= 10; }
                        total += ch.Receive();
                    }
                    try
                    {
                        checked
                        {
                            int big = int.MaxValue - ch.Receive();   // - 3
                            big += ch.Receive();                     // + 4: overflows
                            total = big;
                        }
                    }
                    catch (OverflowException) { L("overflow"); }
                    return total.ToString();
                }
                """, "M()");
            Assert.StartsWith("open a\nopen b\nclose b\nclose a\noverflow\n", trace);
            Assert.EndsWith("result 12", trace);
        }

        [Fact]
        public void InterpolationWithAlignmentAndFormat_AndRawStrings()
        {
            string trace = Run(""""
                [Tasklet]
                static string M()
                {
                    string a = $"[{ch.Receive(),4}|{ch.Receive():D3}|{Side("s", 7),-3}]";
                    string b = $"""<{ch.Receive()}> "quoted" """;
                    return a + b;
                }
                """", "M()");
            Assert.EndsWith("result [   1|002|7  ]<3> \"quoted\" ", trace);
        }

        [Fact]
        public void IteratorHelpers_AreDisposedWhenASuspendingForeachBreaks()
        {
            string trace = Run("""
                static IEnumerable<int> Numbers()
                {
                    try { for (int i = 0; ; i++) yield return i; }
                    finally { L("iterator disposed"); }
                }
                [Tasklet]
                static int M()
                {
                    int sum = 0;
                    foreach (int n in Numbers())
                    {
                        if (n == 3) break;
                        sum += n * ch.Receive();        // 0*1 + 1*2 + 2*3 = 8
                    }
                    L("after loop");
                    return sum;
                }
                """, "M()");
            Assert.Contains("iterator disposed\nafter loop", trace);
            Assert.EndsWith("result 8", trace);
        }

        [Fact]
        public void GotoCaseAndDefault_InAStringSwitchThatSuspends()
        {
            string trace = Run("""
                [Tasklet]
                static string M(string cmd)
                {
                    string log = "";
                    switch (cmd)
                    {
                        case "start":
                            log += "start" + ch.Receive();
                            goto case "run";
                        case "run":
                            log += "run" + ch.Receive();
                            goto default;
                        default:
                            log += "end" + ch.Receive();
                            break;
                    }
                    return log;
                }
                """, "M(\"start\")");
            Assert.EndsWith("result start1run2end3", trace);
        }
    }
}
