using System;
using System.IO;
using System.Linq;
using Stackless.Samples.Watchdog;
using Xunit;
using WatchdogProgram = Stackless.Samples.Watchdog.Program;

namespace Stackless.Package.Tests
{
    /// <summary>
    /// The Watchdog sample (issue 14): a tick-based game server whose scout gets stuck in an endless walk on tick 3;
    /// the step budget interrupts it, the server prints where it was, kills it, and the other entities carry on.
    /// </summary>
    public sealed class WatchdogSampleTests
    {
        [Fact]
        public void TheStuckScoutIsStoppedOnTick3_AndTheOthersCarryOn()
        {
            var output = new StringWriter();
            GameServer server = OnFreshThread.Run(() => WatchdogProgram.Run(output, ticks: 5, steps: 10_000));
            string[] lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

            // Miners add 1 and 10 per tick, the guard walks 4 posts, the scout walks one path a tick until tick 3.
            string[] ticks = lines.Where(l => l.StartsWith("tick ", StringComparison.Ordinal) && l.Contains(": gold ", StringComparison.Ordinal)).ToArray();
            Assert.Equal(new[]
            {
                "tick 1: gold 11, guard at post 1, paths walked 1",
                "tick 2: gold 22, guard at post 2, paths walked 2",
                "tick 3: gold 33, guard at post 3, paths walked 2",
                "tick 4: gold 44, guard at post 0, paths walked 2",
                "tick 5: gold 55, guard at post 1, paths walked 2",
            }, ticks);

            Assert.Equal(new[] { "scout" }, server.Stopped);
            int stopped = Array.FindIndex(lines, l => l == "tick 3: watchdog: 'scout' ran 10,000 steps without yielding; it was here:");
            Assert.True(stopped >= 0, output.ToString());
            // The dump comes next (the scout, paused, inside WalkTo), then the kill runs the scout's finally, then the tick ends.
            int finallyRan = Array.IndexOf(lines, "scout: finally ran, the scout is gone");
            int tick3 = Array.IndexOf(lines, ticks[2]);
            Assert.True(stopped < finallyRan && finallyRan < tick3, output.ToString());
            string dump = string.Join("\n", lines[(stopped + 1)..finallyRan]);
            Assert.Contains("scout", dump);
            Assert.Contains("WalkTo", dump);
            Assert.Contains("miner 1", dump);
        }
    }
}
