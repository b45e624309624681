using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Stackless.Benchmarks.Frames;
using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Workloads
{
    /// <summary>
    /// design.md §6 v2: 1,000,000 tasklets asleep at once, each sleeping a few times for 1-1,000 ms (spread so the
    /// timer heap is exercised, not a FIFO), under virtual time. An operation is one wake plus the sleep that follows it.
    /// </summary>
    internal static class SleepersWorkload
    {
        /// <summary>Tasklet <paramref name="i"/>'s delay: 1-1,000 ms, spread over the tasklets.</summary>
        public static TimeSpan Delay(int i) => TimeSpan.FromMilliseconds(1 + (i * 7919L) % 1000);

        /// <summary>Spawns <paramref name="sleepers"/> tasklets that each sleep <paramref name="rounds"/> times, and runs them all to their first sleep.</summary>
        public static void SpawnAsleep(int sleepers, int rounds)
        {
            Scheduler.VirtualTime = true;
            for (int i = 0; i < sleepers; i++)
                TaskletFrame.Spawn(new SleepLoopFrame(Delay(i), rounds));
            Scheduler.Schedule(); // every tasklet runs until its first sleep
            if (Scheduler.RunCount != 1)
                throw new InvalidOperationException("every sleeper should be asleep");
        }

        /// <summary>Runs the sleepers of <see cref="SpawnAsleep"/> to the end: <c>sleepers × rounds</c> wakes.</summary>
        public static void WakeAll(int sleepers, int rounds)
        {
            TimeSpan start = Scheduler.Now;
            Scheduler.Run();
            TimeSpan expected = start + Delay(LongestDelayIndex(sleepers)) * rounds;
            if (Scheduler.Now != expected)
                throw new InvalidOperationException($"virtual clock at {Scheduler.Now}, expected {expected}: the workload is wrong");
        }

        private static int LongestDelayIndex(int sleepers)
        {
            int best = 0;
            for (int i = 1; i < Math.Min(sleepers, 1000); i++)
                if (Delay(i) > Delay(best)) best = i;
            return best;
        }

        /// <summary>Ns per sleep + wake for one run (the spawn and first sleep are not timed).</summary>
        public static double Measure(int sleepers, int rounds, Func<Action, long, double> nsPerOp)
        {
            SpawnAsleep(sleepers, rounds);
            return nsPerOp(() => WakeAll(sleepers, rounds), (long)sleepers * rounds);
        }

        /// <summary>
        /// The C# comparison: tasks awaiting <c>Task.Delay</c> of 1-10 ms in real time (no virtual time in .NET's
        /// timers): the wall-clock time per delay, which includes the waiting, so it is an upper bound of the cost.
        /// </summary>
        public static double Baseline(int tasks, int rounds)
        {
            var all = new Task[tasks];
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < tasks; i++)
                all[i] = DelayLoop(1 + (i * 7919) % 10, rounds);
            Task.WaitAll(all);
            long ticks = Stopwatch.GetTimestamp() - start;
            return ticks * (1e9 / Stopwatch.Frequency) / ((long)tasks * rounds);
        }

        private static async Task DelayLoop(int ms, int rounds)
        {
            for (int r = 0; r < rounds; r++)
                await Task.Delay(ms);
        }
    }
}
