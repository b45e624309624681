using System;
using System.Collections.Generic;
using System.Linq;
using Stackless.Fuzz.Tests.Oracle;

namespace Stackless.Fuzz.Tests.Fuzz
{
    /// <summary>
    /// The console entry:
    /// <c>--seeds N [--from S] [--batch B]</c> fuzzes seeds S…S+N-1 (shrinking and saving any failure);
    /// <c>--show NAME</c> prints both traces of a corpus program; <c>--print SEED</c> prints a fuzz program.
    /// </summary>
    public static class FuzzConsole
    {
        public static int Run(string[] args)
        {
            var opts = new Dictionary<string, string>();
            for (int i = 0; i + 1 < args.Length; i += 2) opts[args[i].TrimStart('-')] = args[i + 1];
            if (opts.TryGetValue("show", out string? name))
                return Show(name);
            if (opts.TryGetValue("corpus", out string? folder))
                return RunCorpus(folder);
            Console.Error.WriteLine("usage: --seeds N [--from S] [--batch B] | --show PROGRAM | --print SEED");
            return 2;
        }

        private static int RunCorpus(string folder)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
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
