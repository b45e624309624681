using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>Suspension points inside expressions: spilled in C#'s left-to-right order, short-circuits kept.</summary>
    public class ExpressionSpillingTests
    {
        private const string Feeder = TestPrograms.Feeder + TestPrograms.Side;

        [Fact]
        public void Arguments_AndOperands_EvaluateLeftToRight()
        {
            string trace = Differential.Same(Feeder + """
                static int Add3(int a, int b, int c) { L("add " + a + " " + b + " " + c); return a + b + c; }
                [Tasklet]
                static int M()
                {
                    int x = Add3(Side("first", 1), ch.Receive(), Side("third", 3));
                    int y = Side("left", 10) * ch.Receive() - Side("right", 1);
                    ch.Receive();
                    return x * 100 + y;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 3);");
            Assert.StartsWith("first\nthird\nadd 1 1 3\nleft\nright\n", trace);
            Assert.EndsWith("result 519", trace);
        }

        [Fact]
        public void ShortCircuits_AndAndOrOrConditionalCoalesce_SkipTheRightSide()
        {
            string trace = Differential.Same(Feeder + """
                static string? Maybe(bool b) => b ? "here" : null;
                [Tasklet]
                static string M()
                {
                    bool a = Side("a", 0) == 1 && ch.Receive() > 0;         // no receive
                    bool b = Side("b", 1) == 1 || ch.Receive() > 0;         // no receive
                    bool c = Side("c", 1) == 1 && ch.Receive() == 1;        // receives 1
                    int d = Side("d", 0) == 0 ? ch.Receive() : ch.Receive() * 1000; // receives 2
                    string e = Maybe(true) ?? "x" + ch.Receive();            // no receive
                    string f = Maybe(false) ?? "y" + ch.Receive();           // receives 3
                    return $"{a} {b} {c} {d} {e} {f}";
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.EndsWith("result False True True 2 here y3", trace);
        }

        [Fact]
        public void ConditionalAccess_OnNullSkipsTheSuspendingCall()
        {
            string trace = Differential.Same(Feeder + """
                sealed class Box { public int Value; public int Add(int x) { L("add " + x); return Value + x; } }
                [Tasklet]
                static string M()
                {
                    Box? none = null, some = new Box { Value = 10 };
                    int? a = none?.Add(ch.Receive());
                    int? b = some?.Add(ch.Receive());
                    Channel<int>? noChannel = null;
                    noChannel?.Send(5);
                    return (a?.ToString() ?? "null") + " " + b;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.EndsWith("add 1\nresult null 11", trace);
        }

        [Fact]
        public void CompoundAssignment_ToElementWithSideEffectingIndex()
        {
            string trace = Differential.Same(Feeder + """
                static int[] arr = new int[3];
                [Tasklet]
                static string M()
                {
                    arr = new int[] { 5, 6, 7 };
                    arr[Side("index", 1)] += ch.Receive();
                    arr[Side("index2", 2)] = ch.Receive() * 10;
                    int local = 1;
                    local += ch.Receive();
                    local++;
                    return string.Join(",", arr) + " " + local;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.Equal("index\nindex2\nresult 5,7,20 5", trace);
        }

        [Fact]
        public void ObjectAndCollectionInitializers_AndInterpolation()
        {
            string trace = Differential.Same(Feeder + """
                sealed class Point
                {
                    public Point() { L("ctor"); }
                    private int _x;
                    public int X { get => _x; set { L("set X " + value); _x = value; } }
                    public int Y { get; set; }
                }
                [Tasklet]
                static string M()
                {
                    var p = new Point { X = ch.Receive(), Y = 2 };
                    var list = new List<int> { 1, ch.Receive(), 3 };
                    int[] arr = { ch.Receive(), 4 };
                    var s = $"p=({p.X},{p.Y}) list={string.Join("+", list)} arr={arr[0]}{arr[1]} next={ch.Receive():D3}";
                    return s;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.Equal("ctor\nset X 1\nresult p=(1,2) list=1+2+3 arr=34 next=004", trace);
        }

        [Fact]
        public void OutVar_Deconstruction_AndPatternLocals()
        {
            string trace = Differential.Same(Feeder + """
                static (int, string) Pair(int x) => (x, "n" + x);
                [Tasklet]
                static string M()
                {
                    int.TryParse("4" + ch.Receive(), out var parsed);
                    var (num, name) = Pair(ch.Receive());
                    (int a, int b) = (ch.Receive(), ch.Receive());
                    object o = ch.Receive();
                    if (o is int k && k > 4) L("k " + k); else k = -1;
                    string r = parsed + " " + num + name + " " + a + b;
                    ch.Receive();
                    return r + " " + k;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 9);");
            Assert.Equal("k 5\nresult 41 2n2 34 5", trace);
        }

        [Fact]
        public void NestedTaskletCalls_AsArgumentsAndOperands()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int Twice(int x) { L("twice " + x); Scheduler.Schedule(); return 2 * x; }
                [Tasklet]
                static int M() => Twice(Twice(1) + Side("mid", 1)) + Twice(ch.Receive());
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 1);");
            Assert.Equal("twice 1\nmid\ntwice 3\ntwice 1\nresult 8", trace);
        }

        [Fact]
        public void CheckedAndUnchecked_AreKeptAcrossSuspension()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    int big = int.MaxValue;
                    int wrapped = unchecked(big + ch.Receive());
                    string r = "wrapped " + wrapped;
                    try
                    {
                        checked
                        {
                            int x = big + ch.Receive();
                            r += " no overflow " + x;
                        }
                    }
                    catch (OverflowException) { r += " overflow"; }
                    return r;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.Equal("result wrapped -2147483648 overflow", trace);
        }
    }
}
