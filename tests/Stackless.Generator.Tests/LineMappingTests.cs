using System;
using System.Linq;
using System.Reflection;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>#line directives map copied statements back to the user's file (what a debugger and stack traces show).</summary>
    public class LineMappingTests
    {
        private const string Source = """
            using System;
            using Stackless;

            public static partial class Lines
            {
                static Channel<int> ch = new();

                [Tasklet]
                static void Feed() { ch.Send(1); }

                [Tasklet]
                static int Fail()
                {
                    int v = ch.Receive();
                    if (v == 1)
                        throw new InvalidOperationException("line 16");
                    return v;
                }

                public static string Run()
                {
                    ch = new Channel<int>();
                    Tasklet<int> t = SpawnFail();
                    SpawnFeed();
                    try { Scheduler.Run(); return "no exception"; }
                    catch (InvalidOperationException e) { return e.StackTrace ?? ""; }
                }
            }
            """;

        [Fact]
        public void CopiedStatements_AreMappedToTheUsersLines()
        {
            GeneratorOutcome outcome = TestCompiler.CompileClean(Source, "/src/Lines.cs");
            string frame = outcome.Sources.Single(s => s.SourceText.ToString().Contains("class __Fail_Frame")).SourceText.ToString();
            string[] lines = frame.Split('\n');
            int throwLine = Array.FindIndex(lines, l => l.Contains("throw new InvalidOperationException(\"line 16\");"));
            Assert.True(throwLine > 0);
            // Following the nearest directive above it, the copied throw maps to the user's line 16 of /src/Lines.cs.
            int directiveIndex = Array.FindLastIndex(lines, throwLine, l => l.StartsWith("#line"));
            var match = System.Text.RegularExpressions.Regex.Match(lines[directiveIndex], "^#line (\\d+) \"/src/Lines.cs\"$");
            Assert.True(match.Success, lines[directiveIndex]);
            int mapped = int.Parse(match.Groups[1].Value) + (throwLine - directiveIndex - 1);
            Assert.Equal(16, mapped);
            // The file is hidden from its top (all but the user's statements is the generator's), and hidden again after the
            // last user statement: nothing else in it maps to the user's file or to itself.
            Assert.True(frame.IndexOf("#line hidden", StringComparison.Ordinal) < frame.IndexOf("class __Fail_Frame", StringComparison.Ordinal));
            Assert.Equal("#line hidden", lines.Last(l => l.StartsWith("#line", StringComparison.Ordinal)));
            Assert.DoesNotContain("#line default", frame);
            // Resume points name the user's line too.
            Assert.Contains("// resume point 1 \u2014 Lines.cs(14): ch.Receive()", frame);
        }

        [Fact]
        public void ExceptionFromACopiedStatement_HasTheUsersFileAndLineInItsStackTrace()
        {
            GeneratorOutcome outcome = TestCompiler.CompileClean(Source, "/src/Lines.cs");
            Assembly asm = TestCompiler.Load(outcome.Output);
            string trace = (string)asm.GetType("Lines")!.GetMethod("Run")!.Invoke(null, null)!;
            Assert.Contains("/src/Lines.cs:line 16", trace);
        }
    }
}
