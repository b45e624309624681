using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Stackless.Fuzz.Tests.Oracle;

namespace Stackless.Fuzz.Tests.Fuzz
{
    /// <summary>
    /// The console entry (<c>dotnet run --project tests/Stackless.Fuzz.Tests -c Release -- …</c>):
    /// <list type="bullet">
    /// <item><c>--seeds N [--from S] [--batch B] [--shrink K] [--grammar classic] [--where REGEX] [--in-process 1]</c>: fuzzes
    /// seeds S…S+N-1 (with --where, only those whose program text matches); shrinks the first K
    /// failures of each signature (default 1) and saves them under Regressions/. <c>classic</c>: without the constructs of
    /// session 2 (for timing and bisecting). The programs run in a child process, so that one that kills the process (a
    /// JIT crash, a stack overflow) is a failure with its seed (<see cref="FuzzSupervisor"/>); --in-process 1 runs them here.</item>
    /// <item><c>--print SEED</c>: prints the program of a seed. <c>--show NAME</c>: both traces of a corpus/regression program.</item>
    /// <item><c>--real-code DIR [--run 1]</c>: every method of someone else's C# marked [Tasklet]; the generated code must
    /// compile cleanly, and with --run 1 the methods called directly and spawned must agree (see RealCode.RealCodeCheck).</item>
    /// <item><c>--corpus Corpus|Regressions</c>: runs a whole folder, one line per failure.</item>
    /// <item><c>--file PATH</c>: compiles and checks the programs of one file on disk (corpus format, <c>//# Name</c> before
    /// each), e.g. a <c>--print</c> output edited by hand while looking for the cause of a failure.</item>
    /// <item><c>--stats N</c>: in how many of the programs of seeds 1…N each newer construct appears.</item>
    /// <item><c>--hashes FILE</c> (with --seeds): records each program's hash (program text + generated frames) and verdict.
    /// <c>--carry DIR [--rerun 1] [--hashes FILE]</c>: which programs recorded as passing in DIR/*.hashes get the same frames
    /// from this generator (their verdict carries over) and, with --rerun, runs the others (see FrameHashes).</item>
    /// <item><c>--resume-probe N …</c> / <c>--resume-limit seq|mix …</c>: how big a generated MoveNext the C# compiler can still
    /// compile, each size in a child process (see ResumeLimitProbe).</item>
    /// </list>
    /// </summary>
    public static class FuzzConsole
    {
        public static int Run(string[] args)
        {
            var opts = new Dictionary<string, string>();
            for (int i = 0; i + 1 < args.Length; i += 2) opts[args[i].TrimStart('-')] = args[i + 1];
            if (opts.TryGetValue("show", out string? name)) return Show(name);
            if (opts.TryGetValue("corpus", out string? folder)) return RunCorpus(folder);
            if (opts.TryGetValue("file", out string? file)) return RunFile(file);
            if (opts.TryGetValue("real-code", out string? realDir)) return RealCode.RealCodeCheck.Run(realDir, opts.TryGetValue("run", out string? runBoth) && runBoth == "1");
            if (opts.TryGetValue("print", out string? seedText))
            {
                int seed = int.Parse(seedText);
                Console.WriteLine(ProgramGenerator.Generate(seed).Render(FuzzRunner.ClassName(seed)));
                return 0;
            }
            if (opts.ContainsKey("resume-probe")) return ResumeLimitProbe.Probe(opts);
            if (opts.ContainsKey("resume-limit")) return ResumeLimitProbe.Bisect(opts);
            if (opts.TryGetValue("stats", out string? statsText)) return Stats(int.Parse(statsText));
            if (opts.TryGetValue("carry", out string? hashDir)) return FrameHashes.Carry(hashDir, opts);
            if (opts.TryGetValue("frames", out string? framesText))
            {
                // The generator's output for seeds S..S+N-1 (--frames S [--seeds N]), without compiling or running them.
                int first = int.Parse(framesText), n = opts.TryGetValue("seeds", out string? nText) ? int.Parse(nText) : 1;
                var sources = Enumerable.Range(first, n).Select(seed => FuzzRunner.Source(ProgramGenerator.Generate(seed), FuzzRunner.ClassName(seed), "seed " + seed)).ToList();
                foreach (var kv in BatchCompiler.GenerateOnly(sources)) Console.WriteLine("//==== " + kv.Key + "\n" + kv.Value);
                return 0;
            }
            if (opts.TryGetValue("seeds", out string? countText)) return Fuzz(opts, int.Parse(countText));
            Console.Error.WriteLine("usage: --seeds N [--from S] [--batch B] [--shrink K] | --print SEED | --show PROGRAM | --corpus Corpus|Regressions | --stats N");
            return 2;
        }

        /// <summary>In how many of seeds 1..N each construct of the grammar appears (to check the grammar's mix).</summary>
        private static int Stats(int count)
        {
            var shapes = new (string Name, string Pattern)[]
            {
                ("anonymous-type local", @"var an\d+ = new \{"),
                ("LINQ rows in foreach", @"foreach \(var r\d+ in Enumerable"),
                ("class hierarchy (virtual/override/interface tasklets)", @"abstract partial class Shape"),
                ("virtual call sh.Step", @"sh\.Step\(cin"),
                ("interface call st.Twice", @"st\.Twice\(cin"),
                ("with on a record", @"pt with \{"),
                ("collection expression", @"= \[.*\.\.\w"),
                ("??=", @"\?\?="),
                ("throw expression", @": throw new|\?\? throw new"),
                ("operator true condition", @"if \(new Tri\("),
                ("using variable captured by a closure", @"fns\.Add\(\(\) => u\d\.Name|[ur]\d+\.Name|u\d\.Name"),
                ("local named like a generated name or frame member", @"(int|string|bool) (State|__result|__this|Return|__t|__call|__pendingException|__p|__pendingBranch|__resume|__ex|__o)\d* = "),
                ("lambda parameter shadowing a local or parameter", @"Func<int, int> h\d+ = "),
                ("lambda parameter named like cin/cout or a generated name", @"Func<int, int> h\d+ = (cin|cout|State|__result|__t1|__call1|__this) =>"),
                ("pattern variable named like a loop variable", @"int [kei]\d when "),
                ("bare block", @";\n\s*\{\n"),
                ("chain statement (int/string/bool/nested parentheses)", @"(int|string|bool) ch\d+ = "),
                ("a line of 3,000+ characters (a long chain)", @"(?m)^[^\n]{3000,}$"),
                ("nested bare blocks", @"int db\d+_0 = "),
                ("Tasklet.Await of a completed task", @"Tasklet\.Await\((System\.Threading\.Tasks\.Task\.(FromResult|CompletedTask)|new System\.Threading\.Tasks\.ValueTask<)"),
                ("Tasklet.Await of a task completed later", @"Tasklet\.Await\((new System\.Threading\.Tasks\.ValueTask\()?H\.(Later|LaterValue|Failing)"),
                ("Tasklet.Await of an anonymous type", @"Tasklet\.Await\([^;]*new \{"),
                ("[Tasklet] call in a lambda or query", @"(=>|where)[^;]*Pure\(cin, [^;]*false\)"),
                ("loop that does not suspend", @"int qa\d+ = "),
                ("quiet loop of 300+ iterations", @"(< |> |Range\(\d, )([3-9]\d\d|\d{4})\)"),
                ("backward goto region", @"int bg\d+ = 0;"),
                ("backward goto inside a quiet loop", @"int qr\d+ = 0;"),
                ("label named like a generated label", @"(?m)^\s*__(return|resume|endif|while|step|leave)\d*: "),
                ("label reused in sibling blocks (M0..M3)", @"(?m)^\s*M\d: "),
                ("statement-scoped pattern/out variable", @"is not (int|string) \w+\) throw new TestException\(""never|int\.TryParse\([^;]*out var \w+\);"),
                ("nested function local shadowing a method local", @"(sh|lf)\d+\b.*=> \{|int lf\d+\(int q\)"),
                ("var pattern in an arm or case guard", @"var [kei]\d+ when|var s\d+ when"),
                ("Span<int> or ref int local between suspensions", @"Span<int> \w+ = arr|ref int \w+ = ref arr"),
                ("helper parameter named like a generated name", @"static int Help\d\(Channel<int> cin, Channel<int> cout, int (?!d,)"),
                ("timed TryReceive with an out argument (any)", @"TryReceive\((out|timeout:)"),
                ("out argument: declaration", @"TryReceive\((timeout: [^;]*value: )?out (var|int) (?!_)"),
                ("out argument: array element", @"out arr\["),
                ("out argument: array element with a suspending index", @"out arr\[[^\]]*(Receive|TryReceive|Help|Wait)"),
                ("out argument: object field / struct field / struct array element", @"out (acc|nacc)!\.Total|out cel\.|out cells\["),
                ("out argument: thread-static field", @"out sf\b"),
                ("out argument: discard", @"out (var |int )?_[,)]"),
                ("out arguments named in reverse order", @"TryReceive\(timeout: "),
                ("out variable declared per iteration by a loop condition", @"TryReceive\([^;]*out (var|int) ow\d+"),
                ("non-suspending TryReceive(out …)", @"\.TryReceive\(out [^,)]*\)"),
                ("helper [Tasklet(Preemptible = false)]", @"Preemptible = false"),
                ("quiet loop: kept closure / switch continue / goto out of nested loops", @"int qk\d+ = |case 0:\n\s*qa\d+ \+= 5;|goto qo\d+;"),
                ("ref-like local live across a quiet loop", @"(Span<int> qs|ref int qr)\d+ = "),
                ("quiet loop inside a lambda or local function", @"(Func<int> ql\d+ = |int ql\d+\(\))"),
                ("local function converted to a delegate, parameter named like a generated one", @"Func<int, int> fg\d+ = g"),
                ("handler loop (session 7): loop around suspending tries", @"int hn\d+ = 0;\nwhile|for \(int hn\d+|foreach \(int hn\d+"),
                ("jump out of a catch that suspended (break/continue/return/goto/rethrow after a suspension in the catch)", @"catch \((TestException|Exception) hc\d+\)[^{]*\n\s*\{\n\s*Log\(""hc\d+ "" \+ hc\d+\.Message\);\n\s*(Scheduler\.Schedule|cout\.Send|Log\(""hs|Help)[^\n]*\n(\s*[^\n]*\n)?\s*if \([^\n]*\) (break|continue|return|goto|throw;)"),
                ("throw from a finally that suspended", @"Log\(""hf\d+""\);\n\s*(Scheduler\.Schedule|cout\.Send|Log\(""hs|Help)[^\n]*\n(\s*[^\n]*\n)?\s*if \([^\n]*\) throw new TestException\(""hf"),
                ("goto out of a handler loop", @"goto hx\d+;"),
                ("return of a value a finally then changes (hv)", @"return hv\d+;(.|\n)*hv\d+ \+= "),
                ("run of 200-600 resume points (a dispatch of more than 256 cases)", @"int ms\d+ = 0;"),
                ("jump before a using declaration followed by a local function", @"(continue;|break;|goto \w+;|return [^;]*;)\n\s*using var r\d+"),
            };
            var programs = Enumerable.Range(1, count).Select(seed => ProgramGenerator.Generate(seed).Render("X")).ToList();
            foreach (var (n, pattern) in shapes)
            {
                var re = new System.Text.RegularExpressions.Regex(pattern);
                int progs = programs.Count(p => re.IsMatch(p));
                int total = programs.Sum(p => re.Matches(p).Count);
                Console.WriteLine($"{n}: in {progs} of {count} programs ({total} occurrences)");
            }
            return 0;
        }

        private static int Fuzz(Dictionary<string, string> opts, int count)
        {
            int from = opts.TryGetValue("from", out string? f) ? int.Parse(f) : 1;
            int batch = opts.TryGetValue("batch", out string? b) ? int.Parse(b) : 100;
            int shrinkPerSignature = opts.TryGetValue("shrink", out string? s) ? int.Parse(s) : 1;
            var sw = Stopwatch.StartNew();
            GrammarOptions? grammar = opts.TryGetValue("grammar", out string? gram) && gram == "classic" ? GrammarOptions.Classic : null;
            bool child = opts.TryGetValue("seed-file", out string? seedFile);
            List<int> seeds = child ? FuzzSupervisor.ReadSeeds(seedFile!) : Enumerable.Range(from, count).ToList();
            count = seeds.Count;
            if (opts.TryGetValue("where", out string? where))
            {
                // Only the seeds whose program text matches (to fuzz one construct first, e.g. after a change to its lowering).
                var re = new System.Text.RegularExpressions.Regex(where);
                seeds = seeds.Where(seed => re.IsMatch(ProgramGenerator.Generate(seed, grammar).Render("X"))).ToList();
                Console.WriteLine($"--where: {seeds.Count} of seeds {from}..{from + count - 1} match");
                count = seeds.Count;
            }
            // Unless told to stay in this process, a child process runs the programs, so that one that kills the process is a
            // recorded failure (see FuzzSupervisor).
            if (!child && !(opts.TryGetValue("in-process", out string? inProcess) && inProcess == "1"))
                return FuzzSupervisor.Run(seeds, opts, batch).ExitCode;
            using FrameHashes? hashes = opts.TryGetValue("hashes", out string? hashFile) ? new FrameHashes(hashFile) : null;
            opts.TryGetValue("crash-at", out string? crashAt);
            int doneBefore = opts.TryGetValue("child-done", out string? cd) ? int.Parse(cd) : 0;
            int shownTotal = opts.TryGetValue("child-total", out string? ct) ? int.Parse(ct) : count;
            List<FuzzFailure> failures = FuzzRunner.Run(seeds, batch, grammar,
                progress: (done, failed) => Console.WriteLine($"{doneBefore + done}/{shownTotal} programs, {failed} failing, {sw.Elapsed.TotalSeconds:F0} s"),
                onFailure: x => Console.WriteLine($"FAIL seed {x.Seed} [{x.Signature}] {KnownFailures.Classify(x)}: {x.Difference.Split('\n')[0]}"),
                onChecked: (seed, text, generated, diff) =>
                {
                    hashes?.Record(seed, text, generated, diff);
                    if (child) Console.WriteLine(FuzzSupervisor.Marker + "checked " + seed);
                },
                beforeCompile: !child ? null : batchSeeds =>
                {
                    Console.WriteLine(FuzzSupervisor.Marker + "compile " + string.Join(",", batchSeeds));
                    FuzzSupervisor.CrashIfAsked(crashAt, "compile", batchSeeds);
                },
                beforeCheck: !child ? null : seed =>
                {
                    Console.WriteLine(FuzzSupervisor.Marker + "check " + seed);
                    FuzzSupervisor.CrashIfAsked(crashAt, "check", new[] { seed });
                });
            if (child) Console.WriteLine(FuzzSupervisor.Marker + "report");
            Console.WriteLine($"ran {count} programs (seeds {seeds.FirstOrDefault()}..{seeds.LastOrDefault()}) in {sw.Elapsed.TotalSeconds:F1} s: {failures.Count} failed " +
                $"(generate {BatchCompiler.PhaseMs[0]} ms, diagnostics {BatchCompiler.PhaseMs[1]} ms, emit {BatchCompiler.PhaseMs[2]} ms)");
            if (opts.TryGetValue("known-out", out string? knownOut) && opts.ContainsKey("child-append"))
                File.AppendAllLines(knownOut, failures.Select(x => $"{x.Seed}\t{x.Signature}\t{KnownFailures.Classify(x)}"));
            else if (knownOut != null)
                File.WriteAllLines(knownOut, new[] { "# seed\tsignature\tbug (written by --known-out; see KnownFailures.cs)" }
                    .Concat(failures.Select(x => $"{x.Seed}\t{x.Signature}\t{KnownFailures.Classify(x)}")));
            foreach (var g in failures.GroupBy(x => x.Signature))
            {
                Console.WriteLine($"== {g.Key}: {g.Count()} seeds: {string.Join(" ", g.Select(x => x.Seed).Take(30))}");
                Console.WriteLine("   " + g.First().Difference.Split('\n')[0]);
                foreach (FuzzFailure failure in g.Where(x => x.Signature != "invalid").Take(shrinkPerSignature))
                    ShrinkAndSave(failure, grammar);
            }
            return failures.Count == 0 ? 0 : 1;
        }

        private static void ShrinkAndSave(FuzzFailure failure, GrammarOptions? grammar)
        {
            FuzzProgram original = ProgramGenerator.Generate(failure.Seed, grammar);
            var sw = Stopwatch.StartNew();
            FuzzProgram small = Shrinker.Shrink(original, failure.Signature);
            string cls = "Fuzz_Seed" + failure.Seed;
            ProgramSource src = FuzzRunner.Source(small, cls, "shrunk");
            CompiledProgram c = BatchCompiler.Compile(new[] { src })[cls];
            string diff = DifferentialRunner.Check(c) ?? "(passes after shrinking?)";
            Console.WriteLine($"   shrunk seed {failure.Seed} from size {original.Size} to {small.Size} in {sw.Elapsed.TotalSeconds:F0} s");
            string? dir = RegressionsFolder();
            string text =
                $"// Fuzz regression: seed {failure.Seed}, shrunk from size {original.Size} to {small.Size}.\n" +
                $"// Failure class: {failure.Signature}. At the time it was found:\n" +
                string.Join("", diff.Split('\n').Where(l => l.Length > 0).Take(6).Select(l => "//   " + l + "\n")) +
                $"//# {cls}\n" + small.Render(cls);
            if (dir == null)
            {
                Console.WriteLine(text);
                return;
            }
            string path = Path.Combine(dir, $"Seed{failure.Seed}.cs");
            File.WriteAllText(path, text);
            Console.WriteLine("   saved " + path);
        }

        private static string? RegressionsFolder()
        {
            for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d != null; d = d.Parent)
            {
                string p = Path.Combine(d.FullName, "tests", "Stackless.Fuzz.Tests", "Regressions");
                if (Directory.Exists(p)) return p;
                if (d.Name == "Stackless.Fuzz.Tests" && Directory.Exists(Path.Combine(d.FullName, "Regressions"))) return Path.Combine(d.FullName, "Regressions");
            }
            return null;
        }

        private static int RunCorpus(string folder)
        {
            var sw = Stopwatch.StartNew();
            var programs = CorpusLoader.Load(folder);
            var compiled = CorpusLoader.CompileAll(programs);
            Console.WriteLine($"compiled {programs.Count} programs in {sw.ElapsedMilliseconds} ms");
            sw.Restart();
            int failed = 0;
            foreach (ProgramSource p in programs)
            {
                string? diff = DifferentialRunner.Check(compiled[p.Name]);
                if (diff != null)
                {
                    failed++;
                    Console.WriteLine("FAIL " + p.Name + ": " + diff.Split('\n')[0]);
                }
            }
            Console.WriteLine($"ran {programs.Count} programs in {sw.ElapsedMilliseconds} ms; {failed} failed");
            return failed == 0 ? 0 : 1;
        }

        private static int RunFile(string path)
        {
            string text = File.ReadAllText(path);
            if (!text.Contains("//# ", StringComparison.Ordinal))
            {
                // A --print output: its class name is the program's name.
                var m = System.Text.RegularExpressions.Regex.Match(text, @"partial class (\w+) : Prog");
                text = "//# " + (m.Success ? m.Groups[1].Value : "Program") + "\n" + text;
            }
            List<ProgramSource> programs = ProgramSource.Split(text, path);
            Dictionary<string, CompiledProgram> compiled = BatchCompiler.Compile(programs);
            int failed = 0;
            foreach (ProgramSource p in programs)
            {
                string? diff = DifferentialRunner.Check(compiled[p.Name]);
                Console.WriteLine(diff == null ? "PASS " + p.Name : "FAIL " + p.Name + ":\n" + diff);
                if (diff != null) failed++;
            }
            return failed == 0 ? 0 : 1;
        }

        private static int Show(string name)
        {
            ProgramSource p = CorpusLoader.Load("Corpus").Concat(CorpusLoader.Load("Regressions")).First(p => p.Name == name);
            CompiledProgram c = BatchCompiler.Compile(new[] { p })[p.Name];
            if (c.Failure != null)
            {
                Console.WriteLine(Report.Failure(c, c.Failure));
                return 1;
            }
            Console.WriteLine(c.Generated);
            if (!ProgramSource.NoGenerator)
            {
                var (spawned, direct) = DifferentialRunner.RunBoth(c.Type!);
                Print("spawned", spawned);
                Print("direct", direct);
            }
            else
            {
                Print("direct (no generator)", DifferentialRunner.RunDirectOnly(c.Type!));
            }
            Console.WriteLine(DifferentialRunner.Check(c) ?? "AGREE");
            return 0;
        }

        private static void Print(string which, RunResult r)
        {
            Console.WriteLine($"== {which}: {r.Outcome}");
            foreach (string e in r.Trace) Console.WriteLine("   " + e);
        }
    }
}
