using System;
using System.Collections.Generic;
using System.Linq;
using Stackless.Fuzz.Tests.Oracle;

namespace Stackless.Fuzz.Tests.Fuzz
{
    /// <summary>One failing fuzz program: its seed, the oracle's verdict and the program text.</summary>
    public sealed record FuzzFailure(int Seed, string Signature, string Difference, string Program, string Generated);

    /// <summary>Generates, compiles (in batches) and checks fuzz programs.</summary>
    public static class FuzzRunner
    {
        public static string ClassName(int seed) => "Fuzz_" + seed;

        public static ProgramSource Source(FuzzProgram p, string className, string origin)
            => new(className, p.Render(className), origin);

        /// <summary>Runs seeds [from, from+count) in batches; returns the failures.</summary>
        public static List<FuzzFailure> Run(int from, int count, int batch, GrammarOptions? options = null, Action<int, int>? progress = null, Action<FuzzFailure>? onFailure = null)
            => Run(Enumerable.Range(from, count).ToList(), batch, options, progress, onFailure);

        /// <summary>
        /// Runs the given seeds in batches; returns the failures. <paramref name="onChecked"/> sees each program's generated
        /// text, generated code and verdict (null: it passed). <paramref name="beforeCompile"/> and <paramref name="beforeCheck"/>
        /// say what is about to run, so that a supervisor can name the program if the process dies (see FuzzSupervisor).
        /// </summary>
        public static List<FuzzFailure> Run(IReadOnlyList<int> seeds, int batch, GrammarOptions? options = null, Action<int, int>? progress = null,
            Action<FuzzFailure>? onFailure = null, Action<int, string, string, string?>? onChecked = null,
            Action<IReadOnlyList<int>>? beforeCompile = null, Action<int>? beforeCheck = null)
        {
            var failures = new List<FuzzFailure>();
            for (int start = 0; start < seeds.Count; start += batch)
            {
                int n = Math.Min(batch, seeds.Count - start);
                var sources = seeds.Skip(start).Take(n)
                    .Select(seed => Source(ProgramGenerator.Generate(seed, options), ClassName(seed), "seed " + seed))
                    .ToList();
                beforeCompile?.Invoke(seeds.Skip(start).Take(n).ToList());
                Dictionary<string, CompiledProgram> compiled = BatchCompiler.Compile(sources);
                for (int i = 0; i < n; i++)
                {
                    int seed = seeds[start + i];
                    CompiledProgram c = compiled[ClassName(seed)];
                    beforeCheck?.Invoke(seed);
                    string? diff = DifferentialRunner.Check(c);
                    onChecked?.Invoke(seed, c.Source.Text, c.Generated, diff);
                    if (diff != null)
                    {
                        var failure = new FuzzFailure(seed, Signature(diff), diff, c.Source.Text, c.Generated);
                        failures.Add(failure);
                        onFailure?.Invoke(failure);
                    }
                }
                progress?.Invoke(start + n, failures.Count);
            }
            return failures;
        }

        /// <summary>
        /// A coarse class of failure, kept equal while shrinking: the generator's exception, a diagnostic id, a
        /// compile error id in generated code, or a runtime difference. "invalid" marks a program the grammar
        /// should never have produced (its own code does not compile, or it deadlocks or runs away when called directly).
        /// </summary>
        public static string Signature(string diff)
        {
            string first = diff.TrimStart();
            if (first.StartsWith("generator threw", StringComparison.Ordinal)) return "generator-exception";
            // An error in the program's own code makes it invalid, unless it is only the missing SpawnM of a refused method.
            foreach (System.Text.RegularExpressions.Match e in System.Text.RegularExpressions.Regex.Matches(first, @"(?m)^error in the program's own code: ([^\n]*)"))
                if (!e.Groups[1].Value.Contains("Spawn", StringComparison.Ordinal)) return "invalid";
            var m = System.Text.RegularExpressions.Regex.Match(first, @"(?m)^generator diagnostic[^\n]*?(TSK\d+): ([^:\n]{0,40})");
            if (m.Success) return "diagnostic " + m.Groups[1].Value + ": " + m.Groups[2].Value.Trim();
            m = System.Text.RegularExpressions.Regex.Match(first, @"(?m)^(compile error|warning) in generated code[^\n]*?(CS\d+)");
            if (m.Success) return "generated " + m.Groups[2].Value;
            if (first.Contains("error in the program's own code", StringComparison.Ordinal)) return "invalid";
            if (first.StartsWith("the program deadlocks", StringComparison.Ordinal) || first.StartsWith("direct run:", StringComparison.Ordinal)) return "invalid";
            return "runtime difference";
        }
    }
}
