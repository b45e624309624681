using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// Frames of hundreds of resume points (issue 16): a dispatch of more than 256 states is written in two levels (blocks of
    /// 128 by <c>State &gt;&gt; 7</c>, then the state), the body's and each try region's on its own. Every resume point of such
    /// a frame suspends and is resumed once, in order, with the value it waited for, and the method's result is the plain
    /// method's.
    /// </summary>
    public class ManyResumePointsTests
    {
        /// <summary>
        /// A [Tasklet] F of <paramref name="points"/> receives, site k taking the k-th value. Each segment (From, To, Wrap) puts
        /// sites From..To in the body or in tries (Wrap: "" the body; "finally" a try/finally; "catch" a try/catch inside a
        /// try/finally). The feeder yields after each send, so F has always blocked when the next value comes: it counts
        /// the sends that found F waiting (every one, when every receive suspended).
        /// </summary>
        private static string Program(params (int From, int To, string Wrap)[] segments)
        {
            var body = new StringBuilder("long sum = 0;\n");
            foreach ((int from, int to, string wrap) in segments)
            {
                if (wrap == "finally") body.Append("try {\n");
                if (wrap == "catch") body.Append("try { try {\n");
                for (int k = from; k <= to; k++) body.Append("sum += Hit(" + k + ", c.Receive());\n");
                if (wrap == "finally") body.Append("} finally { sum += 1000000; }\n");
                if (wrap == "catch") body.Append("} catch (InvalidOperationException) { sum = -1; } } finally { sum += 2000000; }\n");
            }
            body.Append("return sum + \" last \" + last + \" out of order \" + outOfOrder + \" found waiting \" + foundWaiting;\n");
            return """
                static int last, outOfOrder, foundWaiting;
                static int Hit(int site, int value) { if (value != site || site != last + 1) outOfOrder++; last = site; return value; }
                [Tasklet]
                static void Feed(Channel<int> c, int n)
                {
                    for (int i = 1; i <= n; i++) { if (c.Balance < 0) foundWaiting++; c.Send(i); Scheduler.Schedule(); }
                }
                static Channel<int> ch = new();
                [Tasklet] static string F(Channel<int> c) {

                """ + body + "}\n";
        }

        private static (string Trace, string Generated) Run(int points, params (int From, int To, string Wrap)[] segments)
        {
            Differential.Outcome o = Differential.Run(Program(segments), "F(ch)", init: "ch = new(); last = outOfOrder = foundWaiting = 0;",
                partners: "SpawnFeed(ch, " + points + ");");
            Assert.True(o.Direct == o.Spawned, "direct and spawned runs differ\n--- direct:\n" + o.Direct + "\n--- spawned:\n" + o.Spawned);
            return (o.Spawned, o.Generated);
        }

        /// <summary>The state count of each two-level dispatch, in the order written.</summary>
        private static string[] TwoLevelSwitches(string generated) =>
            Regex.Matches(generated, @"switch \(State >> 7\) // (\d+) states in blocks of 128").Select(m => m.Groups[1].Value).ToArray();

        /// <summary>The keys of the blocks (<c>case k:</c> alone on its line), in the order written.</summary>
        private static int[] BlockKeys(string generated) =>
            Regex.Matches(generated, @"^ *case (\d+):\r?$", RegexOptions.Multiline).Select(m => int.Parse(m.Groups[1].Value)).ToArray();

        [Fact]
        public void ThreeHundredResumePoints_TwoLevelsAtTheTop_EachResumedOnce()
        {
            (string trace, string generated) = Run(300, (1, 100, ""), (101, 280, "finally"), (281, 300, "catch"));
            long sum = Enumerable.Range(1, 300).Sum(k => (long)k) + 1000000 + 2000000;
            Assert.Equal("result " + sum + " last 300 out of order 0 found waiting 300", trace);
            // The body's dispatch has 300 states (two levels, blocks 0..2); the tries' 180 and 20 are one switch each.
            Assert.Equal(new[] { "300" }, TwoLevelSwitches(generated));
            Assert.Equal(new[] { 0, 1, 2 }, BlockKeys(generated));
            Assert.Contains("case 300: goto ", generated);
        }

        [Fact]
        public void AThousandResumePoints_InTriesOfMoreThan256_EachDispatchTwoLevels_EachResumedOnce()
        {
            // Sites 301..600 in a try/finally, 601..900 in a try/catch inside another try/finally: each of the three tries
            // dispatches 300 states, in two levels as the body's 1,000.
            (string trace, string generated) = Run(1000, (1, 300, ""), (301, 600, "finally"), (601, 900, "catch"), (901, 1000, ""));
            long sum = Enumerable.Range(1, 1000).Sum(k => (long)k) + 1000000 + 2000000;
            Assert.Equal("result " + sum + " last 1000 out of order 0 found waiting 1000", trace);
            Assert.Equal(new[] { "1000", "300", "300", "300" }, TwoLevelSwitches(generated));
            // Blocks of 128 states: the body's 0..7 (1..1000), the first try's 2..4 (301..600), the others' 4..7 (601..900).
            Assert.Equal(new[] { 0, 1, 2, 3, 4, 5, 6, 7, 2, 3, 4, 4, 5, 6, 7, 4, 5, 6, 7 }, BlockKeys(generated));
            Assert.Contains("case 1000: goto __resume1000;", generated);
        }
    }
}
