using System.Collections.Generic;
using System.Linq;
using Stackless.Fuzz.Tests.Fuzz;
using Xunit;

namespace Stackless.Fuzz.Tests
{
    /// <summary>
    /// The fuzz console runs its programs in a child process, so that a program that kills the process (seed 26601939
    /// crashed the .NET JIT) is reported with its seed, and the other seeds are still checked. The crashes here are
    /// made on purpose with <c>--crash-at</c>: one while a batch is compiled, one while a program runs.
    /// </summary>
    public class FuzzSupervisorTests
    {
        [Fact]
        public void ACrashIsAFailureWithItsSeedAndTheOtherSeedsAreStillChecked()
        {
            var opts = new Dictionary<string, string> { ["seeds"] = "4", ["crash-at"] = "compile:2,check:3" };
            FuzzSupervisor.Outcome outcome = FuzzSupervisor.Run(new[] { 1, 2, 3, 4 }, opts, batch: 2);

            // Seed 2 killed the compile of batch {1, 2}: compiled again one at a time, 1 passes and 2 is the crash.
            // Seed 3 killed the process while running, and (--crash-at holds there too) so does its plain C# alone: counted
            // as a crash of .NET itself, not as a failure. 4 is checked by a new child.
            Assert.Equal(new[] { 2 }, outcome.Crashes.Select(c => c.Seed).ToArray());
            Assert.Equal(new[] { 3 }, outcome.DotnetCrashes.Select(c => c.Seed).ToArray());
            Assert.All(outcome.Crashes.Concat(outcome.DotnetCrashes), c => Assert.Contains("exit code 134", c.How));
            Assert.Equal(new[] { 1, 4 }, outcome.Checked.OrderBy(s => s).ToArray());
            Assert.Equal(0, outcome.Failed);
            Assert.Equal(1, outcome.ExitCode);
            // {1,2} crashes; {1},{2} one at a time (2 crashes); {3,4} (3 crashes); {4}.
            Assert.Equal(4, outcome.Children);
        }

        [Fact]
        public void WithoutACrashOneChildChecksEverySeed()
        {
            var opts = new Dictionary<string, string> { ["seeds"] = "2" };
            FuzzSupervisor.Outcome outcome = FuzzSupervisor.Run(new[] { 5, 6 }, opts, batch: 100);
            Assert.Empty(outcome.Crashes);
            Assert.Empty(outcome.DotnetCrashes);
            Assert.Equal(new[] { 5, 6 }, outcome.Checked.OrderBy(s => s).ToArray());
            Assert.Equal(1, outcome.Children);
            Assert.Equal(0, outcome.ExitCode);
        }
    }
}
