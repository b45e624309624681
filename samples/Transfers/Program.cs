using System;
using System.IO;
using Stackless.Testing;

namespace Stackless.Samples.Transfers
{
    /// <summary>
    /// Exploration testing: a transfer that reads a balance, suspends, and writes it back passes under the ordinary
    /// scheduler, every time; <see cref="TaskletExplorer.Explore(Action, int, int)"/> finds a schedule that loses money,
    /// replays it from its seed, shrinks it, and then finds nothing wrong with the fix in 10,000 schedules.
    /// </summary>
    public static class Program
    {
        public static void Main(string[] args)
        {
            int runs = args.Length > 0 ? int.Parse(args[0]) : 10_000;
            Run(runs, Console.Out);
        }

        /// <summary>What the sample found.</summary>
        public sealed record Report(ExplorationResult Bug, string ReplayedMessage, ExplorationResult Fix);

        public static Report Run(int fixRuns, TextWriter output)
        {
            // 1. The ordinary scheduler: the buggy transfers pass (an exploration run with no choices taken is FIFO).
            TaskletExplorer.Replay(() => Transfers.Scenario(useFix: false), ExplorationSchedule.Parse(""));
            output.WriteLine("ordinary scheduler: the buggy transfers pass");

            // 2. Exploration finds a schedule that loses money.
            ExplorationResult bug = TaskletExplorer.Explore(() => Transfers.Scenario(useFix: false), runs: 1000, seed: 1);
            output.WriteLine(bug.ToString());

            // 3. Its seed replays it.
            string replayed = "(passed)";
            try
            {
                TaskletExplorer.Replay(() => Transfers.Scenario(useFix: false), bug.FailingSeed ?? 0);
            }
            catch (InvalidOperationException ex)
            {
                replayed = ex.Message;
            }
            output.WriteLine($"replay of seed {bug.FailingSeed}: {replayed}");

            // 4. The fix survives many schedules.
            ExplorationResult fix = TaskletExplorer.Explore(() => Transfers.Scenario(useFix: true), runs: fixRuns, seed: 1);
            output.WriteLine($"the fix: {fix}");
            return new Report(bug, replayed, fix);
        }
    }
}
