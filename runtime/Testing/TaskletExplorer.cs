using System;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Stackless.Testing
{
    /// <summary>
    /// Exploration testing: runs a scenario many times, each on a fresh thread under a different schedule, to find the
    /// order-dependent bugs the ordinary FIFO scheduler hides; a failing schedule replays from its seed.
    /// </summary>
    /// <remarks>
    /// <para>Each run gets a fresh thread, hence a fresh scheduler, with virtual time on from 0. Its seed decides: at every
    /// switch, which runnable tasklet goes next (uniformly, main included when it is runnable); which ready case of a
    /// select fires; which of the timers that fall due together fires first (the clock stays; the rest fire at the next
    /// idle, so what they wake may run in between); and the order in which await completions taken in together are
    /// delivered. Nothing else changes: code between two suspension points still runs without interruption.</para>
    /// <para>The same seed gives the same decisions, decision for decision, as long as the scenario itself is deterministic
    /// (tasks completed by other threads arrive when they arrive; only their order among those taken in together is the
    /// explorer's). The scenario must call <see cref="Scheduler.Run()"/> (or otherwise wait) for its tasklets and check
    /// its outcome by throwing.</para>
    /// </remarks>
    public static class TaskletExplorer
    {
        /// <summary>
        /// Runs <paramref name="scenario"/> up to <paramref name="runs"/> times, each under its own random schedule drawn
        /// from <paramref name="seed"/> and the run's number, until one throws. The failure is then shrunk to the shortest
        /// schedule found that fails the same way.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="scenario"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="runs"/> is not positive.</exception>
        /// <exception cref="InvalidOperationException">Called from inside a tasklet (call it from a test, on main).</exception>
        public static ExplorationResult Explore(Action scenario, int runs = 1000, int seed = 1)
        {
            if (scenario is null) throw new ArgumentNullException(nameof(scenario));
            if (runs <= 0) throw new ArgumentOutOfRangeException(nameof(runs), runs, "The number of runs must be positive.");
            return Explore(scenario, new ExplorationOptions { Runs = runs, Seed = seed });
        }

        /// <summary>As <see cref="Explore(Action, int, int)"/>, with every option (step budget, real-time limit, shrinking).</summary>
        /// <exception cref="ArgumentNullException"><paramref name="scenario"/> or <paramref name="options"/> is null.</exception>
        /// <exception cref="InvalidOperationException">Called from inside a tasklet.</exception>
        public static ExplorationResult Explore(Action scenario, ExplorationOptions options)
        {
            if (scenario is null) throw new ArgumentNullException(nameof(scenario));
            if (options is null) throw new ArgumentNullException(nameof(options));
            RefuseInsideTasklet("TaskletExplorer.Explore()");
            for (int r = 0; r < options.Runs; r++)
            {
                int runSeed = RunSeed(options.Seed, r);
                ExplorationRun run = RunOnce(scenario, runSeed, null, options);
                if (!run.Failed)
                    continue;
                if (!options.Shrink)
                    return new ExplorationResult(r + 1, run, null, 0);
                (ExplorationSchedule? shrunk, int replays) = ScheduleShrinker.Shrink(run, prefix => RunOnce(scenario, null, prefix, options));
                return new ExplorationResult(r + 1, run, shrunk, replays);
            }
            return new ExplorationResult(options.Runs, null, null, 0);
        }

        /// <summary>
        /// Runs <paramref name="scenario"/> once under the schedule of run seed <paramref name="seed"/> (an
        /// <see cref="ExplorationResult.FailingSeed"/>), and rethrows its exception, with its own stack trace; returns if it passes.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="scenario"/> is null.</exception>
        /// <exception cref="InvalidOperationException">Called from inside a tasklet.</exception>
        public static void Replay(Action scenario, int seed) => Rethrow(Run(scenario, seed));

        /// <summary>Runs <paramref name="scenario"/> once with the choices of <paramref name="schedule"/>, then FIFO; rethrows its exception, or returns if it passes.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="scenario"/> or <paramref name="schedule"/> is null.</exception>
        /// <exception cref="InvalidOperationException">Called from inside a tasklet.</exception>
        public static void Replay(Action scenario, ExplorationSchedule schedule) => Rethrow(Run(scenario, schedule));

        /// <summary>Runs <paramref name="scenario"/> once under the schedule of <paramref name="seed"/> and says what happened (its decisions, its exception) instead of throwing.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="scenario"/> is null.</exception>
        /// <exception cref="InvalidOperationException">Called from inside a tasklet.</exception>
        public static ExplorationRun Run(Action scenario, int seed, ExplorationOptions? options = null)
        {
            if (scenario is null) throw new ArgumentNullException(nameof(scenario));
            RefuseInsideTasklet("TaskletExplorer.Run()");
            return RunOnce(scenario, seed, null, options ?? new ExplorationOptions());
        }

        /// <summary>Runs <paramref name="scenario"/> once with the choices of <paramref name="schedule"/>, then FIFO, and says what happened.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="scenario"/> or <paramref name="schedule"/> is null.</exception>
        /// <exception cref="InvalidOperationException">Called from inside a tasklet.</exception>
        public static ExplorationRun Run(Action scenario, ExplorationSchedule schedule, ExplorationOptions? options = null)
        {
            if (scenario is null) throw new ArgumentNullException(nameof(scenario));
            if (schedule is null) throw new ArgumentNullException(nameof(schedule));
            RefuseInsideTasklet("TaskletExplorer.Run()");
            return RunOnce(scenario, null, schedule.Choices(), options ?? new ExplorationOptions());
        }

        /// <summary>The seed of run <paramref name="run"/> of an exploration from <paramref name="seed"/>: SplitMix64's finaliser of both.</summary>
        internal static int RunSeed(int seed, int run)
        {
            ulong z = ((ulong)(uint)seed << 32 | (uint)run) + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(uint)z;
        }

        private static void RefuseInsideTasklet(string operation)
        {
            ThreadScheduler s = ThreadScheduler.ForCurrentThread;
            if (s.Current != s.Main)
                throw new InvalidOperationException(
                    $"{operation} was called inside {s.Current}: it runs scenarios on threads of its own and waits for them, so call it from a test (the main tasklet), not from a tasklet.");
        }

        private static void Rethrow(ExplorationRun run)
        {
            if (run.Exception != null)
                ExceptionDispatchInfo.Capture(run.Exception).Throw();
        }

        /// <summary>One run on a fresh thread: random choices from <paramref name="seed"/>, or <paramref name="choices"/> then FIFO.</summary>
        private static ExplorationRun RunOnce(Action scenario, int? seed, int[]? choices, ExplorationOptions options)
        {
            var explorer = new ScheduleExplorer(seed ?? 0, choices, options.MaxSteps, options.RunTimeout, options.MaxStepsWithoutSwitch);
            Exception? error = null;
            ThreadScheduler? scheduler = null;
            var thread = new Thread(() =>
            {
                ThreadScheduler s = ThreadScheduler.ForCurrentThread;
                Volatile.Write(ref scheduler, s);
                s.StartExploring(explorer);
                try
                {
                    scenario();
                    error = s.TakePendingError()?.SourceException; // a tasklet's error main never picked up is not lost
                }
                catch (Exception ex)
                {
                    error = ex;
                }
            })
            {
                IsBackground = true, // a run that never ends must not keep the process alive (no Name: naming a thread cost 5x its start)
            };
            thread.Start();
            if (!thread.Join(options.RunTimeout))
            {
                explorer.Abandon();
                Volatile.Read(ref scheduler)?.Wake();
                if (!thread.Join(TimeSpan.FromSeconds(1)))
                    return new ExplorationRun(seed, new ExplorationSchedule(Enumerable.Empty<ScheduleDecision>()), -1, new TimeoutException(
                        $"The scenario did not finish in {options.RunTimeout.TotalSeconds:0.###} s of real time and does not reach a suspension point " +
                        "(a loop that never switches, or a blocking call): its thread is left running in the background."));
            }
            return new ExplorationRun(seed, new ExplorationSchedule(explorer.Decisions), explorer.Steps, error);
        }
    }
}
