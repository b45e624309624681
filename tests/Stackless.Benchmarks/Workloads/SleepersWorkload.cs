using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Stackless.Benchmarks.Frames;
using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Workloads
{
    /// <summary>
    /// design.md §6 v2: 1,000,000 tasklets asleep at once, each sleeping a few times under virtual time. An operation
    /// is one wake plus the sleep that follows it. Two shapes: every tasklet sleeping the same delay (wakes come in
    /// the order they slept: the timer heap works as a FIFO), and delays spread over 1-1,000 ms (wakes in an order
    /// unrelated to memory: every wake touches a tasklet and heap entries far from the last ones).
    /// </summary>
    internal static class SleepersWorkload
    {
        /// <summary>Tasklet <paramref name="i"/>'s delay: 1-1,000 ms, spread over the tasklets; or 10 ms for all.</summary>
        public static TimeSpan Delay(int i, bool spread = true) => TimeSpan.FromMilliseconds(spread ? 1 + (i * 7919L) % 1000 : 10);

        /// <summary>Spawns <paramref name="sleepers"/> tasklets that each sleep <paramref name="rounds"/> times, and runs them all to their first sleep.</summary>
        public static void SpawnAsleep(int sleepers, int rounds, bool spread = true)
        {
            Scheduler.VirtualTime = true;
            for (int i = 0; i < sleepers; i++)
                TaskletFrame.Spawn(new SleepLoopFrame(Delay(i, spread), rounds));
            Scheduler.Schedule(); // every tasklet runs until its first sleep
            if (Scheduler.RunCount != 1)
                throw new InvalidOperationException("every sleeper should be asleep");
        }

        /// <summary>Runs the sleepers of <see cref="SpawnAsleep"/> to the end: <c>sleepers × rounds</c> wakes.</summary>
        public static void WakeAll(int sleepers, int rounds, bool spread = true)
        {
            TimeSpan start = Scheduler.Now;
            Scheduler.Run();
            TimeSpan expected = start + (spread ? Delay(LongestDelayIndex(sleepers)) : Delay(0, spread: false)) * rounds;
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
        public static double Measure(int sleepers, int rounds, Func<Action, long, double> nsPerOp, bool spread = true)
        {
            SpawnAsleep(sleepers, rounds, spread);
            return nsPerOp(() => WakeAll(sleepers, rounds, spread), (long)sleepers * rounds);
        }

        /// <summary>
        /// A simulation's timers (the bank model's): <paramref name="sleepers"/> tasklets sleeping random delays, so
        /// nearly every timer has a due time of its own and the heap holds a handful of instants. Ns per sleep + wake.
        /// </summary>
        public static double MeasureRandom(int sleepers, int rounds, Func<Action, long, double> nsPerOp)
        {
            Scheduler.VirtualTime = true;
            for (int i = 0; i < sleepers; i++)
                TaskletFrame.Spawn(new RandomSleepFrame(0x9E3779B97F4A7C15UL * (ulong)(i + 1), rounds));
            return nsPerOp(() => Scheduler.Run(), (long)sleepers * rounds);
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
