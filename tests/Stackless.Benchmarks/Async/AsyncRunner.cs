using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Stackless.Benchmarks.Quick;

namespace Stackless.Benchmarks.Async
{
    /// <summary>
    /// <c>--async</c>: (1) an await round trip — a task completed on another thread, until the awaiting tasklet runs
    /// again — beside the same in an async method; (2) several cores — a two-stage pipeline whose stages exchange
    /// items over async channel operations, on one TaskletThread and on two. Medians of 5 runs, wall clock.
    /// </summary>
    internal static class AsyncRunner
    {
        public static int Run(string[] args)
        {
            Console.WriteLine($"Stackless async runner: median of 5 runs, wall clock, {Environment.ProcessorCount} cores, .NET {Environment.Version}; load average {LoadAverage()}");
            Console.WriteLine();
            Console.WriteLine("| measure | ns per operation |");
            Console.WriteLine("|---|---:|");
            const int awaits = 20_000;
            Row("await round trip: Tasklet.Await in a [Tasklet], completed on another thread", () => TaskletAwaits(awaits), awaits);
            Row("the same in an async method (continuation inline on the completing thread)", () => AsyncAwaits(awaits, continueAsynchronously: false), awaits);
            Row("the same in an async method (RunContinuationsAsynchronously: thread-pool hop)", () => AsyncAwaits(awaits, continueAsynchronously: true), awaits);
            Console.WriteLine();
            Console.WriteLine("| pipeline (2 stages, 4 tasklets each, items handed over with Tasklet.Await(ch.SendAsync)) | work per item and stage | 1 TaskletThread (µs/item) | 2 TaskletThreads (µs/item) | speed-up |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (int work in new[] { 0, 2_000, 20_000 })
            {
                int items = work == 0 ? 100_000 : work == 2_000 ? 40_000 : 5_000;
                double one = Median(() => Pipeline(1, items, work)) / items / 1000;
                double two = Median(() => Pipeline(2, items, work)) / items / 1000;
                Console.WriteLine($"| {items:N0} items | {work:N0} LCG steps | {one:F2} | {two:F2} | {one / two:F2}x |");
            }
            Console.WriteLine();
            Console.WriteLine($"load average after: {LoadAverage()}");
            return 0;
        }

        private static void Row(string title, Func<double> runNs, int operations)
        {
            double ns = Median(runNs) / operations;
            Console.WriteLine($"| {title} | {ns:F0} |");
        }

        private static double Median(Func<double> run)
        {
            run(); // warm-up
            var values = new List<double>();
            for (int i = 0; i < 5; i++)
                values.Add(run());
            return Timing.Median(values);
        }

        /// <summary>Total ns for <paramref name="count"/> awaits by a tasklet of a fresh thread's scheduler.</summary>
        private static double TaskletAwaits(int count)
        {
            double ns = 0;
            var thread = new Thread(() =>
            {
                using var completer = new Completer(continueAsynchronously: false);
                AsyncTasklets.SpawnAwaitLoop(completer, count);
                long start = Stopwatch.GetTimestamp();
                Scheduler.Run();
                ns = (Stopwatch.GetTimestamp() - start) * 1e9 / Stopwatch.Frequency;
            });
            thread.Start();
            thread.Join();
            return ns;
        }

        private static double AsyncAwaits(int count, bool continueAsynchronously)
        {
            using var completer = new Completer(continueAsynchronously);
            long start = Stopwatch.GetTimestamp();
            Loop(completer, count).Wait();
            return (Stopwatch.GetTimestamp() - start) * 1e9 / Stopwatch.Frequency;

            static async Task Loop(Completer c, int n)
            {
                for (int i = 0; i < n; i++)
                    await c.Next();
            }
        }

        /// <summary>Total ns to push <paramref name="items"/> through both stages with the stages on <paramref name="threads"/> TaskletThreads.</summary>
        private static double Pipeline(int threads, int items, int work)
        {
            const int perStage = 4;
            var stage1 = TaskletThread.Start("stage 1");
            var stage2 = threads == 2 ? TaskletThread.Start("stage 2") : stage1;
            var channel = new Channel<long>();
            var tally = new PipelineTally(items);
            var ready = new ManualResetEventSlim();
            stage2.Post(() =>
            {
                for (int k = 0; k < perStage; k++)
                    AsyncTasklets.SpawnConsume(channel, work, tally);
                Scheduler.Run(); // the consumers now wait on the channel, which belongs to this thread
                ready.Set();
            });
            ready.Wait();
            long start = Stopwatch.GetTimestamp();
            stage1.Post(() =>
            {
                for (int k = 0; k < perStage; k++)
                    AsyncTasklets.SpawnProduce(channel, k * (items / perStage), items / perStage, work);
            });
            tally.Done.Task.Wait();
            double ns = (Stopwatch.GetTimestamp() - start) * 1e9 / Stopwatch.Frequency;
            stage1.Dispose();
            if (stage2 != stage1)
                stage2.Dispose();
            return ns;
        }

        private static string LoadAverage()
        {
            try { return System.IO.File.ReadAllText("/proc/loadavg").Split(' ')[0..3] is var p ? string.Join(" ", p) : "?"; }
            catch (Exception) { return "?"; }
        }
    }
}
