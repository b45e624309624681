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

        [Fact]
        public void CorpusHasAtLeast150Programs() => Assert.True(CorpusLoader.Load("Corpus").Count >= 150, "issue 3 asks for at least 150 differential programs");
    }
}
