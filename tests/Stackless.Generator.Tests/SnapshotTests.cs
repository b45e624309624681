using System.Linq;
using Microsoft.CodeAnalysis;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// The generated code is product: these snapshots were read and reviewed when accepted. Each program is also
    /// compiled (no errors, no warnings in generated code).
    /// </summary>
    public class SnapshotTests
    {
        private static void VerifyFrames(string members, [System.Runtime.CompilerServices.CallerMemberName] string method = "", string header = "")
        {
            string source = "using System;\nusing System.Collections.Generic;\nusing Stackless;\n" + header + "\nnamespace Samples\n{\n    public partial class Demo\n    {\n" + members + "\n    }\n}\n";
            GeneratorOutcome outcome = TestCompiler.CompileClean(source, "Demo.cs");
            foreach (GeneratedSourceResult s in outcome.Sources.OrderBy(s => s.HintName))
                Snapshot.Verify(s.SourceText.ToString(), s.HintName, method: method);
        }

        [Fact]
        public void Produce_ForLoopWithSend() => VerifyFrames("""
                    [Tasklet]
                    public static void Produce(Channel<int> output, int count)
                    {
                        for (int i = 0; i < count; i++)
                            output.Send(i);
                        output.Close();
                    }
            """);

        [Fact]
        public void Sum_ForEachOverChannel() => VerifyFrames("""
                    [Tasklet]
                    public static int Sum(Channel<int> input)
                    {
                        int total = 0;
                        foreach (int x in input)
                            total += x;
                        return total;
                    }
            """);

        [Fact]
        public void Depth_ExpressionBodiedRecursion() => VerifyFrames("""
                    [Tasklet]
                    public static long Depth(int n) => n == 0 ? 0 : Depth(n - 1) + 1;
            """);

        [Fact]
        public void IfElse_ReceiveInCondition() => VerifyFrames("""
                    [Tasklet]
                    public static string Classify(Channel<int> input)
                    {
                        if (input.Receive() > 0)
                        {
                            Console.WriteLine("positive");
                            return "+";
                        }
                        else
                            return "-" + input.Receive();
                    }
            """);

        [Fact]
        public void While_BreakAndContinue() => VerifyFrames("""
                    [Tasklet]
                    public static int Count(Channel<int> input)
                    {
                        int n = 0;
                        while (true)
                        {
                            int x = input.Receive();
                            if (x < 0) break;
                            if (x == 0) continue;
                            n++;
                        }
                        return n;
                    }
            """);

        /// <summary>Loops that do not suspend get a step check at their back-edge (issue 14): sum, i and n stay locals of MoveNext, saved only where a check interrupts.</summary>
        [Fact]
        public void QuietLoops_StepChecks() => VerifyFrames("""
                    [Tasklet]
                    public static long Sum(int[] items, int rounds)
                    {
                        long sum = 0;
                        for (int r = 0; r < rounds; r++)
                        {
                            foreach (int x in items)
                            {
                                if (x < 0) continue;
                                sum += x;
                            }
                        }
                        int n = 0;
                        while (sum > 1) { sum /= 2; n++; }
                        return sum + n;
                    }
            """);

        [Fact]
        public void QuietLoops_RefLikeLocals() => VerifyFrames("""
                    [Tasklet]
                    public static int Count(int n)
                    {
                        Span<int> counts = stackalloc int[2];
                        for (int i = 0; i < n; i++) counts[i % 2]++;
                        int total = counts[0] - counts[1];
                        while (total < n) total += 3;
                        return total;
                    }
            """);

        // Local functions only called count their loops' steps (a static one loses the modifier); one made a delegate does not.
        [Fact]
        public void QuietLoops_LocalFunctions() => VerifyFrames("""
                    [Tasklet]
                    public static int Count(int[] items)
                    {
                        int total = 0;
                        void Add(int x) { while (x > 9) x /= 10; total += x; }
                        static int Digits(int v) { int d = 0; do { d++; v /= 10; } while (v != 0); return d; }
                        int Later() { int s = 0; foreach (int x in items) s += x; return s; }
                        Func<int> later = Later;
                        foreach (int x in items) Add(x + Digits(x));
                        return total + later();
                    }
            """);

        [Fact]
        public void Switch_PatternsAndGuards() => VerifyFrames("""
                    [Tasklet]
                    public static string Describe(Channel<object> input)
                    {
                        switch (input.Receive())
                        {
                            case int i when i > 10:
                                return "big " + i;
                            case int i:
                                Scheduler.Schedule();
                                return "int " + i;
                            case string s:
                                return "string " + s;
                            default:
                                return "other";
                        }
                    }
            """);

        [Fact]
        public void SwitchExpression_SuspendingGuard() => VerifyFrames("""
                    [Tasklet]
                    public static string Rate(Channel<int> input, int x) => x switch
                    {
                        > 0 when input.Receive() > 5 => "a",
                        int n when n < -5 => "low " + n,
                        _ => "b",
                    };
            """);

        [Fact]
        public void TryCatch_SuspendingInsideCatch() => VerifyFrames("""
                    [Tasklet]
                    public static int Guarded(Channel<int> input, Channel<string> errors)
                    {
                        try
                        {
                            return input.Receive();
                        }
                        catch (ChannelClosedException e)
                        {
                            errors.Send(e.Message);
                            return -1;
                        }
                    }
            """);

        [Fact]
        public void TryFinally_SuspendingInsideFinally() => VerifyFrames("""
                    [Tasklet]
                    public static int WithCleanup(Channel<int> input, Channel<string> log)
                    {
                        try
                        {
                            int v = input.Receive();
                            if (v == 0) return 0;
                            return 100 / v;
                        }
                        finally
                        {
                            log.Send("done");
                        }
                    }
            """);

        [Fact]
        public void UsingDeclaration_AcrossSuspension() => VerifyFrames("""
                    [Tasklet]
                    public static string ReadAll(Channel<string> lines)
                    {
                        using var writer = new System.IO.StringWriter();
                        foreach (string line in lines)
                            writer.WriteLine(line);
                        return writer.ToString();
                    }
            """);

        [Fact]
        public void TryNotAroundTheRecursiveCall_MayHandleAtOverride() => VerifyFrames("""
                    static int Cleanups;

                    [Tasklet]
                    public static long Down(int n)
                    {
                        if (n == -1) { try { Scheduler.Schedule(); } finally { Cleanups++; } }
                        return n == 0 ? throw new InvalidOperationException("bottom") : Down(n - 1) + 1;
                    }
            """);

        [Fact]
        public void ForEachOverList_EnumeratorKeptInFrame() => VerifyFrames("""
                    [Tasklet]
                    public static void SendAll(List<string> items, Channel<string> output)
                    {
                        foreach (var item in items)
                        {
                            if (item.Length == 0) continue;
                            output.Send(item.ToUpperInvariant());
                        }
                    }
            """);

        [Fact]
        public void Expressions_ShortCircuitAndConditional() => VerifyFrames("""
                    static int Weight(string s) => s.Length;

                    [Tasklet]
                    public static int Score(Channel<int> input, bool strict)
                    {
                        bool ok = !strict || input.Receive() > 0;
                        int bonus = ok ? input.Receive() * 2 : 0;
                        return Weight("base") + bonus + input.Receive();
                    }
            """);

        [Fact]
        public void InstanceMethod_FieldsAndNestedInstanceCall() => VerifyFrames("""
                    private int _received;
                    public string Name { get; set; } = "demo";

                    [Tasklet]
                    public int Take(Channel<int> input)
                    {
                        int v = input.Receive();
                        _received++;
                        return v;
                    }

                    [Tasklet]
                    public string TakeTwo(Channel<int> input) => Name + ":" + (Take(input) + this.Take(input)) + "/" + _received;
            """);

        [Fact]
        public void GenericMethod_WithConstraints() => VerifyFrames("""
                    [Tasklet]
                    public static T Max<T>(Channel<T> input, int count) where T : IComparable<T>
                    {
                        T best = input.Receive();
                        for (int i = 1; i < count; i++)
                        {
                            T next = input.Receive();
                            if (next.CompareTo(best) > 0) best = next;
                        }
                        return best;
                    }
            """);

        [Fact]
        public void NestedGenericContainingType() => VerifyFrames("""
                    public partial class Cache<TKey> where TKey : notnull
                    {
                        private readonly Dictionary<TKey, int> _values = new();

                        [Tasklet]
                        public static void Fill(Cache<TKey> cache, TKey key, Channel<int> input) => cache._values[key] = input.Receive();
                    }
            """);

        [Fact]
        public void TaskletControl_ScheduleRunKill() => VerifyFrames("""
                    [Tasklet]
                    public static void Supervise(Tasklet worker, Channel<int> done)
                    {
                        Scheduler.Schedule();
                        if (worker.IsAlive) worker.Run();
                        if (done.Balance == 0) worker.Kill();
                    }
            """);

        [Fact]
        public void SendSequence_AndCompoundAssignment() => VerifyFrames("""
                    [Tasklet]
                    public static int Relay(Channel<int> input, Channel<int> output, int[] counts)
                    {
                        counts[0] += input.Receive();
                        return output.SendSequence(new[] { counts[0], 2, 3 });
                    }
            """);

        [Fact]
        public void NullableDisabledAndChecked() => VerifyFrames("""
            #nullable disable
                    [Tasklet]
                    public static int Add(Channel<string> input)
                    {
                        string text = input.Receive();
                        checked
                        {
                            return int.Parse(text) + int.Parse(input.Receive());
                        }
                    }
            #nullable restore
            """);
    }
}
