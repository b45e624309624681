using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Stackless.Samples.Transfers;
using Stackless.Testing;
using Xunit;
using TransfersProgram = Stackless.Samples.Transfers.Program;

namespace Stackless.Package.Tests
{
    /// <summary>
    /// The Transfers sample (issue 13): exploration finds the lost update the ordinary scheduler hides, replays and
    /// shrinks it, and the fix passes 10,000 schedules. Also how a user puts <see cref="TaskletExplorer"/> in an xunit test.
    /// </summary>
    public sealed class TransfersSampleTests
    {
        [Fact]
        public void HowToUseIt_InAnXunitTest()
        {
            // The scenario spawns its tasklets, runs them, and throws if the outcome is wrong.
            ExplorationResult result = TaskletExplorer.Explore(() => Transfers.Scenario(useFix: true), runs: 500);
            result.ThrowIfFailed(); // or: Assert.False(result.Failed, result.ToString())

            ExplorationResult bug = TaskletExplorer.Explore(() => Transfers.Scenario(useFix: false), runs: 500);
            Assert.True(bug.Failed);
            Assert.IsType<InvalidOperationException>(Assert.IsType<ExplorationFailedException>(Record.Exception(bug.ThrowIfFailed)).InnerException);
        }

        [Fact]
        public void ExploreFindsTheLostUpdate_ReplaysAndShrinksIt_AndTheFixPasses10000Runs()
        {
            var output = new StringWriter();
            TransfersProgram.Report report = OnFreshThread.Run(() => TransfersProgram.Run(10_000, output));
            string[] lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

            ExplorationResult bug = report.Bug;
            Assert.True(bug.Failed);
            string message = Assert.IsType<InvalidOperationException>(bug.Exception).Message;
            // Three accounts of 100; transfers 0→1 (30), 1→2 (50), 2→0 (70). A transfer that writes back a stale balance
            // of its source account loses the credit that account got meanwhile: 300 minus a non-empty subset of {30, 50, 70}.
            Match m = Regex.Match(message, @"^The bank lost money: the balances \((\d+), (\d+), (\d+)\) add up to (\d+), not 300\.$");
            Assert.True(m.Success, message);
            int[] balances = { int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value) };
            Assert.Equal(balances.Sum(), int.Parse(m.Groups[4].Value));
            Assert.Contains(300 - balances.Sum(), new[] { 30, 50, 70, 80, 100, 120, 150 });

            // The seed replays the same failure, and so does the shrunk schedule.
            Assert.Equal(message, report.ReplayedMessage);
            ExplorationSchedule shrunk = bug.ShrunkSchedule!;
            Assert.InRange(shrunk.Count, 1, bug.Decisions);
            Assert.InRange(shrunk.Deviations, 1, shrunk.Count);
            Assert.Throws<InvalidOperationException>(() => OnFreshThread.Run(() =>
            {
                TaskletExplorer.Replay(() => Transfers.Scenario(useFix: false), ExplorationSchedule.Parse(shrunk.ToString()));
                return 0;
            }));

            Assert.False(report.Fix.Failed, report.Fix.ToString());
            Assert.Equal(10_000, report.Fix.RunsTried);

            Assert.Equal("ordinary scheduler: the buggy transfers pass", lines[0]);
            Assert.Equal($"Run {bug.RunsTried:N0} failed (seed {bug.FailingSeed}) after {bug.Decisions:N0} decisions and {bug.FailingRun!.Steps:N0} steps: System.InvalidOperationException: {message}", lines[1]);
            Assert.Equal($"Replay: TaskletExplorer.Replay(scenario, {bug.FailingSeed})", lines[2]);
            Assert.StartsWith($"Shrunk to {shrunk.Count} decision{(shrunk.Count == 1 ? "" : "s")} ({shrunk.Deviations} away from FIFO)", lines[3]);
            Assert.Equal($"replay of seed {bug.FailingSeed}: {message}", lines[4]);
            Assert.Equal("the fix: No failure in 10,000 runs.", lines[5]);
        }
    }
}
