using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// A frame has at most 32,767 resume points (its State is 16 bits): resume states 1 … 32,767 are generated, with the
    /// two-level dispatch (StateDispatch); a method that needs more is refused with TSK014 at the method, and its callers
    /// still compile (the refusal is the build's only error).
    /// </summary>
    public class ResumePointLimitTests
    {
        /// <summary>A [Tasklet] F with <paramref name="points"/> suspension points (resume states 1 … points) and a caller G.</summary>
        private static string Program(int points)
        {
            var body = new StringBuilder();
            for (int i = 0; i < points; i++) body.Append("        Scheduler.Schedule();\n");
            return "using Stackless;\npublic static partial class P\n{\n    [Tasklet] public static void F()\n    {\n" + body
                + "    }\n    [Tasklet] public static int G() { F(); return 1; }\n}\n";
        }

        [Fact]
        public void AMethodWith32767ResumePoints_IsGenerated_ItsLastStateIs32767_InTheLastBlockOfItsDispatch()
        {
            // Generated, not compiled here: C# takes ~0.7 GB and ~20 s of CPU to compile this frame (docs/diagnostics/TSK014.md);
            // ManyResumePointsTests compiles and runs frames of 300 and 1,000.
            GeneratorOutcome outcome = TestCompiler.RunGenerator(TestCompiler.CreateCompilation(("Program.cs", Program(32767))));
            Assert.Empty(outcome.GeneratorDiagnostics);
            string frame = outcome.Sources.Select(s => s.SourceText.ToString()).Single(t => t.Contains("class __F_Frame"));
            Assert.Contains("State = 32767;", frame);
            Assert.Contains("switch (State >> 7) // 32767 states in blocks of 128", frame);
            // The last block, 255, holds states 32,640 … 32,767.
            System.Text.RegularExpressions.Match block = System.Text.RegularExpressions.Regex.Match(frame, @"\n *case 255:\r?\n");
            Assert.True(block.Success, "no block 255");
            int last = block.Index;
            Assert.True(frame.IndexOf("case 32640: goto __resume32640;", System.StringComparison.Ordinal) > last);
            Assert.True(frame.IndexOf("case 32767: goto __resume32767;", System.StringComparison.Ordinal) > last);
        }

        [Fact]
        public void AMethodWith32768ResumePoints_IsTSK014_AndItsCallersStillCompile()
        {
            GeneratorOutcome outcome = TestCompiler.RunGenerator(TestCompiler.CreateCompilation(("Program.cs", Program(32768))));
            Diagnostic only = Assert.Single(outcome.GeneratorDiagnostics);
            Assert.Equal("TSK014", only.Id);
            Assert.Equal("[Tasklet] method 'F' needs 32,768 resume points; a frame has at most 32,767 (its State is 16 bits); split it into smaller [Tasklet] methods",
                only.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(3, only.Location.GetLineSpan().StartLinePosition.Line); // F's declaration (line 4), 0-based
            // F's body is refused (its factory throws), G's frame is generated, and nothing generated has an error.
            Assert.Contains(outcome.Sources, s => s.SourceText.ToString().Contains("__G_Frame"));
            Assert.Empty(outcome.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            Assert.DoesNotContain(outcome.Sources, s => s.SourceText.ToString().Contains("State = 32768"));
        }
    }
}
