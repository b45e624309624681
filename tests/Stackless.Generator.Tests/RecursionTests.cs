using System.Reflection;
using System.Threading;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    public class RecursionTests
    {
        [Fact]
        public void RecursionOneMillionDeep_ThroughAGeneratedTasklet_Completes()
        {
            GeneratorOutcome outcome = TestCompiler.CompileClean("""
                using Stackless;
                public static partial class Deep
                {
                    [Tasklet]
                    static long Depth(int n) => n == 0 ? 0 : Depth(n - 1) + 1;

                    [Tasklet]
                    static long SumTo(int n)
                    {
                        if (n == 0) return 0;
                        long rest = SumTo(n - 1);
                        return rest + n;
                    }

                    public static string Run()
                    {
                        Tasklet<long> depth = SpawnDepth(1_000_000);
                        Tasklet<long> sum = SpawnSumTo(1_000_000);
                        Scheduler.Run();
                        return depth.Result + " " + sum.Result;
                    }
                }
                """);
            Assembly asm = TestCompiler.Load(outcome.Output);
            string result = "";
            // A small native stack proves the trampoline: the frames live on the heap.
            var thread = new Thread(() => result = (string)asm.GetType("Deep")!.GetMethod("Run")!.Invoke(null, null)!, 256 * 1024);
            thread.Start();
            thread.Join();
            Assert.Equal("1000000 500000500000", result);
        }

        [Fact]
        public void AnExceptionAndAKill_ThroughAMillionFrames_ReachTheirEnd()
        {
            // Before session 11 each frame rethrew the exception and copied its stack trace so far: 51 s through 30,000
            // frames, so a million never finished. Frames without a handler are now passed by.
            GeneratorOutcome outcome = TestCompiler.CompileClean("""
                using System;
                using Stackless;
                public static partial class Deep
                {
                    [Tasklet]
                    static long Down(int n) => n == 0 ? throw new FormatException("bottom") : Down(n - 1) + 1;

                    [Tasklet]
                    static string Top(int n)
                    {
                        try { return "returned " + Down(n); }
                        catch (FormatException e) { return "caught " + e.Message + " from " + (e.StackTrace!.Contains("Down") ? "Down" : "?"); }
                    }

                    [Tasklet]
                    static long Park(int n, Channel<int> ch) => n == 0 ? ch.Receive() : Park(n - 1, ch) + 1;

                    public static string Run()
                    {
                        Tasklet<string> top = SpawnTop(1_000_000);
                        var ch = new Channel<int>();
                        Tasklet<long> park = SpawnPark(1_000_000, ch);
                        Scheduler.Run();
                        bool parked = park.IsAlive;
                        park.Kill();
                        Scheduler.Run();
                        return top.Result + "; parked " + parked + ", after the kill alive " + park.IsAlive + ", receivers " + -ch.Balance;
                    }
                }
                """);
            Assembly asm = TestCompiler.Load(outcome.Output);
            string result = "";
            var thread = new Thread(() => result = (string)asm.GetType("Deep")!.GetMethod("Run")!.Invoke(null, null)!, 256 * 1024);
            thread.Start();
            thread.Join();
            Assert.Equal("caught bottom from Down; parked True, after the kill alive False, receivers 0", result);
        }
    }
}
