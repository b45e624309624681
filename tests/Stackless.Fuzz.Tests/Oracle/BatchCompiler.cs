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
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Fuzz.Harness;

namespace Stackless.Fuzz.Tests.Oracle
{
    /// <summary>The outcome of compiling one program: its loaded type, or why it could not be run.</summary>
    public sealed class CompiledProgram
    {
        public CompiledProgram(ProgramSource source, Type? type, string? failure, string generated)
        {
            Source = source;
            Type = type;
            Failure = failure;
            Generated = generated;
        }

        public ProgramSource Source { get; }
        public Type? Type { get; }

        /// <summary>Generator exception, generator diagnostic, compile error or warning; null when it compiled cleanly.</summary>
        public string? Failure { get; }

        /// <summary>The generated code for this program's types (for failure messages).</summary>
        public string Generated { get; }
    }

    /// <summary>
    /// Compiles many programs in one in-memory compilation with the Stackless generator, attributes every
    /// generator exception, generator diagnostic and compile diagnostic to the program it belongs to, and
    /// recompiles without the failed ones, so one bad program does not sink its batch.
    /// </summary>
    public static class BatchCompiler
    {
        private const string Prelude =
            "global using System;\n" +
            "global using System.Collections.Generic;\n" +
            "global using System.Linq;\n" +
            "global using Stackless;\n" +
            "global using Stackless.Fuzz.Harness;\n" +
            "global using static Stackless.Fuzz.Harness.Trace;\n";

        /// <summary>Warnings a program may legitimately contain (generated code may repeat them when the user's code has them).</summary>
        private static readonly HashSet<string> s_userWarningsAllowed = new() { "CS0162", "CS0164", "CS0219", "CS0168", "CS8321" };

        private static readonly CSharpParseOptions s_parse = new(LanguageVersion.Latest);

        private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
        {
            var refs = new List<MetadataReference>(Basic.Reference.Assemblies.Net100.References.All);
            refs.Add(MetadataReference.CreateFromFile(typeof(Channel<>).Assembly.Location));
            refs.Add(MetadataReference.CreateFromFile(typeof(Prog).Assembly.Location));
            return refs.ToImmutableArray();
        });

        private static readonly Lazy<IIncrementalGenerator?> s_generator = new(FindGenerator);

        /// <summary>True once the generator project contains an incremental generator.</summary>
        public static bool GeneratorAvailable => s_generator.Value != null;

        /// <summary>The generator under test (also used by the real-code check).</summary>
        public static IIncrementalGenerator Generator => s_generator.Value ?? throw new InvalidOperationException("no generator");

        /// <summary>The reference assemblies programs compile against: .NET 10, the Stackless runtime, the harness.</summary>
        public static ImmutableArray<MetadataReference> References => s_references.Value;

        private static IIncrementalGenerator? FindGenerator()
        {
            Assembly asm = Assembly.Load("Stackless.Generator");
            Type? t = asm.GetTypes().FirstOrDefault(t => !t.IsAbstract && typeof(IIncrementalGenerator).IsAssignableFrom(t));
            return t == null ? null : (IIncrementalGenerator)Activator.CreateInstance(t)!;
        }

        private static int s_batchNumber;

        /// <summary>
        /// The generator's output for each program (by name), without compiling or running it: to tell whether a program
        /// checked with an earlier generator gets the same frames from this one (see FrameHashes). Empty text: no output.
        /// </summary>
        public static Dictionary<string, string> GenerateOnly(IReadOnlyList<ProgramSource> programs)
        {
            var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(Prelude, s_parse, "Prelude.cs") };
            var byTypeName = new Dictionary<string, ProgramSource>();
            foreach (ProgramSource p in programs)
            {
                SyntaxTree tree = CSharpSyntaxTree.ParseText(p.CompilationUnit, s_parse, "Corpus/" + p.Name + ".cs");
                trees.Add(tree);
                foreach (string n in TopLevelTypeNames(tree)) byTypeName[n] = p;
            }
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Release, warningLevel: 9999, concurrentBuild: false);
            CSharpCompilation compilation = CSharpCompilation.Create("FuzzGen" + System.Threading.Interlocked.Increment(ref s_batchNumber),
                trees, s_references.Value, options);
            var generated = programs.ToDictionary(p => p.Name, _ => new StringBuilder());
            IIncrementalGenerator gen = s_generator.Value ?? throw new InvalidOperationException("no generator");
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { gen.AsSourceGenerator() }, parseOptions: s_parse);
            driver = driver.RunGenerators(compilation);
            foreach (GeneratorRunResult r in driver.GetRunResult().Results)
            {
                foreach (Diagnostic d in r.Diagnostics)
                    if (d.Location.SourceTree?.FilePath is string path && programs.FirstOrDefault(p => path == "Corpus/" + p.Name + ".cs") is ProgramSource dp)
                        generated[dp.Name].Append("// diagnostic ").Append(d.Id).Append('\n');
                foreach (GeneratedSourceResult g in r.GeneratedSources)
                {
                    ProgramSource? owner = null;
                    foreach (string n in TopLevelTypeNames(g.SyntaxTree))
                        if (byTypeName.TryGetValue(n, out owner)) break;
                    owner ??= programs.Where(p => g.HintName.Contains(p.Name, StringComparison.Ordinal)).OrderByDescending(p => p.Name.Length).FirstOrDefault();
                    if (owner != null)
                        generated[owner.Name].Append("// ---- ").Append(g.HintName).Append('\n').Append(g.SourceText.ToString()).Append('\n');
                }
            }
            return generated.ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
        }

        public static Dictionary<string, CompiledProgram> Compile(IReadOnlyList<ProgramSource> programs)
        {
            var results = new Dictionary<string, CompiledProgram>();
            CompileInto(programs, results);
            return results;
        }

        private static void CompileInto(IReadOnlyList<ProgramSource> programs, Dictionary<string, CompiledProgram> results)
        {
            var remaining = programs.ToList();
            for (int round = 0; remaining.Count > 0; round++)
            {
                Attempt attempt = Try(remaining);
                if (attempt.GeneratorException != null)
                {
                    if (remaining.Count == 1)
                    {
                        results[remaining[0].Name] = new CompiledProgram(remaining[0], null,
                            "generator threw: " + attempt.GeneratorException, "");
                        return;
                    }
                    // Which program makes it throw? Split and retry.
                    int half = remaining.Count / 2;
                    CompileInto(remaining.Take(half).ToList(), results);
                    CompileInto(remaining.Skip(half).ToList(), results);
                    return;
                }
                if (attempt.Failures.Count == 0 && attempt.BatchFailure == null)
                {
                    Assembly asm = Load(attempt.Output!, attempt.Image);
                    foreach (ProgramSource p in remaining)
                    {
                        Type? t = asm.GetType("Corpus." + p.Name);
                        results[p.Name] = t == null
                            ? new CompiledProgram(p, null, "type Corpus." + p.Name + " not found", attempt.GeneratedFor(p))
                            : new CompiledProgram(p, t, null, attempt.GeneratedFor(p));
                    }
                    return;
                }
                if (attempt.BatchFailure != null)
                {
                    if (remaining.Count == 1 || round > 3)
                    {
                        foreach (ProgramSource p in remaining)
                            results[p.Name] = new CompiledProgram(p, null, attempt.BatchFailure, attempt.GeneratedFor(p));
                        return;
                    }
                    int half = remaining.Count / 2;
                    CompileInto(remaining.Take(half).ToList(), results);
                    CompileInto(remaining.Skip(half).ToList(), results);
                    return;
                }
                foreach (KeyValuePair<ProgramSource, StringBuilder> f in attempt.Failures)
                    results[f.Key.Name] = new CompiledProgram(f.Key, null, f.Value.ToString(), attempt.GeneratedFor(f.Key));
                remaining.RemoveAll(p => attempt.Failures.ContainsKey(p));
            }
        }

        private sealed class Attempt
        {
            public Exception? GeneratorException;
            public string? BatchFailure;
            public readonly Dictionary<ProgramSource, StringBuilder> Failures = new();
            public Compilation? Output;
            public byte[]? Image;
            public readonly Dictionary<ProgramSource, StringBuilder> Generated = new();

            public void Fail(ProgramSource p, string message)
            {
                if (!Failures.TryGetValue(p, out StringBuilder? sb)) Failures[p] = sb = new StringBuilder();
                sb.AppendLine(message);
            }

            public string GeneratedFor(ProgramSource p) => Generated.TryGetValue(p, out StringBuilder? sb) ? sb.ToString() : "";
        }

        /// <summary>Milliseconds spent in each phase (parse+generate, diagnostics, emit+load), for tuning batch sizes.</summary>
        public static readonly long[] PhaseMs = new long[3];

        private static Attempt Try(List<ProgramSource> programs)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            try { return TryCore(programs, sw); }
            finally { PhaseMs[1] += sw.ElapsedMilliseconds; }
        }

        private static Attempt TryCore(List<ProgramSource> programs, System.Diagnostics.Stopwatch sw)
        {
            var attempt = new Attempt();
            var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(Prelude, s_parse, "Prelude.cs") };
            var byTree = new Dictionary<SyntaxTree, ProgramSource>();
            var byTypeName = new Dictionary<string, ProgramSource>();
            var byPath = new Dictionary<string, ProgramSource>();
            foreach (ProgramSource p in programs)
            {
                SyntaxTree tree = CSharpSyntaxTree.ParseText(p.CompilationUnit, s_parse, "Corpus/" + p.Name + ".cs");
                trees.Add(tree);
                byTree[tree] = p;
                byPath[tree.FilePath] = p;
                foreach (string n in TopLevelTypeNames(tree)) byTypeName[n] = p;
            }
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Release,
                warningLevel: 9999,
                concurrentBuild: false);
            CSharpCompilation compilation = CSharpCompilation.Create("FuzzBatch" + System.Threading.Interlocked.Increment(ref s_batchNumber),
                trees, s_references.Value, options);

            Compilation output = compilation;
            IIncrementalGenerator? gen = s_generator.Value;
            var generatedTrees = new HashSet<SyntaxTree>();
            if (gen != null && !ProgramSource.NoGenerator)
            {
                GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { gen.AsSourceGenerator() }, parseOptions: s_parse);
                driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out output, out ImmutableArray<Diagnostic> _);
                GeneratorDriverRunResult run = driver.GetRunResult();
                foreach (GeneratorRunResult r in run.Results)
                {
                    if (r.Exception != null)
                    {
                        attempt.GeneratorException = r.Exception;
                        return attempt;
                    }
                    foreach (Diagnostic d in r.Diagnostics)
                    {
                        if (d.Severity < DiagnosticSeverity.Warning) continue;
                        // The generator's model holds no Location, so its diagnostics may come back as file locations (no SourceTree).
                        ProgramSource? p = null;
                        if (d.Location.SourceTree != null) byTree.TryGetValue(d.Location.SourceTree, out p);
                        else if (d.Location.Kind != LocationKind.None) byPath.TryGetValue(d.Location.GetLineSpan().Path ?? "", out p);
                        if (p != null)
                            attempt.Fail(p, "generator diagnostic on a supported program: " + Describe(d));
                        else
                            attempt.BatchFailure = (attempt.BatchFailure ?? "") + "generator diagnostic without location: " + Describe(d) + "\n";
                    }
                    foreach (GeneratedSourceResult g in r.GeneratedSources)
                    {
                        generatedTrees.Add(g.SyntaxTree);
                        ProgramSource? owner = null;
                        foreach (string n in TopLevelTypeNames(g.SyntaxTree))
                            if (byTypeName.TryGetValue(n, out owner)) break;
                        // Fallback: the hint name names the type (longest program name it contains).
                        owner ??= programs.Where(p => g.HintName.Contains(p.Name, StringComparison.Ordinal))
                            .OrderByDescending(p => p.Name.Length).FirstOrDefault();
                        if (owner != null)
                        {
                            if (!attempt.Generated.TryGetValue(owner, out StringBuilder? sb)) attempt.Generated[owner] = sb = new StringBuilder();
                            sb.Append("// ---- ").Append(g.HintName).Append('\n').Append(g.SourceText.ToString()).Append('\n');
                            byTree[g.SyntaxTree] = owner;
                        }
                    }
                }
            }
            attempt.Output = output;
            PhaseMs[0] += sw.ElapsedMilliseconds;
            sw.Restart();

            // Which warning ids does each program's own code have? Generated code may repeat those, nothing else.
            var userWarnings = new Dictionary<ProgramSource, HashSet<string>>();
            // Emit once: its diagnostics are the compilation's (binding everything twice would double the cost).
            var pe = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult emitted = output.Emit(pe);
            attempt.Image = emitted.Success ? pe.ToArray() : null;
            ImmutableArray<Diagnostic> diags = emitted.Diagnostics;
            foreach (Diagnostic d in diags)
            {
                if (d.Severity < DiagnosticSeverity.Warning) continue;
                SyntaxTree? tree = d.Location.SourceTree;
                if (tree == null || generatedTrees.Contains(tree) || !byTree.TryGetValue(tree, out ProgramSource? p)) continue;
                if (d.Severity == DiagnosticSeverity.Warning && s_userWarningsAllowed.Contains(d.Id))
                {
                    if (!userWarnings.TryGetValue(p, out HashSet<string>? set)) userWarnings[p] = set = new HashSet<string>();
                    set.Add(d.Id);
                    continue;
                }
                attempt.Fail(p, "error in the program's own code: " + Describe(d));
            }
            foreach (Diagnostic d in diags)
            {
                if (d.Severity < DiagnosticSeverity.Warning) continue;
                SyntaxTree? tree = d.Location.SourceTree;
                if (tree == null || !generatedTrees.Contains(tree)) continue;
                if (!byTree.TryGetValue(tree, out ProgramSource? p))
                {
                    attempt.BatchFailure = (attempt.BatchFailure ?? "") + "diagnostic in generated code of unknown program: " + Describe(d) + "\n";
                    continue;
                }
                if (d.Severity == DiagnosticSeverity.Warning && userWarnings.TryGetValue(p, out HashSet<string>? allowed) && allowed.Contains(d.Id))
                    continue;
                attempt.Fail(p, (d.Severity == DiagnosticSeverity.Error ? "compile error" : "warning") + " in generated code: " + Describe(d));
            }
            foreach (Diagnostic d in diags)
            {
                if (d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree == null)
                    attempt.BatchFailure = (attempt.BatchFailure ?? "") + "compile error: " + Describe(d) + "\n";
            }
            return attempt;
        }

        private static string Describe(Diagnostic d)
        {
            string where = "";
            if (d.Location.Kind != LocationKind.None)
            {
                FileLinePositionSpan span = d.Location.GetLineSpan();
                string line = d.Location.SourceTree?.GetText().Lines[span.StartLinePosition.Line].ToString().Trim() ?? "";
                where = $"{Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): `{line}` ";
            }
            return $"{where}{d.Id}: {d.GetMessage()}";
        }

        private static IEnumerable<string> TopLevelTypeNames(SyntaxTree tree)
        {
            foreach (BaseTypeDeclarationSyntax t in tree.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax || n is BaseNamespaceDeclarationSyntax)
                         .OfType<BaseTypeDeclarationSyntax>())
                yield return t.Identifier.ValueText;
        }

        private static Assembly Load(Compilation output, byte[]? image)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            try { return LoadCore(output, image); }
            finally { PhaseMs[2] += sw.ElapsedMilliseconds; }
        }

        private static Assembly LoadCore(Compilation output, byte[]? image)
        {
            if (image == null)
                throw new InvalidOperationException("emit failed without an error attributed to a program");
            using var pe = new MemoryStream(image);
            // Collectible, and it resolves Stackless and the harness from the default context, so the types match.
            var alc = new AssemblyLoadContext(output.AssemblyName, isCollectible: true);
            return alc.LoadFromStream(pe);
        }
    }
}
