using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Stackless.Fuzz.Tests.Oracle;

namespace Stackless.Fuzz.Tests.RealCode
{
    /// <summary>
    /// <c>--real-code DIR</c>: C# nobody here wrote, turned into tasklet code by <see cref="TaskletMarker"/>, must compile
    /// with no error and no warning in generated code. A method the generator refuses must get a TSK diagnostic at the
    /// user's code, and its callers must still compile. Files under bin/, obj/ and *.Tests/ are left out, and so are
    /// files that do not compile as they are (against .NET 10 and nothing else, e.g. code that needs a NuGet package).
    /// With <c>--run 1</c>, the methods are then called both ways and must agree (see <see cref="RealCodeRuns"/>).
    /// </summary>
    public static class RealCodeCheck
    {
        private static readonly CSharpParseOptions s_parse = new(LanguageVersion.Latest);

        /// <summary>What the check saw (for tests): methods marked and refused, diagnostics in generated code, the runs.</summary>
        public sealed record Report(int Marked, int Refused, int InGenerated, bool GeneratorThrew, RealCodeRuns.Totals? Runs, int ExitCode);

        public static int Run(string dir, bool runBoth) => Check(dir, runBoth).ExitCode;

        public static Report Check(string dir, bool runBoth)
        {
            var files = Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" || part.EndsWith(".Tests", StringComparison.Ordinal)))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
            var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), s_parse, f)).ToList();

            // The code as it is: leave out files with errors (a missing package), until what is left compiles.
            var left = new List<string>();
            for (int round = 0; round < 6; round++)
            {
                var bad = Compile(trees).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree != null)
                    .Select(d => d.Location.SourceTree!).Distinct().ToList();
                if (bad.Count == 0) break;
                left.AddRange(bad.Select(t => t.FilePath));
                trees = trees.Except(bad).ToList();
            }
            Console.WriteLine($"{files.Count} files; {left.Count} left out because they do not compile as they are: " +
                string.Join(", ", left.Select(Path.GetFileName)));

            // A first pass finds the methods the generator refuses; the second marks them without Schedule() (see TaskletMarker).
            var refused = new Dictionary<string, HashSet<int>>();
            var firstMarker = new TaskletMarker();
            var first = trees.Select(t => CSharpSyntaxTree.ParseText(firstMarker.Visit(t.GetRoot())!.ToFullString(), s_parse, t.FilePath)).ToList();
            CSharpGeneratorDriver.Create(new[] { BatchCompiler.Generator.AsSourceGenerator() }, parseOptions: s_parse)
                .RunGeneratorsAndUpdateCompilation(Compile(first), out Compilation _, out ImmutableArray<Diagnostic> firstDiagnostics);
            foreach (Diagnostic d in firstDiagnostics)
            {
                SyntaxTree? tree = d.Location.SourceTree ?? first.FirstOrDefault(t => t.FilePath == d.Location.GetLineSpan().Path);
                if (d.Severity != DiagnosticSeverity.Error || tree == null) continue;
                int ordinal = TaskletMarker.MethodOrdinalAt(tree, d.Location.SourceSpan);
                if (ordinal < 0) continue;
                if (!refused.TryGetValue(tree.FilePath, out HashSet<int>? set)) refused[tree.FilePath] = set = new HashSet<int>();
                set.Add(ordinal);
            }
            var marker = new TaskletMarker();
            var marked = trees.Select(t =>
            {
                var fileMarker = new TaskletMarker(refused.TryGetValue(t.FilePath, out HashSet<int>? r) ? r : null);
                SyntaxNode root = fileMarker.Visit(t.GetRoot())!;
                marker.Add(fileMarker);
                return CSharpSyntaxTree.ParseText(root.ToFullString(), s_parse, t.FilePath);
            }).ToList();
            Console.WriteLine($"first pass: {refused.Values.Sum(r => r.Count)} methods refused; marked again without Schedule()");
            CSharpCompilation compilation = Compile(marked);
            var userErrorsBefore = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { BatchCompiler.Generator.AsSourceGenerator() }, parseOptions: s_parse);
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> _);
            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            var generatedTrees = result.GeneratedSources.Select(g => g.SyntaxTree).ToHashSet();
            ImmutableArray<Diagnostic> all = output.GetDiagnostics();
            var inGenerated = all.Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree != null && generatedTrees.Contains(d.Location.SourceTree)).ToList();
            var inUser = all.Where(d => d.Severity == DiagnosticSeverity.Error && !(d.Location.SourceTree != null && generatedTrees.Contains(d.Location.SourceTree))).ToList();

            Console.WriteLine($"{marker.Marked} methods marked [Tasklet] in {marked.Count} files; {result.GeneratedSources.Length} files generated " +
                $"({result.GeneratedSources.Sum(g => g.SourceText.Length):N0} characters)");
            if (result.Exception != null) Console.WriteLine("GENERATOR THREW: " + result.Exception);
            foreach (var g in result.Diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key))
            {
                Console.WriteLine($"  {g.Key} × {g.Count()} ({g.First().Severity})");
                foreach (Diagnostic d in g.Take(3)) Console.WriteLine("      " + Describe(d));
            }
            Console.WriteLine($"errors in the marked user code (besides TSK): {inUser.Count(d => !d.Id.StartsWith("TSK", StringComparison.Ordinal))} " +
                $"(before the generator ran: {userErrorsBefore.Count})");
            foreach (Diagnostic d in inUser.Where(d => !d.Id.StartsWith("TSK", StringComparison.Ordinal)).Take(20)) Console.WriteLine("      " + Describe(d));
            Console.WriteLine($"errors and warnings in generated code: {inGenerated.Count}");
            foreach (Diagnostic d in inGenerated.Take(40)) Console.WriteLine("      " + Describe(d));
            // The user's own errors (other than the missing Spawn of a refused method) would be the marker's fault, not the generator's.
            // An error in the user's code after marking (besides TSK) is the marker's fault, but it stops the check too.
            int markerErrors = inUser.Count(d => !d.Id.StartsWith("TSK", StringComparison.Ordinal));
            bool ok = result.Exception == null && inGenerated.Count == 0 && markerErrors == 0;
            RealCodeRuns.Totals? runs = null;
            if (ok && runBoth)
            {
                var pe = new MemoryStream();
                Microsoft.CodeAnalysis.Emit.EmitResult emitted = output.Emit(pe);
                if (!emitted.Success)
                {
                    Console.WriteLine("emit failed: " + string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10).Select(Describe)));
                    return new Report(marker.Marked, marker.RefusedNames.Count, inGenerated.Count, false, null, 1);
                }
                var alc = new System.Runtime.Loader.AssemblyLoadContext("RealCode", isCollectible: true);
                System.Reflection.Assembly asm = alc.LoadFromStream(new MemoryStream(pe.ToArray()));
                RealCodeRuns.Totals totals = runs = RealCodeRuns.Run(asm, marker.MarkedNames.Except(marker.RefusedNames).ToList(),
                    progress: Environment.GetEnvironmentVariable("STACKLESS_REAL_CODE_TRACE") == "1" ? name => Console.Error.WriteLine("run " + name) : null);
                Console.WriteLine($"run both ways: {totals.Methods} methods ({totals.Skipped} marked methods skipped: no Spawn twin, or parameters " +
                    $"this check cannot make up), {totals.Agreed} calls agree, {totals.Disagreed} disagree, {totals.TooLong} did not finish within the budget, " +
                    $"{totals.OrdinarySuspends} suspended in ordinary code (a [Tasklet] method called from a lambda reached its Schedule(): the documented " +
                    $"InvalidOperationException), {totals.Nondeterministic} differ between two direct calls already (Random)");
                foreach (string d in totals.Disagreements) Console.WriteLine("  DISAGREE " + d);
                ok = totals.Disagreed == 0;
            }
            Console.WriteLine(ok ? "REAL CODE: the generated code compiles cleanly" + (runBoth ? " and both runs agree" : "") : "REAL CODE: FAILED");
            return new Report(marker.Marked, marker.RefusedNames.Count, inGenerated.Count, result.Exception != null, runs, ok ? 0 : 1);
        }

        private static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees) =>
            CSharpCompilation.Create("RealCode", trees, BatchCompiler.References,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                    optimizationLevel: OptimizationLevel.Release, allowUnsafe: true));

        private static string Describe(Diagnostic d)
        {
            FileLinePositionSpan span = d.Location.GetLineSpan();
            string where = d.Location.Kind == LocationKind.None ? "" : $"{Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): ";
            return $"{where}{d.Id}: {d.GetMessage()}";
        }
    }
}
