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
using Stackless.Generator.Model;
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

        /// <summary>A stack for Roslyn's own work on deep input (its binder and nullable analysis recurse as deep as the code nests).</summary>
        public const int RoslynStack = 64 << 20;

        /// <summary>
        /// Runs the generator on a big stack, then proves that its own passes need little: every [Tasklet] method is compiled
        /// again — parse, lowering passes, emit — on a thread of <paramref name="passStack"/> bytes, and must give the same
        /// text and diagnostics. Roslyn binds each body first, with its nullable analysis, on the big stack: its binder and
        /// NullableWalker recurse as deep as the user's code nests, and a compiler host runs them wherever it runs them
        /// (on a 256 KB thread they overflowed now and then under load: "Test Run Aborted" in NullableWalker, session 7).
        /// </summary>
        public static GeneratorOutcome RunGeneratorWithPassesOnStack(CSharpCompilation compilation, int passStack)
        {
            GeneratorOutcome outcome = OnStack(RoslynStack, () => RunGenerator(compilation));
            var ids = new List<string>();
            foreach (GeneratorAttributeSyntaxContext method in OnStack(RoslynStack, () => TaskletMethods(compilation)))
            {
                OnStack(RoslynStack, () => BindBody(method));
                TaskletResult result = OnStack(passStack, () => TaskletGenerator.Compile(method, default, null));
                ids.AddRange(result.Diagnostics.Select(d => d.Id));
                if (result.Model is not TaskletModel model) continue;
                // The method's members, as its type's generated file has them (a file holds every method of its type).
                int indent = (model.Namespace is null ? 0 : 1) + model.ContainingTypes.Count;
                string text = OnStack(passStack, () => Emitter.FrameEmitter.Members(model, 0, indent, first: true));
                Assert.True(outcome.Sources.Count(s => s.SourceText.ToString().Contains(text)) == 1, "the frame of " + method.TargetSymbol.Name + " differs on a small stack");
            }
            Assert.Equal(outcome.GeneratorDiagnostics.Select(d => d.Id).OrderBy(id => id), ids.OrderBy(id => id));
            return outcome;
        }

        /// <summary>The [Tasklet] methods of <paramref name="compilation"/> as the generator sees them (each with a semantic model of its own tree).</summary>
        private static List<GeneratorAttributeSyntaxContext> TaskletMethods(CSharpCompilation compilation)
        {
            var capture = new TaskletMethodCapture();
            CSharpGeneratorDriver.Create(new[] { capture.AsSourceGenerator() }, parseOptions: ParseOptions).RunGenerators(compilation);
            return capture.Methods;
        }

        private sealed class TaskletMethodCapture : IIncrementalGenerator
        {
            public readonly List<GeneratorAttributeSyntaxContext> Methods = new();

            public void Initialize(IncrementalGeneratorInitializationContext context) =>
                context.RegisterSourceOutput(context.SyntaxProvider.ForAttributeWithMetadataName("Stackless.TaskletAttribute",
                    static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.LocalFunctionStatementSyntax,
                    static (method, _) => method), (_, method) => Methods.Add(method));
        }

        /// <summary>
        /// Binds the body of <paramref name="method"/> in its semantic model: the first question about any node of a member
        /// binds the whole member and runs its nullable analysis, and the model keeps the result for the questions after.
        /// </summary>
        private static bool BindBody(GeneratorAttributeSyntaxContext method)
        {
            SyntaxNode? body = method.TargetNode switch
            {
                Microsoft.CodeAnalysis.CSharp.Syntax.BaseMethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody,
                Microsoft.CodeAnalysis.CSharp.Syntax.LocalFunctionStatementSyntax f => (SyntaxNode?)f.Body ?? f.ExpressionBody,
                _ => null,
            };
            Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax? first = body?.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax>().FirstOrDefault();
            return first is not null && method.SemanticModel.GetTypeInfo(first).Type is not null;
        }

        /// <summary>Runs <paramref name="run"/> on a thread of <paramref name="stackSize"/> bytes; its exception is rethrown here.</summary>
        public static T OnStack<T>(int stackSize, Func<T> run)
        {
            T result = default!;
            Exception? failure = null;
            var thread = new System.Threading.Thread(() =>
            {
                try { result = run(); }
                catch (Exception e) { failure = e; }
            }, stackSize);
            thread.Start();
            thread.Join();
            if (failure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            return result;
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
        /// <param name="generatorStack">When not 0, the generator's passes run on a thread with a stack of this many bytes (<see cref="RunGeneratorWithPassesOnStack"/>).</param>
        public static GeneratorOutcome CompileClean(string source, string path = "Program.cs", int generatorStack = 0) => CompileClean(generatorStack, (path, source));

        /// <inheritdoc cref="CompileClean(string, string, int)"/>
        public static GeneratorOutcome CompileClean(params (string Path, string Source)[] files) => CompileClean(0, files);

        /// <inheritdoc cref="CompileClean(string, string, int)"/>
        public static GeneratorOutcome CompileClean(int generatorStack, params (string Path, string Source)[] files)
        {
            CSharpCompilation input = CreateCompilation(files);
            GeneratorOutcome outcome = generatorStack == 0 ? RunGenerator(input) : RunGeneratorWithPassesOnStack(input, generatorStack);
            Assert.True(outcome.GeneratorDiagnostics.IsEmpty,
                "generator diagnostics:\n" + string.Join("\n", outcome.GeneratorDiagnostics) + "\n" + outcome.AllGenerated);
            var generated = new HashSet<SyntaxTree>(outcome.Sources.Select(s => s.SyntaxTree));
            // Deep input (a stack given): Roslyn compiles it on a big stack too, as it bound it.
            ImmutableArray<Diagnostic> diagnostics = generatorStack == 0 ? outcome.Output.GetDiagnostics() : OnStack(RoslynStack, () => outcome.Output.GetDiagnostics());
            var problems = diagnostics
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
