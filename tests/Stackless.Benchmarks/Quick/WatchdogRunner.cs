using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Stackless.Benchmarks.Frames;
using Stackless.Benchmarks.Workloads;
using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Quick
{
    /// <summary>
    /// <c>--watchdog</c> [rounds] [--only text]: step checks on vs off, A/B in one process, alternating off and on in every round, timed with
    /// the thread's CPU clock (this machine is shared: wall time counts other processes' turns). Prints the minimum and the
    /// median of each, and the ratio of the minima (the least disturbed runs); the bar is ≤ 1.05.
    /// </summary>
    internal static class WatchdogRunner
    {
        /// <summary>Iterations of the tight loop per run (<c>--arith-n N</c>: fewer, with more rounds, lets the JIT's tier-1 code of MoveNext run instead of its on-stack-replacement code).</summary>
        private static int ArithN = 50_000_000;
        private const int RingPasses = 2_000_000;
        private const int SwitchesEach = 1_000_000;
        private const int RoundTrips = 500_000;

        public static int Run(string[] args)
        {
            int shapeAt = Array.IndexOf(args, "--schedule-shape");
            int inliningAt = Array.IndexOf(args, "--inlining");
            using var inlining = inliningAt >= 0 && inliningAt + 1 < args.Length ? new InliningListener(args[inliningAt + 1]) : null;
            if (shapeAt >= 0 && shapeAt + 1 < args.Length)
                return ScheduleShape(args[shapeAt + 1]);
            int rounds = args.Length > 0 && int.TryParse(args[0], out int r) ? r : 11;
            int arithAt = Array.IndexOf(args, "--arith-n");
            int warmAt = Array.IndexOf(args, "--warm");
            if (warmAt >= 0 && warmAt + 1 < args.Length)
                warmRuns = int.Parse(args[warmAt + 1], System.Globalization.CultureInfo.InvariantCulture);
            if (arithAt >= 0 && arithAt + 1 < args.Length)
                ArithN = int.Parse(args[arithAt + 1], System.Globalization.CultureInfo.InvariantCulture);
            int onlyAt = Array.IndexOf(args, "--only");
            only = onlyAt >= 0 && onlyAt + 1 < args.Length ? args[onlyAt + 1] : null;
            Timing.ThreadCpu = true;
            Console.WriteLine($"watchdog checks on vs off: thread CPU time, {rounds} alternating rounds, load average {LoadAverage()}");
            long expected = WatchdogWorkload.ArithExpected(ArithN);
            Row("thread-ring 503, generated, ns per pass", rounds, RingPasses,
                checks => Check(WatchdogWorkload.Ring(checks, 503, RingPasses), RingPasses % 503));
            Row("Schedule() switch, 2 tasklets, generated, ns per switch", rounds, 2 * SwitchesEach,
                checks => WatchdogWorkload.ScheduleLoop(checks, 2, SwitchesEach));
            Row("ping-pong, generated, ns per round trip", rounds, RoundTrips,
                checks => WatchdogWorkload.PingPong(checks, RoundTrips));
            Row("tight arithmetic loop, generated, ns per iteration", rounds, ArithN,
                checks => Check(WatchdogWorkload.Arith(checks, ArithN), expected));
            Row("tight arithmetic loop in a lock (counted, not checked), generated, ns per iteration", rounds, ArithN,
                counted => Check(WatchdogWorkload.ArithLocked(counted, ArithN), expected));
            Row("tight arithmetic loop, hand-written frames, ns per iteration", rounds, ArithN,
                checks => Check(WatchdogWorkload.ArithFrames(checks, ArithN), expected));
            Shapes("tight arithmetic loop, hand-written shapes of the check, ns per iteration", rounds, ArithN,
                Enum.GetValues<ArithLoopShape>().Select(shape => (shape.ToString(), (Action)(() => Check(WatchdogWorkload.ArithShape(shape, ArithN), expected)))).ToArray());
            Row("thread-ring 503, hand-written frames, ns per pass", rounds, RingPasses,
                checks => Check(WatchdogWorkload.RingFrames(checks, 503, RingPasses), RingPasses % 503));
            Console.WriteLine($"(load average at the end {LoadAverage()})");
            return 0;
        }

        /// <summary>
        /// <c>--schedule-shape NAME</c>: the Schedule() loop of 2 tasklets in one hand-written shape of its checks
        /// (Frames/ScheduleShapeFrames.cs), alone in this process so that Pump's call of MoveNext sees one frame type, as in
        /// the quick runner's schedule-2 row; thread CPU clock, minimum of 7 runs after a warm-up. Run the shapes in
        /// alternating processes.
        /// </summary>
        private static int ScheduleShape(string name)
        {
            Func<int, Tasklet> spawn = name switch
            {
                "resume-block" => n => TaskletFrame.Spawn(new ScheduleLoopResumeBlockFrame(n)),
                "reentrant" => n => TaskletFrame.Spawn(new ScheduleLoopReentrantFrame(n)),
                "resume-in-case" => n => TaskletFrame.Spawn(new ScheduleLoopResumeInCaseFrame(n)),
                "unchecked" => n => TaskletFrame.Spawn(new ScheduleLoopUncheckedFrame(n)),
                "backedge-reentrant" => n => TaskletFrame.Spawn(new ScheduleLoopBackEdgeOnlyFrame(n)),
                "backedge-block" => n => TaskletFrame.Spawn(new ScheduleLoopBackEdgeBlockFrame(n)),
                _ => throw new ArgumentException("shapes: resume-block, reentrant, resume-in-case, unchecked"),
            };
            Timing.ThreadCpu = true;
            void Run()
            {
                spawn(SwitchesEach);
                spawn(SwitchesEach);
                Scheduler.Run();
            }
            var warm = System.Diagnostics.Stopwatch.StartNew();
            while (warm.ElapsedMilliseconds < 250)
                Run();
            var times = new List<double>();
            for (int i = 0; i < 7; i++)
                times.Add(Timing.NsPerOp(Run, 2 * SwitchesEach));
            Console.WriteLine($"{name}: {times.Min():F2} ns per switch (median {Timing.Median(times):F2}), load average {LoadAverage()}");
            return 0;
        }

        /// <summary><c>--warm K</c>: runs of each shape before measuring (K of 30 or more, and a pause, let the JIT's tier-1 code replace the first code).</summary>
        private static int warmRuns = 1;

        /// <summary><c>--only text</c>: the rows whose title contains it.</summary>
        private static string? only;

        private static bool Skipped(string title) => only != null && !title.Contains(only, StringComparison.Ordinal);

        private static void Row(string title, int rounds, long operations, Action<bool> run)
        {
            if (Skipped(title))
                return;
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

        /// <summary>Several shapes of one workload, the first the reference, each run once per round in turn.</summary>
        private static void Shapes(string title, int rounds, long operations, (string Name, Action Run)[] shapes)
        {
            if (Skipped(title))
                return;
            for (int w = 0; w < warmRuns; w++)
                foreach ((string _, Action run) in shapes)
                    run();
            if (warmRuns > 1)
                System.Threading.Thread.Sleep(500); // the tier-1 compilations run in the background
            var times = shapes.Select(_ => new List<double>()).ToArray();
            for (int i = 0; i < rounds; i++)
                for (int k = 0; k < shapes.Length; k++)
                    times[k].Add(Timing.NsPerOp(shapes[k].Run, operations));
            double refMin = times[0].Min(), refMedian = Timing.Median(times[0]);
            Console.WriteLine($"{title}:");
            for (int k = 0; k < shapes.Length; k++)
                Console.WriteLine($"  {shapes[k].Name}: {times[k].Min():F3} (median {Timing.Median(times[k]):F3}), /{shapes[0].Name} {times[k].Min() / refMin:F3} (medians {Timing.Median(times[k]) / refMedian:F3})");
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
