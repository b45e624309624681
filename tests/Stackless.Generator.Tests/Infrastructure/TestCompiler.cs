using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Stackless;
using Xunit;

namespace Stackless.Generator.Tests.Infrastructure
{
    /// <summary>The outcome of running the generator over some source.</summary>
    public sealed class GeneratorOutcome
    {
        public required CSharpCompilation Input { get; init; }
        public required Compilation Output { get; init; }
        public required GeneratorDriverRunResult RunResult { get; init; }
        public required ImmutableArray<Diagnostic> GeneratorDiagnostics { get; init; }

        public IEnumerable<GeneratedSourceResult> Sources => RunResult.Results.SelectMany(r => r.GeneratedSources);

        public string AllGenerated => string.Join("\n", Sources.Select(s => "// ---- " + s.HintName + "\n" + s.SourceText));
    }

    /// <summary>Compiles test programs in memory with the generator (one shared set of references).</summary>
    public static class TestCompiler
    {
        public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

        private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
            Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
                .Append(MetadataReference.CreateFromFile(typeof(Channel<>).Assembly.Location))
                .ToImmutableArray());

        public static ImmutableArray<MetadataReference> References => s_references.Value;

        public static CSharpCompilation CreateCompilation(params (string Path, string Source)[] files) =>
            CSharpCompilation.Create("TestAsm" + Guid.NewGuid().ToString("N"),
                files.Select(f => CSharpSyntaxTree.ParseText(f.Source, ParseOptions, f.Path, Encoding.UTF8)),
                References,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                    nullableContextOptions: NullableContextOptions.Enable,
                    optimizationLevel: OptimizationLevel.Debug,
                    warningLevel: 9999,
                    concurrentBuild: false));

        /// <summary>
        /// Runs the generator on a thread of its own with a stack of <paramref name="stackSize"/> bytes (a compiler
        /// host's worker thread may have as little as 256 KB): a test passing this way proves no deep recursion.
        /// </summary>
        public static GeneratorOutcome RunGeneratorOnStack(CSharpCompilation compilation, int stackSize)
        {
            GeneratorOutcome? outcome = null;
            Exception? failure = null;
            var thread = new System.Threading.Thread(() =>
            {
                try { outcome = RunGenerator(compilation); }
                catch (Exception e) { failure = e; }
            }, stackSize);
            thread.Start();
            thread.Join();
            if (failure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            return outcome!;
        }

        public static GeneratorOutcome RunGenerator(CSharpCompilation compilation)
        {
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new TaskletGenerator().AsSourceGenerator() }, parseOptions: ParseOptions,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
            GeneratorDriverRunResult result = driver.GetRunResult();
            foreach (GeneratorRunResult r in result.Results)
                Assert.True(r.Exception is null, "generator threw: " + r.Exception);
            return new GeneratorOutcome { Input = compilation, Output = output, RunResult = result, GeneratorDiagnostics = diagnostics };
        }

        /// <summary>Generates and compiles; fails on any generator diagnostic, compile error, or warning in generated code.</summary>
        /// <param name="generatorStack">When not 0, the generator runs on a thread with a stack of this many bytes.</param>
        public static GeneratorOutcome CompileClean(string source, string path = "Program.cs", int generatorStack = 0) => CompileClean(generatorStack, (path, source));

        /// <inheritdoc cref="CompileClean(string, string, int)"/>
        public static GeneratorOutcome CompileClean(params (string Path, string Source)[] files) => CompileClean(0, files);

        /// <inheritdoc cref="CompileClean(string, string, int)"/>
        public static GeneratorOutcome CompileClean(int generatorStack, params (string Path, string Source)[] files)
        {
            CSharpCompilation input = CreateCompilation(files);
            GeneratorOutcome outcome = generatorStack == 0 ? RunGenerator(input) : RunGeneratorOnStack(input, generatorStack);
            Assert.True(outcome.GeneratorDiagnostics.IsEmpty,
                "generator diagnostics:\n" + string.Join("\n", outcome.GeneratorDiagnostics) + "\n" + outcome.AllGenerated);
            var generated = new HashSet<SyntaxTree>(outcome.Sources.Select(s => s.SyntaxTree));
            var problems = outcome.Output.GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && generated.Contains(d.Location.SourceTree!)))
                .ToList();
            Assert.True(problems.Count == 0, "compile problems:\n" + string.Join("\n", problems) + "\n" + outcome.AllGenerated);
            return outcome;
        }

        public static Assembly Load(Compilation compilation)
        {
            using var pe = new MemoryStream();
            using var pdb = new MemoryStream();
            var result = compilation.Emit(pe, pdb);
            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
            pe.Position = 0;
            pdb.Position = 0;
            var context = new AssemblyLoadContext("test", isCollectible: true);
            return context.LoadFromStream(pe, pdb);
        }
    }
}
