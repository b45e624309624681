using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Stackless.Benchmarks.GeneratorCost
{
    /// <summary>
    /// <c>--gencost [methods]</c>: the generator's cost on a synthetic project with 1,000 [Tasklet] methods
    /// (design.md §6: ≤ 2 s added to a full build; an unrelated edit regenerates nothing). Measures, in this
    /// process with CSharpGeneratorDriver: the first (cold) generation, the median of warm full generations on
    /// fresh drivers, the extra compile (emit) time of the generated code, and then the incremental run after an
    /// unrelated edit, listing every tracked step's output reasons. Not a unit test: a measurement.
    /// </summary>
    internal static class GeneratorCostRunner
    {
        public static int Run(string[] args)
        {
            int methods = args.Length > 0 && int.TryParse(args[0], out int n) ? n : 1_000;
            // --generate-only K: only K warm generations, nothing else (a steady workload to profile with perf).
            int generateOnly = Array.IndexOf(args, "--generate-only") is int g and >= 0 && g + 1 < args.Length ? int.Parse(args[g + 1]) : 0;
            // --generator PATH: measure another build of the generator (e.g. main's, for a before/after table) with this harness.
            string? generatorPath = Array.IndexOf(args, "--generator") is int p and >= 0 && p + 1 < args.Length ? args[p + 1] : null;
            IIncrementalGenerator generator = LoadGenerator(generatorPath);
            List<(string path, string text)> files = SyntheticProject.Files(methods);
            var parse = new CSharpParseOptions(LanguageVersion.Latest);
            // With an encoding, as a build reads files: a PDB (the --ab mode emits one) needs it.
            SyntaxTree[] trees = files.Select(f => CSharpSyntaxTree.ParseText(SourceText.From(f.text, System.Text.Encoding.UTF8), parse, f.path)).ToArray();
            CSharpCompilation compilation = CSharpCompilation.Create("Synthetic", trees, References(),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            Require(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList(), "the synthetic project (before generation)");

            Console.WriteLine($"Generator cost: {methods:N0} [Tasklet] methods in {trees.Length - 1} files (+1 unrelated file), Roslyn {typeof(CSharpCompilation).Assembly.GetName().Version}");
            if (generateOnly > 0)
            {
                for (int i = 0; i < generateOnly; i++)
                {
                    var sw0 = Stopwatch.StartNew();
                    TimeSpan c0 = Cpu();
                    NewDriver(generator, parse, track: false).RunGenerators(compilation.WithAssemblyName("Profile" + i)); // as a build runs it
                    Console.WriteLine($"generation {i + 1}: {sw0.Elapsed.TotalMilliseconds:N0} ms wall, {(Cpu() - c0).TotalMilliseconds:N0} ms CPU");
                }
                return 0;
            }

            // --edit-only K [--edit body]: only K untracked incremental runs after one edit (a file with no tasklet, or with
            // --edit body inside one tasklet's body), each from the state before it (a steady workload to profile with perf).
            if (Array.IndexOf(args, "--edit-only") is int eo and >= 0 && eo + 1 < args.Length)
            {
                GeneratorDriver before = NewDriver(generator, parse, track: false).RunGenerators(compilation);
                bool inBody = Array.IndexOf(args, "--edit") is int ek and >= 0 && ek + 1 < args.Length && args[ek + 1] == "body";
                int target = inBody ? 0 : trees.Length - 1;
                string text = inBody
                    ? trees[0].GetText().ToString().Replace("output.Send(i * 0);", "output.Send(i - 0);")
                    : SyntheticProject.Unrelated(1);
                // --with-tracked: a run of a driver that records its steps before each (as the incremental table does).
                GeneratorDriver? tracked = Array.IndexOf(args, "--with-tracked") >= 0 ? NewDriver(generator, parse).RunGenerators(compilation) : null;
                for (int i = 0; i < int.Parse(args[eo + 1]); i++)
                {
                    if (tracked != null)
                        tracked.RunGenerators(compilation.ReplaceSyntaxTree(trees[target], CSharpSyntaxTree.ParseText(text, parse, trees[target].FilePath)));
                    SyntaxTree tree = CSharpSyntaxTree.ParseText(text, parse, trees[target].FilePath);
                    CSharpCompilation afterEdit = compilation.ReplaceSyntaxTree(trees[target], tree);
                    int gen2 = GC.CollectionCount(2), gen0 = GC.CollectionCount(0);
                    TimeSpan pause = GC.GetTotalPauseDuration();
                    TimeSpan c0 = Cpu();
                    before.RunGenerators(afterEdit);
                    Console.WriteLine($"edit run {i + 1}: {(Cpu() - c0).TotalMilliseconds:N0} ms CPU (GCs gen0 {GC.CollectionCount(0) - gen0}, gen2 {GC.CollectionCount(2) - gen2}, pause {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:N0} ms)");
                }
                return 0;
            }

            // 1. Cold: the first generation in this process (JIT of the generator and of Roslyn's paths included).
            var sw = Stopwatch.StartNew();
            TimeSpan cpu0 = Cpu();
            GeneratorDriver driver = NewDriver(generator, parse).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> genDiagnostics);
            double coldMs = sw.Elapsed.TotalMilliseconds;
            double coldCpu = (Cpu() - cpu0).TotalMilliseconds;
            GeneratorRunResult first = driver.GetRunResult().Results[0];
            if (first.Exception != null) throw new InvalidOperationException("the generator threw", first.Exception);
            Require(genDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList(), "the generator's diagnostics");
            Require(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList(), "the project with the generated code");
            int generatedFiles = first.GeneratedSources.Length;
            long generatedChars = first.GeneratedSources.Sum(s => (long)s.SourceText.Length);

            // --dump DIR: writes the generated files there (to read what the compile of the generated code pays for).
            if (Array.IndexOf(args, "--dump") is int d and >= 0 && d + 1 < args.Length)
            {
                Directory.CreateDirectory(args[d + 1]);
                foreach (GeneratedSourceResult s in first.GeneratedSources)
                    File.WriteAllText(Path.Combine(args[d + 1], s.HintName), s.SourceText.ToString());
                Console.WriteLine($"{generatedFiles:N0} files, {generatedChars:N0} characters written to {args[d + 1]}");
                return 0;
            }

            // --emit-only K: only K emits (with PDB) of the project with the generated code (a steady workload to profile with perf).
            if (Array.IndexOf(args, "--emit-only") is int e and >= 0 && e + 1 < args.Length)
            {
                for (int i = 0; i < int.Parse(args[e + 1]); i++)
                {
                    TimeSpan c0 = Cpu();
                    GeneratorAb.EmitWithPdb(output.WithAssemblyName("Profile" + i));
                    Console.WriteLine($"emit {i + 1}: {(Cpu() - c0).TotalMilliseconds:N0} ms CPU");
                }
                return 0;
            }

            // --ab PATH [--rounds N]: this build against another build of the generator, interleaved in this process.
            if (Array.IndexOf(args, "--ab") is int ab and >= 0 && ab + 1 < args.Length)
            {
                int rounds = Array.IndexOf(args, "--rounds") is int r and >= 0 && r + 1 < args.Length ? int.Parse(args[r + 1]) : 5;
                GeneratorAb.Run(generator, args[ab + 1], compilation, parse, rounds);
                return 0;
            }

            if (Array.IndexOf(args, "--variants") >= 0)
            {
                // --rounds N (default 3); --only a,b: only the variants whose names contain one of these.
                int vr = Array.IndexOf(args, "--rounds") is int r2 and >= 0 && r2 + 1 < args.Length ? int.Parse(args[r2 + 1]) : 3;
                string[]? only = Array.IndexOf(args, "--only") is int o and >= 0 && o + 1 < args.Length ? args[o + 1].Split(',') : null;
                EmitVariants(compilation, output, parse, vr, only);
                return 0;
            }

            // --incremental-only: only the incremental runs of step 4 (after the cold generation they start from).
            bool incrementalOnly = Array.IndexOf(args, "--incremental-only") >= 0;
            if (!incrementalOnly)
                FullBuild(generator, compilation, output, parse, generatedFiles, generatedChars, coldMs, coldCpu);

            // 4. Incrementality: an unrelated edit (a file with no tasklet), then an edit of a non-tasklet member in a file with tasklets.
            bool ok = true;
            // A build (compiler server, IDE) records no steps: the incremental runs are timed on a driver that does not either,
            // beside one that does (its step table is printed).
            GeneratorDriver untracked = NewDriver(generator, parse, track: false).RunGenerators(compilation);
            ok &= Incremental(untracked, "edit of a file with no tasklet", driver, compilation, generator, trees,
                trees.Length - 1, CSharpSyntaxTree.ParseText(SyntheticProject.Unrelated(1), parse, "Unrelated.cs"));
            SyntaxTree t0 = trees[0];
            string edited = t0.GetText().ToString().Replace("public static int Helper0(int x) => x * 2 + 0;", "public static int Helper0(int x) => x * 3 + 1;");
            ok &= Incremental(untracked, "edit of a non-tasklet method in a file with tasklets", driver, compilation, generator, trees,
                0, CSharpSyntaxTree.ParseText(edited, parse, t0.FilePath));
            // An edit inside one tasklet's body (same length, so the methods after it in the file stay where they were):
            // its lowering, model and source run again, nothing else.
            string body = t0.GetText().ToString().Replace("output.Send(i * 0);", "output.Send(i - 0);");
            ok &= Incremental(untracked, "edit inside the body of one tasklet (Produce0)", driver, compilation, generator, trees,
                0, CSharpSyntaxTree.ParseText(body, parse, t0.FilePath), expectedModified: 1);
            // An edit that adds a line to the first tasklet's body: the methods after it in its file move. Its lowering runs
            // again; the others' are kept and only written again with their lines moved (the inputs, placed results, models
            // and source outputs of the moved methods change; the key and lowering steps only for the edited one).
            string moved = t0.GetText().ToString().Replace("output.Send(i * 0);", "output.Send(i * 0);\n            output.Send(i);");
            ok &= Incremental(untracked, "edit inside the body of one tasklet that adds a line (Produce0; the methods after it in its file move)", driver, compilation, generator, trees,
                0, CSharpSyntaxTree.ParseText(moved, parse, t0.FilePath), expectedModified: 1, movesOthers: true);
            // A comment line between two members: no key changes (whitespace and comments are in none), the methods after
            // it move and are written again; nothing is lowered.
            string commented = t0.GetText().ToString().Replace("\n        [Tasklet]\n        public static int Sum1(", "\n        // Sum1 adds up.\n        [Tasklet]\n        public static int Sum1(");
            if (commented == t0.GetText().ToString()) throw new InvalidOperationException("the comment edit found no Sum1");
            ok &= Incremental(untracked, "edit adding a comment line between two tasklets (before Sum1; the methods after it in its file move)", driver, compilation, generator, trees,
                0, CSharpSyntaxTree.ParseText(commented, parse, t0.FilePath), expectedModified: 0, movesOthers: true);
            Console.WriteLine();
            Console.WriteLine(ok
                ? "Incrementality: PASS — after each edit every tracked output of the generator's steps and every source output is Cached or Unchanged, but the edited tasklet's own (one per step)."
                : "Incrementality: FAIL — see the steps above with New/Modified/Removed outputs.");
            return ok ? 0 : 1;
        }

        /// <summary>Steps 2 and 3: warm full generations and the extra emit of what they generate.</summary>
        private static void FullBuild(IIncrementalGenerator generator, CSharpCompilation compilation, Compilation output, CSharpParseOptions parse,
            int generatedFiles, long generatedChars, double coldMs, double coldCpu)
        {
            // 2. Warm: full generations on fresh drivers (each one sees everything as new), median; untracked, as a build runs.
            int run = 0;
            (double warmWall, double warmCpu) = MedianMs(() =>
                NewDriver(generator, parse, track: false).RunGenerators(compilation.WithAssemblyName("Synthetic" + run++)), 5);  // a new compilation: nothing shared but the trees
            // 2b. Steady state: 5 more. The first warm runs still pay tier-1 re-JIT of the generator and of Roslyn's binder
            // (the NuGet package this process loads is not ReadyToRun, unlike the SDK's compiler), which a long-lived compiler server does not.
            (double steadyWall, double steadyCpu) = MedianMs(() =>
                NewDriver(generator, parse, track: false).RunGenerators(compilation.WithAssemblyName("Synthetic" + run++)), 5);

            // 3. The compile cost of what it generated: emit with and without the generated sources, median.
            (double emitWithout, double emitWithoutCpu) = MedianMs(() => Emit(compilation.WithAssemblyName("A" + Guid.NewGuid().ToString("N"))), 3);
            (double emitWith, double emitWithCpu) = MedianMs(() => Emit(output.WithAssemblyName("B" + Guid.NewGuid().ToString("N"))), 3);

            Console.WriteLine();
            Console.WriteLine($"generated: {generatedFiles:N0} files, {generatedChars:N0} characters; load average {File.ReadAllText("/proc/loadavg").Trim()}");
            Console.WriteLine();
            Console.WriteLine("| measure | wall ms | CPU ms (all threads) |");
            Console.WriteLine("|---|---:|---:|");
            Console.WriteLine($"| first generation (cold process, includes JIT) | {coldMs:N0} | {coldCpu:N0} |");
            Console.WriteLine($"| full generation, warm, median of 5 fresh drivers | {warmWall:N0} | {warmCpu:N0} |");
            Console.WriteLine($"| full generation, steady state, median of the next 5 | {steadyWall:N0} | {steadyCpu:N0} |");
            Console.WriteLine($"| emit without generated code (median of 3) | {emitWithout:N0} | {emitWithoutCpu:N0} |");
            Console.WriteLine($"| emit with generated code (median of 3) | {emitWith:N0} | {emitWithCpu:N0} |");
            Console.WriteLine($"| added to the build ≈ warm generation + extra emit (bar ≤ 2,000 ms) | {warmWall + Math.Max(0, emitWith - emitWithout):N0} | {warmCpu + Math.Max(0, emitWithCpu - emitWithoutCpu):N0} |");
        }

        /// <summary>
        /// <c>--variants</c>: what the compile of the generated code would cost with parts of its text left out (an
        /// experiment to decide what to emit less of; the variants need not be correct code for a debugger).
        /// </summary>
        private static void EmitVariants(CSharpCompilation compilation, Compilation output, CSharpParseOptions parse, int rounds, string[]? only)
        {
            List<SyntaxTree> generated = output.SyntaxTrees.Where(t => !compilation.SyntaxTrees.Contains(t)).ToList();
            Func<string, bool> attributes = l => l.TrimStart().StartsWith("[global::System.CodeDom", StringComparison.Ordinal)
                || l.TrimStart().StartsWith("[global::System.ComponentModel", StringComparison.Ordinal);
            var variants = new (string Name, Func<string, bool> Drop, bool Merge)[]
            {
                ("as generated", l => false, false),
                ("without #line", l => l.TrimStart().StartsWith("#line", StringComparison.Ordinal), false),
                ("without /// comments and attributes", l => l.TrimStart().StartsWith("///", StringComparison.Ordinal) || l.TrimStart().StartsWith("[global::", StringComparison.Ordinal), false),
                ("without // comments", l => l.TrimStart().StartsWith("// ", StringComparison.Ordinal), false),
                ("without the FrameLocations property", l => l.Contains("FrameLocation", StringComparison.Ordinal), false),
                ("without [GeneratedCode] and [EditorBrowsable]", attributes, false),
                ("one file per containing type", l => false, true),
                ("one file per containing type, without [GeneratedCode] and [EditorBrowsable]", attributes, true),
                ("one file per containing type, without #line", l => l.TrimStart().StartsWith("#line", StringComparison.Ordinal), true),
            };
            if (only != null) variants = variants.Where(v => v.Name == "as generated" || only.Any(o => v.Name.Contains(o, StringComparison.Ordinal))).ToArray();
            var texts = variants.Select(v =>
            {
                var files = generated.Select(t => (Text: string.Join("\n", t.GetText().ToString().Split('\n').Where(l => !v.Drop(l))), t.FilePath)).ToList();
                return v.Merge ? PerContainingType(files) : files;
            }).ToList();
            // Parsed inside the measurement (the parse of the generated text is part of its cost). One round to warm up
            // (JIT and tiering of the compiler), then rounds that alternate the variants, so a drift of the machine's
            // load or of the JIT does not favour the variants measured last. With a PDB, as a build writes one.
            var cpu = new List<double>[variants.Length + 1];
            for (int i = 0; i < cpu.Length; i++) cpu[i] = new List<double>();
            for (int round = 0; round <= rounds; round++)
            {
                for (int i = 0; i <= variants.Length; i++)
                {
                    TimeSpan c0 = Cpu();
                    Compilation c = i == variants.Length ? compilation
                        : compilation.AddSyntaxTrees(texts[i].Select(t => CSharpSyntaxTree.ParseText(SourceText.From(t.Text, System.Text.Encoding.UTF8), parse, t.FilePath)));
                    GeneratorAb.EmitWithPdb(c.WithAssemblyName("V" + Guid.NewGuid().ToString("N")));
                    if (round > 0) cpu[i].Add((Cpu() - c0).TotalMilliseconds);
                }
            }
            double baseCpu = Median(cpu[variants.Length]);
            Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
            Console.WriteLine("| variant | files | characters | parse + extra emit with PDB, CPU ms (median of " + rounds + ", interleaved) | the same from the minima |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            for (int i = 0; i < variants.Length; i++)
                Console.WriteLine($"| {variants[i].Name} | {texts[i].Count:N0} | {texts[i].Sum(t => (long)t.Text.Length):N0} | {Median(cpu[i]) - baseCpu:N0} | {cpu[i].Min() - cpu[variants.Length].Min():N0} |");
        }

        /// <summary>
        /// The generated files of one containing type as one file (an experiment on the output of a generator that writes a
        /// file per method, one namespace and one type deep): the first file's header and wrapper, every file's members.
        /// </summary>
        private static List<(string Text, string FilePath)> PerContainingType(List<(string Text, string FilePath)> files)
        {
            var merged = new List<(string, string)>();
            foreach (var group in files.GroupBy(f => Path.GetFileName(f.FilePath).Split("__")[0]))
            {
                var sb = new System.Text.StringBuilder();
                string? tail = null;
                foreach (var (text, _) in group)
                {
                    int open = text.IndexOf("\n    {\n", text.IndexOf("    partial ", StringComparison.Ordinal), StringComparison.Ordinal) + "\n    {\n".Length;
                    int close = text.LastIndexOf("    }\n}", StringComparison.Ordinal);
                    if (tail == null) sb.Append(text, 0, open);
                    sb.Append(text, open, close - open);
                    tail = text.Substring(close);
                }
                merged.Add((sb.Append(tail).ToString(), group.Key + "g.cs"));
            }
            return merged;
        }

        /// <summary>
        /// Runs the generator again after an edit and lists every tracked step's outputs by reason. PASS when every output of
        /// the generator's own steps and of its source outputs is Cached or Unchanged, except <paramref name="expectedModified"/>
        /// per step (the edited tasklet's, for an edit inside one); with <paramref name="movesOthers"/>, only the key and lowering
        /// steps are held to that (the steps after them write the moved methods again). The run is timed 7 times from the
        /// same driver (a driver is immutable: each run starts from the state before the edit), median.
        /// </summary>
        private static bool Incremental(GeneratorDriver untracked, string what, GeneratorDriver driver, CSharpCompilation compilation, IIncrementalGenerator generator,
            SyntaxTree[] trees, int index, SyntaxTree replacement, int expectedModified = 0, bool movesOthers = false)
        {
            // Each run gets its own compilation and tree, as an edit does (nothing cached on them from the run before).
            GeneratorDriver after = driver;
            var wall = new List<double>();
            var cpuMs = new List<double>();
            var untrackedCpu = new List<double>();
            // The untracked runs first: a run that records steps just before leaves the next run of the same edit several
            // times cheaper (main b90d831^: 215 -> 40 ms CPU for an edit in one body, --edit-only --with-tracked), so
            // alternating them (as this did until session 10) measured that, not what a build pays.
            for (int i = 0; i < 14; i++)
            {
                SyntaxTree tree = CSharpSyntaxTree.ParseText(replacement.GetText(), (CSharpParseOptions)replacement.Options, replacement.FilePath);
                CSharpCompilation edited = compilation.ReplaceSyntaxTree(trees[index], tree);
                TimeSpan c0 = Cpu();
                var sw = Stopwatch.StartNew();
                if (i < 7)
                {
                    untracked.RunGenerators(edited);
                    untrackedCpu.Add((Cpu() - c0).TotalMilliseconds);
                    continue;
                }
                after = driver.RunGenerators(edited);
                wall.Add(sw.Elapsed.TotalMilliseconds);
                cpuMs.Add((Cpu() - c0).TotalMilliseconds);
            }
            double ms = Median(wall), cpu = Median(cpuMs);
            GeneratorRunResult r = after.GetRunResult().Results[0];
            Console.WriteLine();
            Console.WriteLine($"After an {what} (incremental run, median of 7: {ms:N0} ms wall, {cpu:N0} ms CPU; without step tracking {Median(untrackedCpu):N0} ms CPU; load average {File.ReadAllText("/proc/loadavg").Trim()}):");
            Console.WriteLine("| step | outputs by reason |");
            Console.WriteLine("|---|---|");
            bool ok = true;
            foreach (var (name, steps) in r.TrackedSteps.Concat(r.TrackedOutputSteps).OrderBy(kv => kv.Key))
            {
                var reasons = steps.SelectMany(s => s.Outputs).GroupBy(o => o.Reason).OrderBy(g => g.Key)
                    .Select(g => $"{g.Key} {g.Count()}").ToList();
                bool mine = name.StartsWith("Stackless.", StringComparison.Ordinal) || r.TrackedOutputSteps.ContainsKey(name);
                int changed = steps.SelectMany(s => s.Outputs).Count(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
                // The key step of the edited method sees a new key; the diagnostics step has nothing to report either way.
                // After a move, the steps after the lowering see the moved methods (that is the point: they are cheap).
                bool movedStep = movesOthers && name is not ("Stackless.Keys" or "Stackless.Lower");
                bool clean = changed <= expectedModified || movedStep;
                if (mine && !clean) ok = false;
                Console.WriteLine($"| {name}{(mine ? "" : " (Roslyn's)")} | {string.Join(", ", reasons)} |");
            }
            return ok;
        }

        internal static GeneratorDriver NewDriver(IIncrementalGenerator generator, CSharpParseOptions parse, bool track = true) =>
            CSharpGeneratorDriver.Create(new[] { generator.AsSourceGenerator() }, parseOptions: parse,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

        private static void Emit(Compilation c)
        {
            using var ms = new MemoryStream();
            var result = c.Emit(ms);
            if (!result.Success) throw new InvalidOperationException("emit failed: " + result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error));
        }

        /// <summary>Median wall and CPU milliseconds (CPU: this process, all threads; the machine is shared, so wall time over-counts).</summary>
        private static (double wall, double cpu) MedianMs(Action a, int runs)
        {
            var wall = new List<double>();
            var cpu = new List<double>();
            for (int i = 0; i < runs; i++)
            {
                TimeSpan c0 = Cpu();
                var sw = Stopwatch.StartNew();
                a();
                wall.Add(sw.Elapsed.TotalMilliseconds);
                cpu.Add((Cpu() - c0).TotalMilliseconds);
            }
            return (Median(wall), Median(cpu));
        }

        internal static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

        internal static double Median(List<double> v)
        {
            v.Sort();
            return v[v.Count / 2];
        }

        private static void Require(List<Diagnostic> errors, string what)
        {
            if (errors.Count > 0)
                throw new InvalidOperationException($"{what} has {errors.Count} errors, first: {errors[0]}");
        }

        /// <summary>The framework's reference set (this process's trusted platform assemblies) and the Stackless runtime.</summary>
        private static List<MetadataReference> References()
        {
            var refs = new List<MetadataReference>();
            string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
            foreach (string path in tpa.Split(Path.PathSeparator))
            {
                string name = Path.GetFileNameWithoutExtension(path);
                if (name.StartsWith("System.", StringComparison.Ordinal) || name is "System" or "mscorlib" or "netstandard")
                    refs.Add(MetadataReference.CreateFromFile(path));
            }
            refs.Add(MetadataReference.CreateFromFile(typeof(Tasklet).Assembly.Location));
            return refs;
        }

        /// <summary>The generator is referenced as an analyzer (for the benchmarks' own tasklets); its path is stamped into this assembly at build time.</summary>
        private static IIncrementalGenerator LoadGenerator(string? path)
        {
            path ??= typeof(GeneratorCostRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "StacklessGeneratorPath")?.Value;
            if (string.IsNullOrEmpty(path) || !File.Exists(path))
                throw new InvalidOperationException($"Stackless.Generator.dll not found (stamped path: '{path}'); build tests/Stackless.Benchmarks first.");
            Assembly asm = Assembly.LoadFrom(path);
            Type type = asm.GetType("Stackless.Generator.TaskletGenerator", throwOnError: true)!;
            return (IIncrementalGenerator)Activator.CreateInstance(type)!;
        }
    }
}
