using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Stackless.Benchmarks.Workloads;

namespace Stackless.Benchmarks.Quick
{
    /// <summary>
    /// <c>--quick</c>: every row of design.md §6 measured with Stopwatch, median of several runs (this machine is
    /// noisy), ours and the C# Task + System.Threading.Channels baseline alternating, in well under a minute.
    /// BenchmarkDotNet (the default mode) is the careful measurement; this is the fast loop for iterating.
    /// </summary>
    internal static class QuickRunner
    {
        private const int Runs = 7;
        private static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(250);

        public static int Run(string[] args)
        {
            string? tsvPath = null;
            string? only = null;
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] == "--tsv" && i + 1 < args.Length) tsvPath = args[++i];
                else if (args[i] == "--only" && i + 1 < args.Length) only = args[++i];
                else if (args[i] == "--cpu") Timing.ThreadCpu = true;
            }

            Console.WriteLine($"Stackless quick runner: {(Timing.ThreadCpu ? $"thread CPU clock, minimum of {Runs} runs (ours and floor; the C# column is wall clock and not comparable)" : $"median of {Runs} runs per cell, Stopwatch")}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
            Console.WriteLine();
            var total = Stopwatch.StartNew();
            var rows = new List<(Measure m, double ours, double baseline, double? floor)>();
            foreach (Measure m in Measures())
            {
                if (only != null && !m.Key.Contains(only, StringComparison.Ordinal))
                    continue;
                (double ours, double baseline, double? floor) = MeasureRow(m);
                rows.Add((m, ours, baseline, floor));
                Console.Error.WriteLine($"  measured {m.Key}: ours {ours:F1} ns, floor {floor:F1} ns, baseline {baseline:F1} ns");
            }

            PrintTable(rows);
            Console.WriteLine();
            Console.WriteLine($"(quick run took {total.Elapsed.TotalSeconds:F1} s; ours = generated [Tasklet] code; 'met?' = at or under the §6 bar and at least 10x the C# baseline; load average {LoadAverage()})");

            if (tsvPath != null)
            {
                using var w = new StreamWriter(tsvPath);
                foreach (var (m, ours, baseline, floor) in rows)
                    w.WriteLine(string.Join('\t', m.Key, F(ours), F(baseline), m.BaselineName, floor is double fl ? F(fl) : ""));
            }
            return 0;
        }

        private static string LoadAverage()
        {
            try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]); }
            catch (IOException) { return "unknown"; }
        }

        private static string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);

        private static (double ours, double baseline, double? floor) MeasureRow(Measure m)
        {
            WarmUpOne(m.Ours);
            WarmUpOne(m.Baseline);
            if (m.Floor != null) WarmUpOne(m.Floor);
            var ours = new List<double>();
            var baseline = new List<double>();
            var floor = new List<double>();
            for (int r = 0; r < Runs; r++)
            {
                ours.Add(m.Ours());
                baseline.Add(m.Baseline());
                if (m.Floor != null) floor.Add(m.Floor());
            }
            return (Timing.Summary(ours), Timing.Median(baseline), m.Floor != null ? Timing.Summary(floor) : null);
        }

        /// <summary>Runs until the JIT has had time to promote the hot methods to tier 1 (its call-counting delay is 100 ms).</summary>
        private static void WarmUpOne(Func<double> run)
        {
            var sw = Stopwatch.StartNew();
            int n = 0;
            while (sw.Elapsed < WarmUp || n < 2)
            {
                run();
                n++;
            }
        }

        private static void PrintTable(List<(Measure m, double ours, double baseline, double? floor)> rows)
        {
            const string header = "| measure | ours (ns) | hand-written floor (ns) | C# baseline (ns) | baseline | ratio | bar | met? |";
            Console.WriteLine(header);
            Console.WriteLine("|---|---:|---:|---:|---|---:|---:|---|");
            foreach (var (m, ours, baseline, floor) in rows)
            {
                double ratio = baseline / ours;
                string bar = m.BarNs is double b ? $"≤ {b:0.#}" : "—";
                string met = m.BarNs is double bar2
                    ? (ours <= bar2 && ratio >= 10 ? "yes" : ours <= bar2 ? "bar yes, 10x no" : ratio >= 10 ? "10x yes, bar no" : "no")
                    : (ratio >= 10 ? "(10x yes)" : "(10x no)");
                string fl = floor is double f ? f.ToString("F1", CultureInfo.InvariantCulture) : "—";
                Console.WriteLine($"| {m.Title} | {ours:F1} | {fl} | {baseline:F1} | {m.BaselineName} | {ratio:F1}x | {bar} | {met} |");
            }
        }

        // ---- the rows ----

        private const int RecursionDepth = 1_000_000;
        private const int NativeRecursionDepth = 10_000;

        internal static IEnumerable<Measure> Measures()
        {
            yield return new Measure("schedule-2", "Schedule() switch, 2 tasklets",
                () => Timing.NsPerOp(() => ScheduleSwitchWorkload.Ours(2, 1_000_000), 2_000_000),
                () => Timing.NsPerOp(() => ScheduleSwitchWorkload.Baseline(2, 100_000), 200_000),
                "await Task.Yield()", 11,
                () => Timing.NsPerOp(() => ScheduleSwitchWorkload.Floor(2, 1_000_000), 2_000_000));
            yield return new Measure("schedule-1000", "Schedule() switch, 1,000 tasklets",
                () => Timing.NsPerOp(() => ScheduleSwitchWorkload.Ours(1_000, 2_000), 2_000_000),
                () => Timing.NsPerOp(() => ScheduleSwitchWorkload.Baseline(1_000, 200), 200_000),
                "await Task.Yield()", 11,
                () => Timing.NsPerOp(() => ScheduleSwitchWorkload.Floor(1_000, 2_000), 2_000_000));
            yield return new Measure("pingpong", "ping-pong round trip",
                () => Timing.NsPerOp(() => PingPongWorkload.Ours(1, 500_000), 500_000),
                () => Timing.NsPerOp(() => PingPongWorkload.BaselineUnbounded(1, 50_000), 50_000),
                "Channel unbounded SRSW", 55,
                () => Timing.NsPerOp(() => PingPongWorkload.Floor(1, 500_000), 500_000));
            yield return new Measure("pingpong-bounded", "ping-pong round trip (vs bounded(1))",
                () => Timing.NsPerOp(() => PingPongWorkload.Ours(1, 500_000), 500_000),
                () => Timing.NsPerOp(() => PingPongWorkload.BaselineBounded(1, 50_000), 50_000),
                "Channel bounded(1)", 55);
            yield return new Measure("pingpong-1000pairs", "ping-pong, 1,000 pairs at once, per round trip",
                () => Timing.NsPerOp(() => PingPongWorkload.Ours(1_000, 500), 500_000),
                () => Timing.NsPerOp(() => PingPongWorkload.BaselineUnbounded(1_000, 50), 50_000),
                "Channel unbounded SRSW", null,
                () => Timing.NsPerOp(() => PingPongWorkload.Floor(1_000, 500), 500_000));
            yield return new Measure("select-2", "select over 2 channels, one ready, round trip",
                () => Timing.NsPerOp(() => SelectWorkload.Ours(500_000), 500_000),
                () => Timing.NsPerOp(() => SelectWorkload.Baseline(50_000), 50_000),
                "ReadAsync(quit token)", null,
                () => Timing.NsPerOp(() => SelectWorkload.Floor(500_000), 500_000));
            yield return new Measure("threadring", "thread-ring 503, per pass",
                () => Timing.NsPerOp(() => Check(ThreadRingWorkload.Ours(503, 2_000_000), 2_000_000 % 503), 2_000_000),
                () => Timing.NsPerOp(() => Check(ThreadRingWorkload.Baseline(503, 200_000), 200_000 % 503), 200_000),
                "Channel unbounded SRSW", 27,
                () => Timing.NsPerOp(() => Check(ThreadRingWorkload.Floor(503, 2_000_000), 2_000_000 % 503), 2_000_000));
            yield return new Measure("spawn-park", "spawn a tasklet that blocks on receive (warm)",
                () => SpawnParkOurs(SpawnParkWorkload.OursSpawn), SpawnParkBaseline, "async Task + ReadAsync", 100,
                () => SpawnParkOurs(SpawnParkWorkload.FloorSpawn));
            yield return new Measure("recursion", "recursion 1,000,000 frames deep, per frame",
                () => Timing.NsPerOp(() => Check(DeepRecursionWorkload.Ours(RecursionDepth), RecursionDepth), RecursionDepth),
                () => Timing.NsPerOp(() =>
                {
                    for (int i = 0; i < 20; i++)
                        Check(DeepRecursionWorkload.Async(NativeRecursionDepth).GetAwaiter().GetResult(), NativeRecursionDepth);
                }, 20L * NativeRecursionDepth),
                "async recursion, 10k deep", 50,
                () => Timing.NsPerOp(() => Check(DeepRecursionWorkload.Floor(RecursionDepth), RecursionDepth), RecursionDepth));
            yield return new Measure("recursion-10k", "recursion 10,000 frames deep (x100), per frame",
                () => Timing.NsPerOp(() =>
                {
                    for (int i = 0; i < 100; i++)
                        Check(DeepRecursionWorkload.Ours(NativeRecursionDepth), NativeRecursionDepth);
                }, 100L * NativeRecursionDepth),
                () => Timing.NsPerOp(() =>
                {
                    for (int i = 0; i < 100; i++)
                        Check(DeepRecursionWorkload.Async(NativeRecursionDepth).GetAwaiter().GetResult(), NativeRecursionDepth);
                }, 100L * NativeRecursionDepth),
                "async recursion, 10k deep", null,
                () => Timing.NsPerOp(() =>
                {
                    for (int i = 0; i < 100; i++)
                        Check(DeepRecursionWorkload.Floor(NativeRecursionDepth), NativeRecursionDepth);
                }, 100L * NativeRecursionDepth));
            yield return new Measure("recursion-plain", "recursion per frame (vs plain recursion)",
                () => Timing.NsPerOp(() => Check(DeepRecursionWorkload.Ours(RecursionDepth), RecursionDepth), RecursionDepth),
                () => Timing.NsPerOp(() =>
                {
                    for (int i = 0; i < 200; i++)
                        Check(DeepRecursionWorkload.Plain(NativeRecursionDepth), NativeRecursionDepth);
                }, 200L * NativeRecursionDepth),
                "plain recursion, 10k deep", 50);
            yield return new Measure("fanin", "fan-in, 10,000 senders to 1 receiver, per message",
                () => Timing.NsPerOp(() => Check(FanInWorkload.Ours(10_000, 50), 10_000L * (49 * 50 / 2)), 500_000),
                () => Timing.NsPerOp(() => Check(FanInWorkload.BaselineBounded(10_000, 5), 10_000L * (4 * 5 / 2)), 50_000),
                "Channel bounded(1)", null,
                () => Timing.NsPerOp(() => Check(FanInWorkload.Floor(10_000, 50), 10_000L * (49 * 50 / 2)), 500_000));
            yield return new Measure("request-reply", "request/reply, a fresh reply channel per request (the client parks on it), per request",
                () => Timing.NsPerOp(() => Check(RequestReplyWorkload.Ours(300_000), RequestReplyWorkload.Expected(300_000)), 300_000),
                () => Timing.NsPerOp(() => Check(RequestReplyWorkload.Baseline(30_000), RequestReplyWorkload.Expected(30_000)), 30_000),
                "Task + fresh bounded(1) per request", null,
                () => Timing.NsPerOp(() => Check(RequestReplyWorkload.Floor(300_000), RequestReplyWorkload.Expected(300_000)), 300_000));
            yield return new Measure("sleepers-10k", "10,000 tasklets asleep, sleep + wake (virtual time; hand-written frame)",
                () => SleepersWorkload.Measure(10_000, 30, Timing.NsPerOp),
                () => SleepersWorkload.Baseline(10_000, 3),
                "await Task.Delay, 10k, wall", null);
            yield return new Measure("sleepers-4-random", "4 tasklets sleeping random delays, sleep + wake (virtual time; the bank model's timers; hand-written frame)",
                () => SleepersWorkload.MeasureRandom(4, 250_000, Timing.NsPerOp),
                () => SleepersWorkload.Baseline(10_000, 3),
                "await Task.Delay, 10k, wall", null);
            yield return new Measure("sleepers-1m-fifo", "1,000,000 tasklets asleep, same delay, sleep + wake (virtual time; hand-written frame)",
                () => SleepersWorkload.Measure(1_000_000, 3, Timing.NsPerOp, spread: false),
                () => SleepersWorkload.Baseline(100_000, 2),
                "await Task.Delay, 100k, wall", 100);
            yield return new Measure("sleepers-1m", "1,000,000 tasklets asleep, delays spread 1-1,000 ms, sleep + wake (virtual time; hand-written frame)",
                () => SleepersWorkload.Measure(1_000_000, 3, Timing.NsPerOp),
                () => SleepersWorkload.Baseline(100_000, 2),
                "await Task.Delay, 100k, wall", 100);
        }

        private const int SpawnBatch = 10_000;
        private const int SpawnRounds = 10;

        /// <summary>Spawn-and-park, warm: the timed part is spawning and running each batch until parked; waking them is not timed.</summary>
        /// <remarks>
        /// The median of the rounds, on both sides (as BenchmarkDotNet drops outliers): a round in which the collector hands out
        /// pages it had returned to the OS costs several times a warm one on a VM whose page faults are slow (~11 µs each here),
        /// and a mean of ten rounds swung from 34 to 155 ns with how many of them did (docs/benchmarks.md, issue 15, session 13).
        /// </remarks>
        private static double SpawnParkOurs(Action<Channel<int>, int> spawn)
        {
            var ch = new Channel<int>();
            var rounds = new List<double>(SpawnRounds);
            for (int r = 0; r < SpawnRounds; r++)
            {
                // --cpu: the thread's CPU clock (the collector runs on this thread: workstation GC, not concurrent).
                long start = Timing.ThreadCpu ? Timing.ThreadCpuNs() : Stopwatch.GetTimestamp();
                spawn(ch, SpawnBatch);
                long ticks = (Timing.ThreadCpu ? Timing.ThreadCpuNs() : Stopwatch.GetTimestamp()) - start;
                rounds.Add((Timing.ThreadCpu ? ticks : ticks * (1e9 / Stopwatch.Frequency)) / SpawnBatch);
                Check(-ch.Balance, SpawnBatch);
                SpawnParkWorkload.OursRelease(ch);
            }
            return Timing.Median(rounds);
        }

        private static double SpawnParkBaseline()
        {
            var tasks = new Task<int>[SpawnBatch];
            var rounds = new List<double>(SpawnRounds);
            for (int r = 0; r < SpawnRounds; r++)
            {
                var ch = SpawnParkWorkload.CreateBaselineChannel();
                long start = Stopwatch.GetTimestamp();
                SpawnParkWorkload.BaselineSpawn(ch, tasks);
                rounds.Add((Stopwatch.GetTimestamp() - start) * (1e9 / Stopwatch.Frequency) / SpawnBatch);
                SpawnParkWorkload.BaselineRelease(ch, tasks);
            }
            return Timing.Median(rounds);
        }

        private static void Check(long actual, long expected)
        {
            if (actual != expected)
                throw new InvalidOperationException($"Benchmark workload computed {actual}, expected {expected}: the workload is wrong, its timing meaningless.");
        }
    }
}
