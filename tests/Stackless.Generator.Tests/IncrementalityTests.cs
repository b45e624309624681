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

        private static GeneratorDriver CreateDriver() =>
            CSharpGeneratorDriver.Create(new[] { new TaskletGenerator().AsSourceGenerator() }, parseOptions: TestCompiler.ParseOptions,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        [Fact]
        public void UnrelatedEdit_LeavesEveryOutputCachedOrUnchanged()
        {
            CSharpCompilation compilation = TestCompiler.CreateCompilation(("Pipeline.cs", Tasklets), ("Util.cs", Other));
            GeneratorDriver driver = CreateDriver().RunGenerators(compilation);

            SyntaxTree oldTree = compilation.SyntaxTrees.Single(t => t.FilePath == "Util.cs");
            SyntaxTree newTree = CSharpSyntaxTree.ParseText(Other.Replace("2 * x", "x + x"), TestCompiler.ParseOptions, "Util.cs");
            driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree));

            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            foreach (string step in new[] { TaskletGenerator.TrackingNames.Parse, TaskletGenerator.TrackingNames.Models })
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
            var models = result.TrackedSteps[TaskletGenerator.TrackingNames.Models].SelectMany(s => s.Outputs).ToList();
            Assert.Equal(2, models.Count);
            var byFrame = models.ToDictionary(o => (string)o.Value.GetType().GetProperty("HintName")!.GetValue(o.Value)!, o => o.Reason);
            Assert.Equal(IncrementalStepRunReason.Modified, byFrame.Single(kv => kv.Key.Contains("__Sum_Frame")).Value);
            Assert.True(byFrame.Single(kv => kv.Key.Contains("__Produce_Frame")).Value is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
            var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
            Assert.Single(outputs, o => o.Reason == IncrementalStepRunReason.Modified);
            Assert.Contains("total += x * 2;", result.GeneratedSources.Single(s => s.HintName.Contains("__Sum_Frame")).SourceText.ToString());
        }
    }
}
