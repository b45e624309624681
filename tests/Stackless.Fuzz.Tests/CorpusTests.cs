using System.Collections.Generic;
using System.Linq;
using Stackless.Fuzz.Tests.Oracle;
using Xunit;

namespace Stackless.Fuzz.Tests
{
    /// <summary>
    /// The differential corpus (issue 3): every hand-written program in Corpus/*.cs, compiled with the generator
    /// and run as a spawned tasklet and as a direct call from main; the traces, results and exceptions must agree.
    /// </summary>
    public class CorpusTests
    {
        public static IEnumerable<object[]> Programs() => CorpusLoader.Load("Corpus").Where(p => p.KnownBug == null).Select(p => new object[] { p.Name });

        public static IEnumerable<object[]> KnownBugs() => CorpusLoader.Load("Corpus").Where(p => p.KnownBug != null).Select(p => new object[] { p.Name, p.KnownBug! });

        [Theory]
        [MemberData(nameof(Programs))]
        public void SpawnedAndDirectRunsAgree(string program)
        {
            CompiledProgram compiled = CorpusLoader.Get("Corpus", program);
            string? difference = DifferentialRunner.Check(compiled);
            Assert.True(difference == null, Report.Failure(compiled, difference));
        }

        /// <summary>Programs that fail today because of an open generator bug (the second argument names its entry in /work/bugs/generator.md).</summary>
        [Theory(Skip = "open generator bug: each row names its entry in /work/bugs/generator.md; remove the //@known-bug line when it is fixed")]
        [MemberData(nameof(KnownBugs))]
        public void KnownGeneratorBug(string program, string bug)
        {
            CompiledProgram compiled = CorpusLoader.Get("Corpus", program);
            string? difference = DifferentialRunner.Check(compiled);
            Assert.True(difference == null, bug + "\n" + Report.Failure(compiled, difference));
        }

        /// <summary>
        /// The oracle's watchdog run really interrupts generated frames (at a method's entry and at loop back-edges) and
        /// they resume where they were, under budgets of 1 to 1,000 steps, per slice and in total. Tight loops that do not
        /// suspend have no step check yet (issue 14): they must agree, interrupted or not.
        /// </summary>
        [Theory]
        [InlineData("Watchdog_TightLoops", false)]
        [InlineData("Watchdog_QuietLoopInTryFinally", false)]
        [InlineData("Watchdog_RecursiveHelperWithQuietLoop", true)]
        [InlineData("Watchdog_BackwardGotos", true)] // step checks at backward gotos (c164730)
        public void WatchdogRunInterruptsAndAgrees(string program, bool mustInterrupt)
        {
            CompiledProgram compiled = CorpusLoader.Get("Corpus", program);
            foreach (bool total in new[] { false, true })
            {
                foreach (int steps in new[] { 1, 2, 5, 13, 100, 1000 })
                {
                    (string? difference, int interruptions) = DifferentialRunner.CheckUnderWatchdog(compiled, steps, total);
                    Assert.True(difference == null, $"budget {steps}, total {total}: " + Report.Failure(compiled, difference));
                    if (mustInterrupt && steps <= 5) Assert.True(interruptions > 0, $"budget {steps}, total {total}: never interrupted");
                }
            }
        }

        [Fact]
        public void CorpusHasAtLeast150Programs() => Assert.True(CorpusLoader.Load("Corpus").Count >= 150, "issue 3 asks for at least 150 differential programs");
    }
}
