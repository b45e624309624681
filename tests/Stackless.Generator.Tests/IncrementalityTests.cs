using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>The pipeline caches: an unrelated edit regenerates nothing, an edit in one tasklet regenerates only it.</summary>
    public class IncrementalityTests
    {
        private const string Tasklets = """
            using Stackless;
            namespace App
            {
                partial class Pipeline
                {
                    [Tasklet]
                    static void Produce(Channel<int> output, int count)
                    {
                        for (int i = 0; i < count; i++) output.Send(i);
                        output.Close();
                    }

                    [Tasklet]
                    static int Sum(Channel<int> input)
                    {
                        int total = 0;
                        foreach (int x in input) total += x;
                        return total;
                    }
                }
            }
            """;

        private const string Other = "namespace App { static class Util { public static int Twice(int x) => 2 * x; } }";

        private static GeneratorDriver CreateDriver() => CreateDriver(new TaskletGenerator());

        private static GeneratorDriver CreateDriver(TaskletGenerator generator) =>
            CSharpGeneratorDriver.Create(new[] { generator.AsSourceGenerator() }, parseOptions: TestCompiler.ParseOptions,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        /// <summary>A generator that records the methods it lowers (the test hook runs at the start of each lowering).</summary>
        private static TaskletGenerator Counting(List<string> lowered) => new(m => { lowered.Add(m.Name); return null; });

        private static GeneratorDriver Edit(GeneratorDriver driver, ref CSharpCompilation compilation, string path, string newSource)
        {
            SyntaxTree oldTree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
            compilation = compilation.ReplaceSyntaxTree(oldTree, CSharpSyntaxTree.ParseText(newSource, TestCompiler.ParseOptions, path));
            return driver.RunGenerators(compilation);
        }

        [Fact]
        public void UnrelatedEdit_LeavesEveryOutputCachedOrUnchanged()
        {
            CSharpCompilation compilation = TestCompiler.CreateCompilation(("Pipeline.cs", Tasklets), ("Util.cs", Other));
            GeneratorDriver driver = CreateDriver().RunGenerators(compilation);

            SyntaxTree oldTree = compilation.SyntaxTrees.Single(t => t.FilePath == "Util.cs");
            SyntaxTree newTree = CSharpSyntaxTree.ParseText(Other.Replace("2 * x", "x + x"), TestCompiler.ParseOptions, "Util.cs");
            driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree));

            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            foreach (string step in new[] { TaskletGenerator.TrackingNames.Parse, TaskletGenerator.TrackingNames.Lower, TaskletGenerator.TrackingNames.Files })
            {
                var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
                Assert.NotEmpty(outputs);
                Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, step + ": " + o.Reason));
            }
            Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
                o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, "output: " + o.Reason));
        }

        [Fact]
        public void EditInsideOneTasklet_RegeneratesOnlyThatTasklet()
        {
            CSharpCompilation compilation = TestCompiler.CreateCompilation(("Pipeline.cs", Tasklets), ("Util.cs", Other));
            GeneratorDriver driver = CreateDriver().RunGenerators(compilation);

            SyntaxTree oldTree = compilation.SyntaxTrees.Single(t => t.FilePath == "Pipeline.cs");
            // Same line count: only Sum's body changes.
            SyntaxTree newTree = CSharpSyntaxTree.ParseText(Tasklets.Replace("total += x;", "total += x * 2;"), TestCompiler.ParseOptions, "Pipeline.cs");
            driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree));

            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            // Each method's lowering (LoweredMethod.Result.Model.HintName names its frame): only Sum's ran.
            var lowerings = result.TrackedSteps[TaskletGenerator.TrackingNames.Lower].SelectMany(s => s.Outputs).ToList();
            Assert.Equal(2, lowerings.Count);
            static object Get(object o, string property) => o.GetType().GetProperty(property)!.GetValue(o)!;
            var byFrame = lowerings.ToDictionary(o => (string)Get(Get(Get(o.Value, "Result"), "Model"), "HintName"), o => o.Reason);
            Assert.Equal(IncrementalStepRunReason.Modified, byFrame.Single(kv => kv.Key.Contains("__Sum_Frame")).Value);
            Assert.True(byFrame.Single(kv => kv.Key.Contains("__Produce_Frame")).Value is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
            var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
            Assert.Single(outputs, o => o.Reason == IncrementalStepRunReason.Modified);
            Assert.Contains("total += x * 2;", result.GeneratedSources.Single(s => s.SourceText.ToString().Contains("class __Sum_Frame")).SourceText.ToString());
        }

        [Fact]
        public void EditInsideOneTaskletsBody_LowersThatTaskletOnly()
        {
            var lowered = new List<string>();
            CSharpCompilation compilation = TestCompiler.CreateCompilation(("Pipeline.cs", Tasklets), ("Util.cs", Other));
            GeneratorDriver driver = CreateDriver(Counting(lowered)).RunGenerators(compilation);
            Assert.Equal(new[] { "Produce", "Sum" }, lowered.OrderBy(n => n));

            // Produce's body, same length and lines: Sum, after it in the file, stays where it was.
            lowered.Clear();
            driver = Edit(driver, ref compilation, "Pipeline.cs", Tasklets.Replace("i < count; i++", "i < count; ++i"));
            Assert.Equal(new[] { "Produce" }, lowered);
            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            var lowerings = result.TrackedSteps[TaskletGenerator.TrackingNames.Lower].SelectMany(s => s.Outputs).ToList();
            Assert.Equal(2, lowerings.Count);
            Assert.Single(lowerings, o => o.Reason == IncrementalStepRunReason.Cached); // Sum's: not run
            Assert.Contains("++i", result.GeneratedSources.Single(s => s.SourceText.ToString().Contains("class __Produce_Frame")).SourceText.ToString());

            // Sum's body, the last method of the file: Produce's position does not change.
            lowered.Clear();
            driver = Edit(driver, ref compilation, "Pipeline.cs", Tasklets.Replace("i < count; i++", "i < count; ++i").Replace("total += x;", "total += x * 2;"));
            Assert.Equal(new[] { "Sum" }, lowered);

            // An edit of another file's code, or a body of a method that is no tasklet, lowers nothing.
            lowered.Clear();
            driver = Edit(driver, ref compilation, "Util.cs", Other.Replace("2 * x", "x + x"));
            Assert.Empty(lowered);
        }

        /// <summary>What a fresh driver generates for <paramref name="compilation"/>: sources by hint name, and diagnostics.</summary>
        private static (Dictionary<string, string> Sources, List<string> Diagnostics) Fresh(CSharpCompilation compilation)
        {
            GeneratorRunResult fresh = CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();
            return (fresh.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString()), fresh.Diagnostics.Select(Describe).ToList());
        }

        private static string Describe(Diagnostic d) => d.Id + " " + d.Location.SourceSpan + " " + d.Location.GetLineSpan().Span + " " + d.GetMessage();

        [Fact]
        public void EditThatMovesLaterTasklets_LowersOnlyTheEditedOne_AndGeneratesWhatAFreshBuildDoes()
        {
            // Produce gets two more lines: Sum and Bad (refused: TSK007 in its body) move down without being lowered again;
            // their #line directives, resume comments, location tables and diagnostics move with them.
            string source = Tasklets.Replace("""
                    static int Sum(Channel<int> input)
                    {
                        int total = 0;
                        foreach (int x in input) total += x;
                        return total;
                    }
            """, """
                    static int Sum(Channel<int> input)
                    {
                        int total = 0;
                        foreach (int x in input) total += x;
                        return total;
                    }

                    [Tasklet]
                    static void Bad(Channel<int> c)
                    {
                        System.Action a = () => c.Send(1);
                        a();
                    }
            """);
            Assert.Contains("Bad", source);
            var lowered = new List<string>();
            CSharpCompilation compilation = TestCompiler.CreateCompilation(("Pipeline.cs", source), ("Util.cs", Other));
            GeneratorDriver driver = CreateDriver(Counting(lowered)).RunGenerators(compilation);
            Assert.Equal(new[] { "Produce", "Sum" }, lowered.OrderBy(n => n)); // Bad is refused before any lowering pass
            string before = driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.SourceText.ToString().Contains("class __Sum_Frame")).SourceText.ToString();

            lowered.Clear();
            driver = Edit(driver, ref compilation, "Pipeline.cs", source.Replace("output.Close();", "output.Close();\n\n            output.Close();"));
            Assert.Equal(new[] { "Produce" }, lowered);
            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            var lowerings = result.TrackedSteps[TaskletGenerator.TrackingNames.Lower].SelectMany(s => s.Outputs).ToList();
            Assert.Equal(3, lowerings.Count);
            Assert.Single(lowerings, o => o.Reason == IncrementalStepRunReason.Modified);
            Assert.Equal(2, lowerings.Count(o => o.Reason == IncrementalStepRunReason.Cached));

            (Dictionary<string, string> sources, List<string> diagnostics) = Fresh(compilation);
            Assert.Equal(sources.Keys.OrderBy(k => k), result.GeneratedSources.Select(s => s.HintName).OrderBy(k => k));
            foreach (GeneratedSourceResult s in result.GeneratedSources) Assert.Equal(sources[s.HintName], s.SourceText.ToString());
            Assert.Equal(diagnostics, result.Diagnostics.Select(Describe).ToList());
            Assert.Contains(result.Diagnostics, d => d.Id == "TSK007");
            string after = result.GeneratedSources.Single(s => s.SourceText.ToString().Contains("class __Sum_Frame")).SourceText.ToString();
            Assert.NotEqual(before, after); // its lines moved by two
            Assert.Contains("#line 17 ", before); // Sum's foreach
            Assert.Contains("#line 19 ", after);

            // Moved back up: the cached lowerings serve again, still as a fresh build would.
            lowered.Clear();
            driver = Edit(driver, ref compilation, "Pipeline.cs", source);
            Assert.Equal(new[] { "Produce" }, lowered);
            result = driver.GetRunResult().Results.Single();
            (sources, diagnostics) = Fresh(compilation);
            foreach (GeneratedSourceResult s in result.GeneratedSources) Assert.Equal(sources[s.HintName], s.SourceText.ToString());
            Assert.Equal(diagnostics, result.Diagnostics.Select(Describe).ToList());
        }

        [Fact]
        public void CommentAndBlankLinesBetweenMembers_LowerNothing_AndGenerateWhatAFreshBuildDoes()
        {
            // Whitespace and comments outside bodies are in no key: Sum moves down three lines, and is only written again.
            var lowered = new List<string>();
            CSharpCompilation compilation = TestCompiler.CreateCompilation(("Pipeline.cs", Tasklets), ("Util.cs", Other));
            GeneratorDriver driver = CreateDriver(Counting(lowered)).RunGenerators(compilation);

            lowered.Clear();
            string edited = Tasklets.Replace("        [Tasklet]\n        static int Sum", "        // Adds up what it receives.\n\n\n        [Tasklet]\n        static int Sum");
            Assert.NotEqual(Tasklets, edited);
            driver = Edit(driver, ref compilation, "Pipeline.cs", edited);
            Assert.Empty(lowered);
            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            (Dictionary<string, string> sources, List<string> diagnostics) = Fresh(compilation);
            Assert.Equal(sources.Keys.OrderBy(k => k), result.GeneratedSources.Select(s => s.HintName).OrderBy(k => k));
            foreach (GeneratedSourceResult s in result.GeneratedSources) Assert.Equal(sources[s.HintName], s.SourceText.ToString());
            Assert.Equal(diagnostics, result.Diagnostics.Select(Describe).ToList());
            Assert.Contains("line 16).", result.GeneratedSources.Single(s => s.SourceText.ToString().Contains("class __Sum_Frame")).SourceText.ToString());
        }

        [Fact]
        public void EditThatMovesATaskletOfATypeThatIsNotPartial_ReportsWhereAFreshBuildDoes()
        {
            // TSK001 is reported at the type's name, outside the method: such a method keeps its position in its key, so it
            // is made again where it is now rather than moved.
            string source = Tasklets + """

                namespace App
                {
                    class Plain
                    {
                        [Tasklet]
                        static void Lonely(Channel<int> c) { c.Send(1); }
                    }
                }
                """;
            CSharpCompilation compilation = TestCompiler.CreateCompilation(("Pipeline.cs", source), ("Util.cs", Other));
            GeneratorDriver driver = CreateDriver().RunGenerators(compilation);
            Assert.Contains(driver.GetRunResult().Diagnostics, d => d.Id == "TSK001");

            driver = Edit(driver, ref compilation, "Pipeline.cs", source.Replace("output.Close();", "output.Close();\n\n\n            output.Close();"));
            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            (Dictionary<string, string> sources, List<string> diagnostics) = Fresh(compilation);
            Assert.Contains(diagnostics, d => d.StartsWith("TSK001", System.StringComparison.Ordinal));
            Assert.Equal(diagnostics, result.Diagnostics.Select(Describe).ToList());
            Assert.Equal(sources.Keys.OrderBy(k => k), result.GeneratedSources.Select(s => s.HintName).OrderBy(k => k));
            foreach (GeneratedSourceResult s in result.GeneratedSources) Assert.Equal(sources[s.HintName], s.SourceText.ToString());
        }

        [Fact]
        public void EditOfACalleesDeclaration_LowersItsCallerAgain()
        {
            // The caller's frame depends on the callee's declaration in another file: once Twice is [Tasklet], the call is
            // a nested call (a resume point) instead of an ordinary call.
            const string caller = """
                using Stackless;
                namespace App
                {
                    partial class Calls
                    {
                        [Tasklet]
                        static int Caller(Channel<int> ch) { int v = ch.Receive(); return Helpers.Twice(v); }
                    }
                }
                """;
            const string helpers = "namespace App { static partial class Helpers { public static int Twice(int x) => 2 * x; } }";
            var lowered = new List<string>();
            CSharpCompilation compilation = TestCompiler.CreateCompilation(("Calls.cs", caller), ("Helpers.cs", helpers));
            GeneratorDriver driver = CreateDriver(Counting(lowered)).RunGenerators(compilation);
            Assert.DoesNotContain("__Twice_CreateFrame", driver.GetRunResult().GeneratedTrees.Single().ToString());

            lowered.Clear();
            driver = Edit(driver, ref compilation, "Helpers.cs", "using Stackless; " + helpers.Replace("public static", "[Tasklet] public static"));
            Assert.Equal(new[] { "Caller", "Twice" }, lowered.OrderBy(n => n));
            string frame = driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.SourceText.ToString().Contains("class __Caller_Frame")).SourceText.ToString();
            Assert.Contains("__Twice_CreateFrame(v)", frame);

            // A body edit of the callee changes nothing its caller sees.
            lowered.Clear();
            driver = Edit(driver, ref compilation, "Helpers.cs", "using Stackless; " + helpers.Replace("public static", "[Tasklet] public static").Replace("2 * x", "x + x"));
            Assert.Equal(new[] { "Twice" }, lowered);
        }
    }
}
