using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Stackless.Samples.Demo;
using StacklessDemo = Stackless.Samples.Demo.Program;
using Xunit;

namespace Stackless.Package.Tests
{
    /// <summary>
    /// The main demo at a tiny size: every measure runs on both sides and the table is printed.
    /// (The numbers themselves are checked by the benchmarks, never by a timed unit test.)
    /// </summary>
    public sealed class DemoTests
    {
        [Fact]
        public void TinyRunMeasuresEveryClaimOnBothSidesAndPrintsTheTable()
        {
            var options = DemoOptions.Parse(new[] { "--tasklets", "2000", "--switches", "20000", "--messages", "20000", "--depth", "5000", "--repeat", "1" });
            var output = new StringWriter();
            IReadOnlyList<ResultRow> rows = OnFreshThread.Run(() => StacklessDemo.Run(options, output));

            Assert.Equal(6, rows.Count);
            // Creation cold and warm: in a test host no fresh process can be started, so both rounds ran here (and it says so).
            Assert.Contains("cold (first round in this process)", rows[0].Measure);
            Assert.Contains("warm", rows[1].Measure);
            Assert.Equal(("ms", "ms", "B"), (rows[0].Unit, rows[1].Unit, rows[2].Unit));
            Assert.All(rows, r => Assert.True(r.Stackless > 0 && r.Baseline > 0 && double.IsFinite(r.Ratio), $"{r.Measure}: {r.Stackless} vs {r.Baseline}"));
            ResultRow depth = rows.Single(r => r.Unit == "frames");
            Assert.Equal(5000, depth.Stackless);       // the [Tasklet] recursion always reaches the depth asked for
            Assert.InRange(depth.Baseline, 1, 5000);

            string text = output.ToString();
            Assert.Contains("measure", text);
            Assert.Contains("C# Task + Channels", text);
            foreach (ResultRow row in rows)
                Assert.Contains(row.Measure, text);
            Assert.Contains("… ", text);               // progress lines while it works
            Assert.Contains("Creation: both sides in this process", text);
        }

        [Theory]
        [InlineData(157, 108, "ms", false, "1.5× slower")]       // the warm creation row on a quiet run: 108 / 157 would read "0.7× faster"
        [InlineData(331, 737, "ms", false, "2.2× faster")]
        [InlineData(80, 216, "B", false, "2.7× less memory")]
        [InlineData(300, 216, "B", false, "1.4× more memory")]
        [InlineData(129e6, 2.2e6, "/s", true, "59× more")]
        [InlineData(1e6, 2e6, "/s", true, "2.0× fewer")]
        public void TheRatioSaysWhichSideWins(double stackless, double baseline, string unit, bool higherIsBetter, string expected)
        {
            Assert.Equal(expected, new ResultRow("m", stackless, baseline, unit, higherIsBetter).RatioText);
        }

        [Theory]
        [InlineData("--quick", 100_000, 1)]
        [InlineData("--tasklets 1_000_000", 1_000_000, 3)]
        [InlineData("--tasklets 5,000 --repeat 5", 5_000, 5)]
        public void OptionsSetTheSizes(string args, int tasklets, int repetitions)
        {
            DemoOptions options = DemoOptions.Parse(args.Split(' '));
            Assert.Equal(tasklets, options.Tasklets);
            Assert.Equal(repetitions, options.Repetitions);
            Assert.False(options.InProcess);
            Assert.True(DemoOptions.Parse((args + " --in-process").Split(' ')).InProcess);
        }

        [Theory]
        [InlineData("--tasklets")]
        [InlineData("--tasklets -3")]
        [InlineData("--bogus")]
        public void BadOptionsExplainTheUsage(string args)
        {
            var e = Assert.Throws<ArgumentException>(() => DemoOptions.Parse(args.Split(' ')));
            Assert.Contains("usage: Demo", e.Message);
        }
    }
}
