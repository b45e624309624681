using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace Stackless.Benchmarks.GeneratorCost
{
    /// <summary>
    /// <c>--gencost --ab PATH[,PATH…]</c>: this build's generator against other builds of it (e.g. main's) in one process, in
    /// interleaved rounds, so a change of the machine's load or of the JIT's tiering does not favour the side measured
    /// last. Per round and side: a full generation on a fresh driver, then the emit (with a portable PDB, as a build
    /// writes one) of the project with that side's generated code; the emit of the project alone is measured in the
    /// same rounds. The other build is loaded in its own load context (both are the same assembly name).
    /// </summary>
    internal static class GeneratorAb
    {
        private sealed record Side(string Name, IIncrementalGenerator Generator, Compilation Output, long Characters, int LineDirectives, int Lines);

        /// <param name="otherPaths">Other builds, comma-separated; each is a side of its own.</param>
        public static void Run(IIncrementalGenerator current, string otherPaths, CSharpCompilation compilation, CSharpParseOptions parse, int rounds)
        {
            var sides = new List<Side>();
            var generators = otherPaths.Split(',').Select(p => ("other: " + p, Load(p))).Append(("this build", current));
            foreach ((string name, IIncrementalGenerator g) in generators)
            {
                // The first generation of each side warms its JIT and gives the output the emits compile.
                GeneratorCostRunner.NewDriver(g, parse).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
                if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) || output.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
                    throw new InvalidOperationException(name + ": the generated project has errors");
                List<string> texts = output.SyntaxTrees.Where(t => !compilation.SyntaxTrees.Contains(t)).Select(t => t.GetText().ToString()).ToList();
                int directives = texts.Sum(t => t.Split('\n').Count(l => l.StartsWith("#line", StringComparison.Ordinal)));
                int lines = texts.Sum(t => t.Split('\n').Length);
                sides.Add(new Side(name, g, output, texts.Sum(t => (long)t.Length), directives, lines));
            }

            var generation = sides.Select(_ => new List<double>()).ToArray();
            var emit = sides.Select(_ => new List<double>()).ToArray();
            var emitAlone = new List<double>();
            int run = 0;
            for (int round = 0; round <= rounds; round++) // round 0 warms the emit paths and is not counted
            {
                for (int i = 0; i < sides.Count; i++)
                {
                    int k = (i + round) % sides.Count; // rotate which side goes first
                    TimeSpan c0 = GeneratorCostRunner.Cpu();
                    // As a build runs it: no step tracking (recording every step's outputs costs a pipeline with a
                    // Collect and a Combine several times its own work; a compiler or an IDE records none).
                    GeneratorCostRunner.NewDriver(sides[k].Generator, parse, track: false).RunGenerators(compilation.WithAssemblyName("AB" + run++));
                    TimeSpan c1 = GeneratorCostRunner.Cpu();
                    EmitWithPdb(sides[k].Output.WithAssemblyName("AB" + run++));
                    TimeSpan c2 = GeneratorCostRunner.Cpu();
                    if (round == 0) continue;
                    generation[k].Add((c1 - c0).TotalMilliseconds);
                    emit[k].Add((c2 - c1).TotalMilliseconds);
                }
                TimeSpan a0 = GeneratorCostRunner.Cpu();
                EmitWithPdb(compilation.WithAssemblyName("AB" + run++));
                if (round > 0) emitAlone.Add((GeneratorCostRunner.Cpu() - a0).TotalMilliseconds);
            }

            double alone = GeneratorCostRunner.Median(emitAlone);
            Console.WriteLine();
            Console.WriteLine($"A/B, {rounds} interleaved rounds after a warm-up, CPU ms of the process (all threads), medians; emit of the project alone {alone:N0}; load average {File.ReadAllText("/proc/loadavg").Trim()}");
            Console.WriteLine();
            Console.WriteLine("| generator | characters | lines | #line directives | generation | extra emit (with PDB) | added to the build (bar ≤ 2,000) | the same from the minima |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            for (int i = 0; i < sides.Count; i++)
            {
                double gen = GeneratorCostRunner.Median(generation[i]);
                double extra = Math.Max(0, GeneratorCostRunner.Median(emit[i]) - alone);
                // On a loaded machine (other builds on its two cores) the medians drift with the load; the minima of CPU
                // time, interleaved, are the least disturbed figure of each side.
                double minGen = generation[i].Min(), minExtra = Math.Max(0, emit[i].Min() - emitAlone.Min());
                Console.WriteLine($"| {sides[i].Name} | {sides[i].Characters:N0} | {sides[i].Lines:N0} | {sides[i].LineDirectives:N0} | {gen:N0} | {extra:N0} | {gen + extra:N0} | {minGen:N0} + {minExtra:N0} = {minGen + minExtra:N0} |");
            }
            for (int i = 0; i < sides.Count; i++)
                Console.WriteLine($"{sides[i].Name}: generation [{string.Join(", ", generation[i].Select(v => v.ToString("F0")))}], emit [{string.Join(", ", emit[i].Select(v => v.ToString("F0")))}]");
            Console.WriteLine($"emit alone [{string.Join(", ", emitAlone.Select(v => v.ToString("F0")))}]");
        }

        internal static void EmitWithPdb(Compilation c)
        {
            using var pe = new MemoryStream();
            using var pdb = new MemoryStream();
            EmitResult result = c.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
            if (!result.Success) throw new InvalidOperationException("emit failed: " + result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error));
        }

        /// <summary>Another build of the generator, in a load context of its own that shares Roslyn with this process.</summary>
        private static IIncrementalGenerator Load(string path)
        {
            var context = new GeneratorLoadContext(Path.GetFullPath(path));
            Assembly asm = context.LoadFromAssemblyPath(Path.GetFullPath(path));
            Type type = asm.GetType("Stackless.Generator.TaskletGenerator", throwOnError: true)!;
            return (IIncrementalGenerator)Activator.CreateInstance(type)!;
        }

        private sealed class GeneratorLoadContext : AssemblyLoadContext
        {
            private readonly string _path;

            public GeneratorLoadContext(string path) : base("other generator") => _path = path;

            // Only the generator itself is this context's; Roslyn and the framework resolve to the default context's copies.
            protected override Assembly? Load(AssemblyName name) =>
                name.Name == "Stackless.Generator" ? LoadFromAssemblyPath(_path) : null;
        }
    }
}
