using System;
using System.Text;

namespace Stackless.Testing
{
    /// <summary>What <see cref="TaskletExplorer.Explore(Action, int, int)"/> found: nothing, or the first failing run and its shortest failing schedule.</summary>
    public sealed class ExplorationResult
    {
        internal ExplorationResult(int runsTried, ExplorationRun? failingRun, ExplorationSchedule? shrunkSchedule, int shrinkRuns)
        {
            RunsTried = runsTried;
            FailingRun = failingRun;
            ShrunkSchedule = shrunkSchedule;
            ShrinkRuns = shrinkRuns;
        }

        /// <summary>True if a run failed.</summary>
        public bool Failed => FailingRun != null;

        /// <summary>The seed of the failing run: <see cref="TaskletExplorer.Replay(Action, int)"/> with it runs the same schedule again.</summary>
        public int? FailingSeed => FailingRun?.Seed;

        /// <summary>The exception the failing run ended with.</summary>
        public Exception? Exception => FailingRun?.Exception;

        /// <summary>How many runs were made, the failing one included (shrinking not counted).</summary>
        public int RunsTried { get; }

        /// <summary>The failing run: its full schedule and steps.</summary>
        public ExplorationRun? FailingRun { get; }

        /// <summary>The number of decisions the failing run made.</summary>
        public int Decisions => FailingRun?.Schedule.Count ?? 0;

        /// <summary>
        /// The shortest schedule found that fails with the same type of exception: these choices, then FIFO. Replay it with
        /// <see cref="TaskletExplorer.Replay(Action, ExplorationSchedule)"/> (or <see cref="ExplorationSchedule.Parse"/> of its text).
        /// Null when nothing failed, shrinking was off, or the failure did not replay.
        /// </summary>
        public ExplorationSchedule? ShrunkSchedule { get; }

        /// <summary>How many replays shrinking took.</summary>
        public int ShrinkRuns { get; }

        /// <summary>Throws an <see cref="ExplorationFailedException"/> with <see cref="ToString"/> as its message (the scenario's exception inside) if a run failed.</summary>
        public void ThrowIfFailed()
        {
            if (Failed)
                throw new ExplorationFailedException(ToString(), Exception!);
        }

        /// <summary>A report: the seed, the exception, the decisions, and the shrunk schedule to replay.</summary>
        public override string ToString()
        {
            if (!Failed)
                return $"No failure in {RunsTried:N0} runs.";
            var b = new StringBuilder();
            b.Append($"Run {RunsTried:N0} failed (seed {FailingSeed}) after {Decisions:N0} decisions and {FailingRun!.Steps:N0} steps: ");
            b.Append(Exception!.GetType().FullName).Append(": ").Append(Exception.Message);
            b.AppendLine();
            b.Append($"Replay: TaskletExplorer.Replay(scenario, {FailingSeed})");
            if (ShrunkSchedule != null)
            {
                b.AppendLine();
                b.Append($"Shrunk to {ShrunkSchedule.Count:N0} decision{(ShrunkSchedule.Count == 1 ? "" : "s")} ({ShrunkSchedule.Deviations} away from FIFO) in {ShrinkRuns} replays: ");
                b.Append($"TaskletExplorer.Replay(scenario, ExplorationSchedule.Parse(\"{ShrunkSchedule}\"))");
                if (ShrunkSchedule.Count > 0)
                    b.Append(" — ").Append(string.Join(", ", ShrunkSchedule.Decisions));
            }
            return b.ToString();
        }
    }

    /// <summary>An exploration found a schedule under which the scenario fails (<see cref="ExplorationResult.ThrowIfFailed"/>).</summary>
    public sealed class ExplorationFailedException : Exception
    {
        /// <summary>Creates the exception with the exploration's report and the scenario's exception.</summary>
        public ExplorationFailedException(string message, Exception innerException) : base(message, innerException) { }
    }
}
