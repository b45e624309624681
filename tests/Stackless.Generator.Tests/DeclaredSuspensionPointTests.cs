using System.Linq;
using Microsoft.CodeAnalysis;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// Suspension points a user declares with [SuspensionPoint] (design.md §7.1, docs/frame-contract.md), and out
    /// arguments at suspension points: each program runs with the method called from main (the API blocks, pumping
    /// the scheduler) and spawned (the generated frame suspends through Begin/End), and both must agree.
    /// </summary>
    public class DeclaredSuspensionPointTests
    {
        /// <summary>
        /// A user library: TryTake waits for the next ticket and says whether it is at least <c>minimum</c>. Its Begin/End
        /// are built on Channel's own; what Begin must tell End (the minimum) waits in the box, keyed by the tasklet.
        /// </summary>
        private const string Tickets = """
            public sealed class Tickets
            {
                public readonly Channel<int> Inner = new();
                private readonly Dictionary<Tasklet, int> minimums = new();

                [Stackless.CompilerServices.SuspensionPoint(nameof(BeginTryTake), nameof(EndTryTake))]
                public bool TryTake(out int ticket, int minimum)
                {
                    ticket = Inner.Receive();
                    return ticket >= minimum;
                }

                public bool BeginTryTake(Tasklet frame, int minimum)
                {
                    minimums[Scheduler.Current] = minimum;
                    return Inner.BeginReceive(frame);
                }

                public bool EndTryTake(Tasklet frame, out int ticket)
                {
                    Tasklet me = Scheduler.Current;
                    int minimum = minimums[me];
                    minimums.Remove(me);
                    ticket = Inner.EndReceive(frame); // a kill raises here
                    return ticket >= minimum;
                }

                // Static, two out parameters, Begin/End without the frame parameter (they find the tasklet themselves).
                [Stackless.CompilerServices.SuspensionPoint(nameof(BeginSplit), nameof(EndSplit))]
                public static void Split(int value, out int tens, out int ones)
                {
                    Scheduler.Schedule();
                    tens = value / 10;
                    ones = value % 10;
                }

                private static readonly Dictionary<Tasklet, int> s_splitting = new();
                public static bool BeginSplit(int value)
                {
                    s_splitting[Scheduler.Current] = value;
                    return Scheduler.BeginSchedule();
                }

                public static void EndSplit(out int tens, out int ones)
                {
                    Tasklet me = Scheduler.Current;
                    int value = s_splitting[me];
                    s_splitting.Remove(me);
                    Scheduler.EndSwitch();
                    tens = value / 10;
                    ones = value % 10;
                }
            }

            public static class TicketExtensions
            {
                // An extension method: its static Begin takes the receiver after the frame.
                [Stackless.CompilerServices.SuspensionPoint(nameof(BeginTakeAny), nameof(EndTakeAny))]
                public static int TakeAny(this Tickets box, out bool odd)
                {
                    int t = box.Inner.Receive();
                    odd = t % 2 != 0;
                    return t;
                }

                private static readonly Dictionary<Tasklet, Tickets> s_taking = new();
                public static bool BeginTakeAny(Tasklet frame, Tickets box)
                {
                    s_taking[Scheduler.Current] = box;
                    return box.Inner.BeginReceive(frame);
                }

                public static int EndTakeAny(Tasklet frame, out bool odd)
                {
                    Tasklet me = Scheduler.Current;
                    Tickets box = s_taking[me];
                    s_taking.Remove(me);
                    int t = box.Inner.EndReceive(frame);
                    odd = t % 2 != 0;
                    return t;
                }
            }

            """;

        /// <summary>Members of the test programs: the box and a feeder that sends tickets in order.</summary>
        private const string Box = """
            static Tickets box = new();

            [Tasklet]
            static void Feed(Tickets to, int[] tickets) { foreach (int t in tickets) to.Inner.Send(t); }

            """;

        private static string Run(string members, string call, params int[] tickets) =>
            Differential.Same(Box + members, call, init: "box = new Tickets();", partners: "SpawnFeed(box, new int[] { " + string.Join(", ", tickets) + " });", usings: Tickets);

        /// <summary>
        /// A generic instance suspension point with an out argument, called with an anonymous type argument: End&lt;'a&gt;
        /// cannot be written, and is called through a helper whose type parameter is inferred from an example.
        /// </summary>
        [Fact]
        public void GenericInstancePoint_AnonymousTypeArgument_WithOutArgument()
        {
            const string echo = """
                public sealed class Echo
                {
                    private readonly Dictionary<Tasklet, object?> held = new();

                    [Stackless.CompilerServices.SuspensionPoint(nameof(BeginBack), nameof(EndBack))]
                    public T Back<T>(T value, out T[] twice)
                    {
                        Scheduler.Schedule();
                        twice = new[] { value, value };
                        return value;
                    }

                    public bool BeginBack<T>(Tasklet frame, T value)
                    {
                        held[Scheduler.Current] = value;
                        return Scheduler.BeginSchedule();
                    }

                    public T EndBack<T>(Tasklet frame, out T[] twice)
                    {
                        Tasklet me = Scheduler.Current;
                        T v = (T)held[me]!;
                        held.Remove(me);
                        Scheduler.EndSwitch();
                        twice = new[] { v, v };
                        return v;
                    }
                }
                """;
            string trace = Differential.Same("""
                static Echo echo = new();

                [Tasklet]
                static string M(int n)
                {
                    var v = echo.Back(new { N = n, S = "e" }, out var pair);
                    Scheduler.Schedule();
                    bool same = echo.Back(new { N = n + 1 }, out var arr).N == arr[1].N;
                    return v + ";" + pair.Length + pair[1].S + ";" + same + arr[0].N;
                }
                """, "M(1)", init: "echo = new Echo();", usings: echo);
            Assert.Equal("result { N = 1, S = e };2e;True2", trace);
        }

        /// <summary>
        /// A static generic suspension point with an out argument, its value inside a call's arguments and an operator
        /// chain: End&lt;T&gt; is written on its type with the call's type argument (built as syntax, embedded in the copy
        /// of the parent call), and the arguments around it keep C#'s order.
        /// </summary>
        [Fact]
        public void StaticGenericPoint_WithTypeArgumentAndOutArgument_InsideAParentExpression()
        {
            const string pairs = """
                public static class Pairs
                {
                    private static readonly Dictionary<Tasklet, object?> s_held = new();

                    [Stackless.CompilerServices.SuspensionPoint(nameof(BeginSwap), nameof(EndSwap))]
                    public static T Swap<T>(T first, T second, out T other)
                    {
                        Scheduler.Schedule();
                        other = first;
                        return second;
                    }

                    public static bool BeginSwap<T>(T first, T second)
                    {
                        s_held[Scheduler.Current] = (first, second);
                        return Scheduler.BeginSchedule();
                    }

                    public static T EndSwap<T>(out T other)
                    {
                        Tasklet me = Scheduler.Current;
                        var (first, second) = ((T, T))s_held[me]!;
                        s_held.Remove(me);
                        Scheduler.EndSwitch();
                        other = first;
                        return second;
                    }
                }
                """;
            string trace = Differential.Same("""
                static int calls;
                static int Next() => ++calls;
                static string Join(int a, int b, string c) => a + "," + b + "," + c;

                [Tasklet]
                static string M(int n)
                {
                    string s = Join(Next(), Pairs.Swap<int>(n, n * 10, out int o) + Next() * 100, "o" + o);
                    string t = Pairs.Swap<string>("x", "y", out string u) + u + Pairs.Swap("p", "q", out var w) + w;
                    return s + ";" + t;
                }
                """, "M(4)", init: "calls = 0;", usings: pairs);
            Assert.Equal("result 1,240,o4;yxqp", trace);
        }

        [Fact]
        public void WhileCondition_OutVarPerIteration()
        {
            string trace = Run("""
                [Tasklet]
                static int Loop()
                {
                    int n = 0;
                    while (box.TryTake(out var v, 10)) { L(v); n++; }
                    return n;
                }
                """, "Loop()", 12, 15, 3, 40);
            Assert.Equal("12\n15\nresult 2", trace);
        }

        [Fact]
        public void AndOperand_OutVarInScopeAfterTheIf()
        {
            const string members = """
                [Tasklet]
                static int Gate(bool open)
                {
                    if (!(open && box.TryTake(out var v, 10)))
                    {
                        Scheduler.Schedule();
                        L("waiting senders " + box.Inner.Balance); // the ticket was not taken
                        return -1;
                    }
                    L("took " + v);
                    Scheduler.Schedule();
                    return v;
                }
                """;
            Assert.Equal("took 11\nresult 11", Run(members, "Gate(true)", 11));
            Assert.Equal("waiting senders 1\nresult -1", Run(members, "Gate(false)", 11));
        }

        [Fact]
        public void OutVar_UsedAfterTheStatementAndAcrossLaterSuspensions()
        {
            string trace = Run("""
                [Tasklet]
                static int Two()
                {
                    box.TryTake(out var a, 0);
                    bool big = box.TryTake(out int b, 100);
                    Scheduler.Schedule();
                    L(big);
                    return a * 100 + b;
                }
                """, "Two()", 7, 9);
            Assert.Equal("False\nresult 709", trace);
        }

        [Fact]
        public void OutIntoFieldArrayElementAndDiscard()
        {
            // The array is located before the call: the partner replaces it while the tasklet waits, and the
            // write still goes to the array the call located (as C# does).
            string trace = Differential.Same(Box + """
                static int lastTicket;
                static int[] slots = new int[3];
                static int[] original = slots;
                [Tasklet]
                static string Places()
                {
                    int i = 0;
                    box.TryTake(out lastTicket, 0);
                    box.TryTake(out slots[i++], 0);
                    box.TryTake(out slots[i++], 0);
                    box.TryTake(out _, 0);
                    bool kept = box.TryTake(out var _, 5);
                    return lastTicket + " " + string.Join(",", original) + " " + string.Join(",", slots) + " i=" + i + " " + kept;
                }
                [Tasklet]
                static void FeedReplacing()
                {
                    box.Inner.Send(1);
                    slots = new[] { 9, 9, 9 }; // Places waits to write slots[0] of the original array meanwhile
                    for (int t = 2; t <= 5; t++) box.Inner.Send(t);
                }
                """, "Places()", init: "box = new Tickets(); slots = new int[3]; original = slots;", partners: "SpawnFeedReplacing();", usings: Tickets);
            Assert.Equal("result 1 2,0,0 9,3,9 i=2 True", trace);
        }

        [Fact]
        public void NamedArgumentsInAnotherOrder_AndSuspendingArgumentsAndIndices()
        {
            string trace = Differential.Same(Box + """
                static Channel<int> numbers = new();
                [Tasklet]
                static string Named()
                {
                    int[] a = new int[4];
                    bool ok = box.TryTake(minimum: numbers.Receive(), ticket: out a[numbers.Receive()]);
                    return ok + " " + string.Join(",", a);
                }
                [Tasklet]
                static void Numbers() { numbers.Send(5); numbers.Send(2); }
                """, "Named()", init: "box = new Tickets(); numbers = new Channel<int>();", partners: "SpawnNumbers(); SpawnFeed(box, new[] { 6 });", usings: Tickets);
            Assert.Equal("result True 0,0,6,0", trace);
        }

        /// <summary>
        /// Fuzz seed 21500371: a value argument written before an out argument (named, in another order than the
        /// parameters) changes what locates the out argument's variable; C# evaluates it first, so the frame must too,
        /// though nothing in it suspends (the variable is located by statements before Begin).
        /// </summary>
        [Fact]
        public void NamedArgumentsInAnotherOrder_AValueArgumentRunsBeforeTheOutArgumentIsLocated()
        {
            string trace = Run("""
                [Tasklet]
                static string Located()
                {
                    int[] a = new int[4];
                    int k = 0;
                    bool ok = box.TryTake(minimum: (k = 1) + 4, ticket: out a[k]);
                    int j = 0;
                    bool ok2 = box.TryTake(out a[j], (j = 3) + 4);
                    return ok + " " + ok2 + " " + string.Join(",", a) + " " + k + j;
                }
                """, "Located()", 6, 2);
            Assert.Equal("result True False 2,6,0,0 13", trace);
        }

        [Fact]
        public void InExpressions_ConditionalArgumentAndExtension()
        {
            string trace = Run("""
                [Tasklet]
                static int Mixed()
                {
                    int s = box.TryTake(out var x, 5) ? x : -x;
                    L(box.TryTake(out var y, 5) + " " + y);
                    int t = box.TakeAny(out bool odd);
                    L(odd);
                    return s + t;
                }
                """, "Mixed()", 3, 8, 21);
            Assert.Equal("True 8\nTrue\nresult 18", trace);
        }

        [Fact]
        public void StaticWithTwoOuts_WithoutFrameParameter()
        {
            string trace = Run("""
                [Tasklet]
                static int Pair()
                {
                    Tickets.Split(42, out int tens, out var ones);
                    return ones * 10 + tens;
                }
                """, "Pair()");
            Assert.Equal("result 24", trace);
        }

        private static Diagnostic[] GeneratorDiagnostics(string source)
        {
            GeneratorOutcome outcome = TestCompiler.RunGenerator(TestCompiler.CreateCompilation(("Program.cs",
                "using System;\nusing System.Collections.Generic;\nusing Stackless;\nusing Stackless.CompilerServices;\n" + source)));
            return outcome.GeneratorDiagnostics.Where(d => d.Id.StartsWith("TSK")).ToArray();
        }

        private static string Spanned(Diagnostic d) => d.Location.SourceTree!.ToString().Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length);

        private static Diagnostic Single(string source, string id)
        {
            Diagnostic[] ours = GeneratorDiagnostics(source);
            Assert.True(ours.Length == 1, "expected one " + id + ", got:\n" + string.Join("\n", ours.Select(d => d.ToString())));
            Assert.Equal(id, ours[0].Id);
            return ours[0];
        }

        private const string Api = """
            public sealed class Api
            {
                public readonly Channel<int> Inner = new();
                public bool TryGet(out int value, int timeout) { value = Inner.Receive(); return true; }
                public bool BeginTryGet(Tasklet frame, int timeout) => Inner.BeginReceive(frame);
                public bool EndTryGet(Tasklet frame, out int value) { value = Inner.EndReceive(frame); return true; }
                public bool BeginRenamed(Tasklet frame, int patience) => Inner.BeginReceive(frame);
                public int EndWrongType(Tasklet frame, out int value) { value = Inner.EndReceive(frame); return 1; }
                public ref int Slot() => ref slot;
                private int slot;
            }
            """;

        [Theory]
        [InlineData("[SuspensionPoint(\"BeginMissing\", nameof(Api.EndTryGet))]", "'BeginMissing' must be a")]
        [InlineData("[SuspensionPoint(nameof(Api.BeginRenamed), nameof(Api.EndTryGet))]", "'BeginRenamed' must be a")]
        [InlineData("[SuspensionPoint(nameof(Api.BeginTryGet), nameof(Api.EndWrongType))]", "'EndWrongType' must be a")]
        [InlineData("[SuspensionPoint(nameof(Api.BeginTryGet), \"\")]", "must name the methods")]
        [InlineData("[SuspensionPoint(nameof(Api.BeginTryGet))]", "cannot have out parameters")]
        [InlineData("[SuspensionPoint(nameof(Api.BeginTryGet), nameof(Api.EndTryGet), EndType = typeof(List<int>))]", "EndType must be a non-generic")]
        public void TSK013_IllFormedDeclaration_IsReportedAtTheCall(string attribute, string expected)
        {
            string source = Api.Replace("public bool TryGet(", attribute + " public bool TryGet(") + """
                partial class C
                {
                    [Tasklet]
                    static int Bad(Api api) { api.TryGet(out int v, 5); return v; }
                }
                """;
            // Reported where it is declared (for the library's author) and at the call (why Bad is not compiled).
            Diagnostic[] ours = GeneratorDiagnostics(source);
            Assert.True(ours.Length == 2 && ours.All(x => x.Id == "TSK013"), string.Join("\n", ours.Select(x => x.ToString())));
            Diagnostic declared = ours.Single(x => Spanned(x).StartsWith("SuspensionPoint("));
            Assert.Contains(expected, declared.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Diagnostic d = ours.Single(x => x != declared);
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains("'Api.TryGet(out int, int)' is declared a suspension point", message);
            Assert.Contains(expected, message);
            Assert.Contains("api.TryGet(out int v, 5)", Spanned(d));
        }

        [Fact]
        public void OutArgument_ThatIsNotAVariable_IsRefused()
        {
            string source = Api.Replace("public bool TryGet(", "[SuspensionPoint(nameof(BeginTryGet), nameof(EndTryGet))] public bool TryGet(") + """
                partial class C
                {
                    [Tasklet]
                    static bool Bad(Api api) => api.TryGet(out api.Slot(), 5);
                }
                """;
            Diagnostic d = Single(source, "TSK010");
            Assert.Contains("out argument", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        [Fact]
        public void RefParameter_IsTSK013()
        {
            // A ref argument to a declared suspension point: refused (its variable would be written after the frame suspended).
            string source = """
                public sealed class Api
                {
                    [SuspensionPoint(nameof(BeginBump), nameof(EndBump))]
                    public void Bump(ref int x) { x++; }
                    public bool BeginBump(Tasklet frame, ref int x) => false;
                    public void EndBump(Tasklet frame) { }
                }
                partial class C
                {
                    [Tasklet]
                    static int Bad(Api api) { int x = 1; api.Bump(ref x); return x; }
                }
                """;
            Diagnostic[] ours = GeneratorDiagnostics(source);
            Assert.Equal(2, ours.Length); // at the declaration and at the call
            Assert.All(ours, d => Assert.Equal("TSK013", d.Id));
            Assert.All(ours, d => Assert.Contains("cannot take ref parameters", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
        }

        [Fact]
        public void TSK013_AtTheDeclaration_EvenWithoutACall_AndAPublicMethodNeedsAPublicPair()
        {
            Diagnostic[] ours = GeneratorDiagnostics("""
                public sealed class Api
                {
                    private readonly Channel<int> inner = new();
                    [SuspensionPoint(nameof(BeginTake), nameof(EndTake))]
                    public int Take() => inner.Receive();
                    internal bool BeginTake(Tasklet frame) => inner.BeginReceive(frame);
                    public int EndTake(Tasklet frame) => inner.EndReceive(frame);

                    [SuspensionPoint(nameof(BeginTake), nameof(EndTake))]
                    internal int TakeHere() => inner.Receive();   // internal: an internal pair is fine
                }
                """);
            Diagnostic d = Assert.Single(ours);
            Assert.Equal("TSK013", d.Id);
            Assert.Contains("'BeginTake' must be public like the method", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains("'Api.Take()'", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
