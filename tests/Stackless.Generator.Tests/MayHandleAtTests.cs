using System;
using System.Linq;
using System.Reflection;
using System.Threading;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// The generated <c>MayHandleAt</c> override: the resume points of a frame that lie inside a try of its method. A
    /// callee's exception passes by a frame resumed anywhere else (ThreadScheduler.FrameThrew) instead of resuming it to
    /// rethrow, which made an exception through deep recursion of a method with a try O(depth²). The states below are
    /// numbered by hand: resume points 1, 2, … in source order (the entry step check, if any, last).
    /// </summary>
    public class MayHandleAtTests
    {
        private const string Callees = """
            [Tasklet] static int A(int n) => n;
            [Tasklet] static void B() { }
            static int Count;
            static readonly object Gate = new();
            sealed class D : IDisposable { public void Dispose() => Count++; }
            static bool Filter(Exception e) => e.Message.Length > 0;
            """;

        /// <summary>The override's test in the frame of <paramref name="method"/> (null when it has none).</summary>
        private static string? MayHandleAt(string members, string method)
        {
            GeneratorOutcome outcome = TestCompiler.CompileClean($$"""
                using System;
                using System.Collections.Generic;
                using Stackless;
                public static partial class P
                {
                {{Callees}}
                {{members}}
                }
                """);
            string text = outcome.AllGenerated;
            int frame = text.IndexOf("class __" + method + "_Frame", StringComparison.Ordinal);
            Assert.True(frame >= 0, text);
            int end = text.IndexOf("// Creates the frame", frame, StringComparison.Ordinal);
            string frameText = text.Substring(frame, end - frame);
            const string Header = "protected override bool MayHandleAt(short resumePoint) => ";
            int at = frameText.IndexOf(Header, StringComparison.Ordinal);
            return at < 0 ? null : frameText.Substring(at + Header.Length, frameText.IndexOf(';', at) - at - Header.Length);
        }

        [Fact]
        public void TryCatch_OnlyTheCallInsideTheTry()
        {
            Assert.Equal("resumePoint == 2", MayHandleAt("""
                [Tasklet]
                static int M(int n)
                {
                    int x = A(n);
                    try { x += A(n); } catch (FormatException) { x = -1; }
                    return x + A(n);
                }
                """, "M"));
        }

        [Fact]
        public void TryFinally_BothCallsInside()
        {
            Assert.Equal("resumePoint == 1 || resumePoint == 2", MayHandleAt("""
                [Tasklet]
                static int M(int n)
                {
                    int x;
                    try { x = A(n); x += A(n); } finally { Count++; }
                    return A(x);
                }
                """, "M"));
        }

        [Fact]
        public void NestedTrys_OneRunPerOutermostTry()
        {
            Assert.Equal("resumePoint >= 1 && resumePoint <= 3 || resumePoint == 5", MayHandleAt("""
                [Tasklet]
                static int M(int n)
                {
                    int x = 0;
                    try
                    {
                        x += A(1);
                        try { x += A(2); } catch (FormatException) { x--; }
                        x += A(3);
                    }
                    finally { Count++; }
                    x += A(4);
                    try { x += A(5); } catch { x = 0; }
                    return x + A(6);
                }
                """, "M"));
        }

        [Fact]
        public void UsingStatementAndDeclaration_TheCallsInTheirScope()
        {
            Assert.Equal("resumePoint == 1 || resumePoint == 3", MayHandleAt("""
                [Tasklet]
                static int M(int n)
                {
                    int x;
                    using (new D()) { x = A(n); }
                    x += A(n);
                    using var d = new D();
                    return x + A(n);
                }
                """, "M"));
        }

        [Fact]
        public void Lock_ItsHandlerSeesNoCall()
        {
            // A lock cannot suspend (TSK005), so it is copied with its try/finally and contains no call: no resume point
            // is inside a try, but MoveNext has a handler (the IL answer would have been "may handle" everywhere).
            Assert.Equal("false", MayHandleAt("""
                [Tasklet]
                static int M(int n)
                {
                    lock (Gate) { Count++; }
                    return A(n) + 1;
                }
                """, "M"));
        }

        [Fact]
        public void ForeachOverADisposableEnumerator_TheCallInItsBody()
        {
            // The loop's back-edge step check (2) is inside the enumerator's try too: one run.
            Assert.Equal("resumePoint == 1 || resumePoint == 2", MayHandleAt("""
                [Tasklet]
                static int M(List<int> list)
                {
                    int x = 0;
                    foreach (int i in list) x += A(i);
                    return A(x);
                }
                """, "M"));
        }

        [Fact]
        public void CatchWithAFilter_TheCallInsideTheTry()
        {
            Assert.Equal("resumePoint == 2", MayHandleAt("""
                [Tasklet]
                static int M(int n)
                {
                    int x = A(n);
                    try { x += A(n); } catch (Exception e) when (Filter(e)) { x = -1; }
                    return x + A(n);
                }
                """, "M"));
        }

        [Fact]
        public void CallsInsideACatchAndAFinally_AreOutsideTheirTry_UnlessAnOuterTryHoldsThem()
        {
            // A catch or finally that calls runs after its try (lowered outside it): an exception from that call reaches
            // no handler of the same try. Inside an outer try it reaches the outer one.
            Assert.Equal("resumePoint == 1 || resumePoint == 3", MayHandleAt("""
                [Tasklet]
                static int M(int n)
                {
                    int x = 0;
                    try { x = A(1); } catch (FormatException) { x = A(2); }
                    try { x += A(3); } finally { B(); }
                    return x + A(5);
                }
                """, "M"));
            Assert.Equal("resumePoint >= 1 && resumePoint <= 3", MayHandleAt("""
                [Tasklet]
                static int M(int n)
                {
                    int x = 0;
                    try
                    {
                        try { x = A(1); } catch (FormatException) { x = A(2); } finally { B(); }
                    }
                    catch (InvalidOperationException) { x = -1; }
                    return x + A(4);
                }
                """, "M"));
        }

        [Fact]
        public void ManyTrys_OneBitPerState_TheAnswerAtEveryState()
        {
            // 40 trys, each around one call, with a call between them: states 1, 3, … 79 inside, 2, 4, … 80 outside.
            // More than 8 runs: a word of bits per 64 states instead of a chain of tests.
            string body = string.Concat(Enumerable.Range(0, 40).Select(i => $"try {{ x += A({i}); }} catch (FormatException) {{ x--; }}\n x += A(x);\n"));
            GeneratorOutcome outcome = TestCompiler.CompileClean($$"""
                using System;
                using Stackless;
                public static partial class P
                {
                {{Callees}}
                    [Tasklet]
                    static int M(int n)
                    {
                        int x = n;
                {{body}}
                        return x;
                    }
                }
                """);
            string text = outcome.AllGenerated;
            Assert.Contains("0 => 0xAAAAAAAAAAAAAAAAUL,", text);
            Assert.Contains("1 => 0x000000000000AAAAUL,", text);
            Assembly asm = TestCompiler.Load(outcome.Output);
            object frame = asm.GetType("P")!.GetMethod("__M_CreateFrame", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!.Invoke(null, new object[] { 0 })!;
            MethodInfo mayHandleAt = frame.GetType().GetMethod("MayHandleAt", BindingFlags.Instance | BindingFlags.NonPublic)!;
            for (short state = -1; state <= 200; state++)
                Assert.True((bool)mayHandleAt.Invoke(frame, new object[] { state })! == (state % 2 == 1 && state < 80), "state " + state);
        }

        [Fact]
        public void NoOverride_WithoutATry_OrWithoutACallOutsideOne()
        {
            // No handler at all: the runtime's IL answer ("none") is as good. Every call inside a try: no call to pass by.
            Assert.Null(MayHandleAt("""
                [Tasklet]
                static long M(int n) => n == 0 ? 0 : M(n - 1) + 1;
                """, "M"));
            Assert.Null(MayHandleAt("""
                [Tasklet]
                static int M(int n)
                {
                    try { return A(n); } finally { Count++; }
                }
                """, "M"));
        }

        [Fact]
        public void ARecursionWithATryNotAroundTheCall_PassesTheCallsBy()
        {
            // The example of the task: the try suspends (resume point 1), the recursive call is outside it (2); the
            // entry step check is numbered last (3).
            Assert.Equal("resumePoint == 1", MayHandleAt("""
                [Tasklet]
                static long Down(int n)
                {
                    if (n == -1) { try { Scheduler.Schedule(); } finally { Count++; } }
                    return n == 0 ? throw new InvalidOperationException("bottom") : Down(n - 1) + 1;
                }
                """, "Down"));
        }

        // Down recurses with a try that is not around its call at most levels, and a try/finally around it at every
        // 1,000th: the frames of the first kind are passed by, the others resume, run their finally and rethrow.
        private const string DeepMembers = """
                [Tasklet]
                static long Down(int n, List<string> log)
                {
                    if (n == -1) { try { Scheduler.Schedule(); } finally { log.Add("never"); } }
                    if (n == 0) { Scheduler.Schedule(); throw new InvalidOperationException("bottom"); }
                    if (n % 1000 == 0)
                    {
                        try { return Down(n - 1, log) + 1; }
                        finally { log.Add("f" + n); }
                    }
                    return Down(n - 1, log) + 1;
                }
                [Tasklet]
                static string Top(int n)
                {
                    var log = new List<string>();
                    try { return "returned " + Down(n, log); }
                    catch (InvalidOperationException e)
                    {
                        return e.GetType().Name + " " + e.Message + " " + string.Join(",", log)
                            + (e.StackTrace!.Contains("Down") ? " thrown in Down" : " thrown elsewhere");
                    }
                }
                """;

        /// <summary>The finallys of levels 1,000, 2,000, … 100,000, innermost first (worked out by hand).</summary>
        private static string Finallys() => string.Join(",", Enumerable.Range(1, 100).Select(k => "f" + k * 1000));

        [Fact]
        public void AnException_Through100000FramesOfAMethodWithATry_RunsTheFinallysOnItsPath_AndReachesTheCatch()
        {
            // Direct: the user's own method, plain C# recursion 100,000 deep (a big stack); spawned: the frames.
            string trace = TestCompiler.OnStack(512 << 20, () => Differential.Same(DeepMembers, "Top(100000)"));
            Assert.Equal("result InvalidOperationException bottom " + Finallys() + " thrown in Down", trace);
        }

        [Fact]
        public void AKill_OfATaskletParked100000Deep_RunsTheFinallysOnItsPath_AndEndsIt_WithAShortTrace()
        {
            GeneratorOutcome outcome = TestCompiler.CompileClean("""
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using Stackless;
                public static partial class Deep
                {
                    static readonly List<string> Log = new();

                    [Tasklet]
                    static long Park(int n, Channel<int> ch)
                    {
                        if (n == -1) { try { Scheduler.Schedule(); } finally { Log.Add("never"); } }
                        if (n == 0) return ch.Receive();
                        if (n % 1000 == 0)
                        {
                            try { return Park(n - 1, ch) + 1; }
                            finally { Log.Add("f" + n); }
                        }
                        return Park(n - 1, ch) + 1;
                    }

                    [Tasklet]
                    static long Down(int n)
                    {
                        if (n == -1) { try { Scheduler.Schedule(); } finally { Log.Add("never"); } }
                        if (n == 0) throw new InvalidOperationException("bottom");
                        if (n % 1000 == 0)
                        {
                            try { return Down(n - 1) + 1; }
                            finally { Log.Add("d" + n); }
                        }
                        return Down(n - 1) + 1;
                    }

                    public static string Run()
                    {
                        var ch = new Channel<int>();
                        Tasklet<long> park = SpawnPark(100_000, ch);
                        Scheduler.Run();
                        bool parked = park.IsAlive;
                        park.Kill();
                        Scheduler.Run();
                        string kill = "parked " + parked + ", after the kill alive " + park.IsAlive + ", receivers " + -ch.Balance
                            + ", " + string.Join(",", Log);
                        Log.Clear();
                        Tasklet<long> down = SpawnDown(100_000);
                        string thrown;
                        try { Scheduler.Run(); thrown = "returned " + down.Result; }
                        catch (InvalidOperationException e)
                        {
                            // One part per frame that resumed and rethrew (the 100 finallys), not one per level.
                            int parts = e.StackTrace!.Split('\n').Length;
                            thrown = e.Message + " " + string.Join(",", Log) + ", trace lines " + (parts < 2000 ? "< 2,000" : parts.ToString());
                        }
                        return kill + "; " + thrown;
                    }
                }
                """);
            Assembly asm = TestCompiler.Load(outcome.Output);
            string result = "";
            // A small native stack: the frames are on the heap, and an exception through them does not recurse.
            var thread = new Thread(() => result = (string)asm.GetType("Deep")!.GetMethod("Run")!.Invoke(null, null)!, 256 * 1024);
            thread.Start();
            thread.Join();
            Assert.Equal("parked True, after the kill alive False, receivers 0, " + Finallys()
                + "; bottom " + Finallys().Replace("f", "d") + ", trace lines < 2,000", result);
        }
    }
}
