using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Stackless.Benchmarks.Workloads;

namespace Stackless.Benchmarks.Quick
{
    /// <summary>
    /// <c>--watchdog</c> [rounds]: step checks on vs off, A/B in one process, alternating off and on in every round, timed with
    /// the thread's CPU clock (this machine is shared: wall time counts other processes' turns). Prints the minimum and the
    /// median of each, and the ratio of the minima (the least disturbed runs); the bar is ≤ 1.05.
    /// </summary>
    internal static class WatchdogRunner
    {
        private const int ArithN = 50_000_000;
        private const int RingPasses = 2_000_000;
        private const int SwitchesEach = 1_000_000;
        private const int RoundTrips = 500_000;

        public static int Run(string[] args)
        {
            int rounds = args.Length > 0 && int.TryParse(args[0], out int r) ? r : 11;
            Timing.ThreadCpu = true;
            Console.WriteLine($"watchdog checks on vs off: thread CPU time, {rounds} alternating rounds, load average {LoadAverage()}");
            long expected = WatchdogWorkload.ArithExpected(ArithN);
            Row("thread-ring 503, generated, ns per pass", rounds, RingPasses,
                checks => Check(WatchdogWorkload.Ring(checks, 503, RingPasses), RingPasses % 503));
            Row("Schedule() switch, 2 tasklets, generated, ns per switch", rounds, 2 * SwitchesEach,
                checks => WatchdogWorkload.ScheduleLoop(checks, 2, SwitchesEach));
            Row("ping-pong, generated, ns per round trip", rounds, RoundTrips,
                checks => WatchdogWorkload.PingPong(checks, RoundTrips));
            Row("tight arithmetic loop, generated (a loop that does not suspend gets no check yet), ns per iteration", rounds, ArithN,
                checks => Check(WatchdogWorkload.Arith(checks, ArithN), expected));
            Row("tight arithmetic loop, hand-written frames, ns per iteration", rounds, ArithN,
                checks => Check(WatchdogWorkload.ArithFrames(checks, ArithN), expected));
            Row("thread-ring 503, hand-written frames, ns per pass", rounds, RingPasses,
                checks => Check(WatchdogWorkload.RingFrames(checks, 503, RingPasses), RingPasses % 503));
            Console.WriteLine($"(load average at the end {LoadAverage()})");
            return 0;
        }

        private static void Row(string title, int rounds, long operations, Action<bool> run)
        {
            run(false);
            run(true);
            var off = new List<double>();
            var on = new List<double>();
            for (int i = 0; i < rounds; i++)
            {
                off.Add(Timing.NsPerOp(() => run(false), operations));
                on.Add(Timing.NsPerOp(() => run(true), operations));
            }
            double offMin = off.Min(), onMin = on.Min();
            Console.WriteLine($"{title}: off {offMin:F3} (median {Timing.Median(off):F3}), on {onMin:F3} (median {Timing.Median(on):F3}), on/off {onMin / offMin:F3} (medians {Timing.Median(on) / Timing.Median(off):F3})");
        }

        private static void Check<T>(T actual, T expected)
        {
            if (!EqualityComparer<T>.Default.Equals(actual, expected))
                throw new InvalidOperationException($"wrong result {actual}, expected {expected}");
        }

        private static string LoadAverage()
        {
            try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]); }
            catch (IOException) { return "unknown"; }
        }
    }
}
