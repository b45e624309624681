using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// A frame has at most 4,096 resume points (C# compiles its dispatch switch in memory quadratic in its size; its 16-bit
    /// State would hold 32,767): resume states 1 … 4,096 are generated; a method that needs more is refused with TSK014 at
    /// the method, and its callers still compile (the refusal is the build's only error).
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
        public void AMethodWith4096ResumePoints_IsGenerated_ItsLastStateIs4096()
        {
            // Generated, not compiled here: C# takes ~1 GB and ~30 s to compile a MoveNext of 4,000 resume points.
            GeneratorOutcome outcome = TestCompiler.RunGenerator(TestCompiler.CreateCompilation(("Program.cs", Program(4096))));
            Assert.Empty(outcome.GeneratorDiagnostics);
            string frame = outcome.Sources.Select(s => s.SourceText.ToString()).Single(t => t.Contains("class __F_Frame"));
            Assert.Contains("State = 4096;", frame);
            Assert.DoesNotContain("State = 4097;", frame);
        }

        [Fact]
        public void AMethodWith4097ResumePoints_IsTSK014_AndItsCallersStillCompile()
        {
            GeneratorOutcome outcome = TestCompiler.RunGenerator(TestCompiler.CreateCompilation(("Program.cs", Program(4097))));
            Diagnostic only = Assert.Single(outcome.GeneratorDiagnostics);
            Assert.Equal("TSK014", only.Id);
            Assert.Equal("[Tasklet] method 'F' needs 4,097 resume points; a frame has at most 4,096 (C# compiles a frame's state dispatch in time and memory quadratic in its size); split it into smaller [Tasklet] methods",
                only.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(3, only.Location.GetLineSpan().StartLinePosition.Line); // F's declaration (line 4), 0-based
            // F's body is refused (its factory throws), G's frame is generated, and nothing generated has an error.
            Assert.Contains(outcome.Sources, s => s.SourceText.ToString().Contains("__G_Frame"));
            Assert.Empty(outcome.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            Assert.DoesNotContain(outcome.Sources, s => s.SourceText.ToString().Contains("State = 4097"));
        }
    }
}
