using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;

namespace Stackless.Fuzz.Tests.Fuzz
{
    /// <summary>
    /// Runs the fuzz loop (<c>--seeds</c>) in a child process, so that a program that kills the process — a crash in the
    /// .NET JIT, a stack overflow in the generator — becomes a recorded failure with its seed instead of a run that stops
    /// without a summary. The child announces each batch before compiling it and each seed before running it (lines that
    /// start with <see cref="Marker"/>); when the child dies, the supervisor knows which program was in hand:
    /// <list type="bullet">
    /// <item>while running one program: that seed fails as "process crash", and a new child goes on after it;</item>
    /// <item>while compiling a batch: the batch is compiled again one program at a time, to find the seed.</item>
    /// </list>
    /// A crash is not shrunk (the shrinker would die with it); the failure line says how to reproduce it alone.
    /// </summary>
    public static class FuzzSupervisor
    {
        /// <summary>The start of the lines a child writes for its supervisor (they are not shown).</summary>
        public const string Marker = "@@fuzz ";

        /// <summary>The signature of a failure that killed the process.</summary>
        public const string CrashSignature = "process crash";

        /// <summary>
        /// What a supervised run saw: the seeds checked to the end, how many of them failed, the seeds that killed the process
        /// (failures), the seeds whose plain C# kills the process by itself (a .NET bug: reported, not failures), and how many
        /// child processes it took.
        /// </summary>
        public sealed record Outcome(List<int> Checked, int Failed, List<(int Seed, string How)> Crashes,
            List<(int Seed, string How)> DotnetCrashes, int Children)
        {
            public int ExitCode => Failed + Crashes.Count == 0 ? 0 : 1;
        }

        public static Outcome Run(IReadOnlyList<int> seeds, Dictionary<string, string> opts, int batch)
        {
            var sw = Stopwatch.StartNew();
            // Work still to do, in seed order: (seeds, batch size). A batch that crashed its compile comes back with size 1.
            var work = new LinkedList<(List<int> Seeds, int Batch)>();
            work.AddLast((seeds.ToList(), batch));
            var crashes = new List<(int Seed, string How)>();
            var dotnetCrashes = new List<(int Seed, string How)>();
            var checkedSeeds = new List<int>();
            int failed = 0, children = 0, done = 0;
            while (work.Count > 0)
            {
                var (part, size) = work.First!.Value;
                work.RemoveFirst();
                ChildRun run = RunChild(part, size, opts, done, seeds.Count, append: children++ > 0, plainOnly: false);
                failed += run.Failed;
                checkedSeeds.AddRange(run.Checked);
                if (run.ExitCode is 0 or 1)
                {
                    done += part.Count;
                    continue;
                }
                string how = Describe(run.ExitCode, run.LastErrorLines);
                if (run.Checking is int seed)
                {
                    // Ours, or .NET's? Run the program's plain C# twin alone, without the generator.
                    if (PlainProgramCrashes(seed, opts))
                    {
                        dotnetCrashes.Add((seed, how));
                        Console.WriteLine($"DOTNET seed {seed} [{CrashSignature}]: the program's plain C# alone, without the generator, kills " +
                            $"the process ({how}): a .NET bug, not the generator's (see docs/known-issues.md); not counted as a failure");
                    }
                    else
                    {
                        crashes.Add((seed, how));
                        Console.WriteLine($"FAIL seed {seed} [{CrashSignature}]: the process died while running the program ({how}), and its plain " +
                            $"C# alone does not; alone: --seeds 1 --from {seed}, or --print {seed} > p.cs and --file p.cs");
                    }
                    int next = part.IndexOf(seed) + 1;
                    done += next;
                    if (next < part.Count) work.AddFirst((part.Skip(next).ToList(), size));
                }
                else if (run.Compiling is { } compiling)
                {
                    int next = part.IndexOf(compiling[^1]) + 1;
                    if (compiling.Count == 1)
                    {
                        crashes.Add((compiling[0], how));
                        Console.WriteLine($"FAIL seed {compiling[0]} [{CrashSignature}]: the process died while compiling the program ({how}); " +
                            $"alone: --seeds 1 --from {compiling[0]}");
                        done += next;
                        if (next < part.Count) work.AddFirst((part.Skip(next).ToList(), size));
                    }
                    else
                    {
                        // Which program of the batch? Compile them one at a time; the rest of the part goes on as before.
                        done += part.IndexOf(compiling[0]);
                        if (next < part.Count) work.AddFirst((part.Skip(next).ToList(), size));
                        work.AddFirst((compiling, 1));
                    }
                }
                else if (run.Reporting)
                {
                    // Every program of the part was checked; the child died while shrinking or reporting its failures.
                    Console.WriteLine($"the fuzz child process died after checking its programs, while shrinking or reporting ({how})");
                    crashes.Add((-1, how));
                    done += part.Count;
                }
                else
                {
                    // Not a program's fault (the child could not start): give up rather than loop.
                    Console.WriteLine($"the fuzz child process died before its first program ({how}); nothing was checked");
                    crashes.Add((-1, how));
                    break;
                }
            }
            int total = failed + crashes.Count;
            Console.WriteLine($"all: {seeds.Count} programs in {sw.Elapsed.TotalSeconds:F1} s, {children} child process(es): {total} failed" +
                (crashes.Count == 0 ? "" : $", {crashes.Count} of them killed the process (seeds {string.Join(" ", crashes.Select(c => c.Seed < 0 ? "(while reporting)" : c.Seed.ToString()))})") +
                (dotnetCrashes.Count == 0 ? "" : $"; {dotnetCrashes.Count} more crash .NET itself without the generator (seeds {string.Join(" ", dotnetCrashes.Select(c => c.Seed))})"));
            return new Outcome(checkedSeeds, failed, crashes, dotnetCrashes, children);
        }

        private sealed class ChildRun
        {
            public int ExitCode;
            public int Failed;
            public int? Checking;
            public List<int>? Compiling;
            public bool Reporting;
            public readonly List<int> Checked = new();
            public readonly Queue<string> LastErrorLines = new();
        }

        /// <summary>Whether the seed's program, compiled without the generator and run directly only, kills a child process too.</summary>
        private static bool PlainProgramCrashes(int seed, Dictionary<string, string> opts)
        {
            var plainOpts = new Dictionary<string, string>(opts);
            plainOpts.Remove("hashes");
            plainOpts.Remove("known-out");
            ChildRun run = RunChild(new List<int> { seed }, 1, plainOpts, 0, 1, append: false, plainOnly: true);
            return run.ExitCode is not (0 or 1);
        }

        private static ChildRun RunChild(List<int> seeds, int batch, Dictionary<string, string> opts, int doneBefore, int total, bool append, bool plainOnly)
        {
            string seedFile = Path.Combine(Path.GetTempPath(), $"stackless-fuzz-{Environment.ProcessId}-{Guid.NewGuid():N}.seeds");
            File.WriteAllLines(seedFile, seeds.Select(s => s.ToString()));
            var psi = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            if (plainOnly) psi.Environment["STACKLESS_FUZZ_NOGEN"] = "1";
            // The child is this assembly run by the dotnet host (from the console, or from a test host).
            psi.FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath ? hostPath
                : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
            psi.ArgumentList.Add(typeof(FuzzSupervisor).Assembly.Location);
            var args = new Dictionary<string, string>(opts);
            foreach (string k in new[] { "from", "where" }) args.Remove(k);  // --seeds stays: it selects the fuzz loop; the file gives the seeds
            args["seed-file"] = seedFile;
            args["batch"] = batch.ToString();
            args["child-done"] = doneBefore.ToString();
            args["child-total"] = total.ToString();
            if (append) args["child-append"] = "1";
            foreach (var kv in args)
            {
                psi.ArgumentList.Add("--" + kv.Key);
                psi.ArgumentList.Add(kv.Value);
            }
            var run = new ChildRun();
            using var child = Process.Start(psi)!;
            child.ErrorDataReceived += (_, e) =>
            {
                if (e.Data == null) return;
                if (!plainOnly) Console.Error.WriteLine(e.Data);
                lock (run.LastErrorLines)
                {
                    run.LastErrorLines.Enqueue(e.Data);
                    if (run.LastErrorLines.Count > 5) run.LastErrorLines.Dequeue();
                }
            };
            child.BeginErrorReadLine();
            string? line;
            while ((line = child.StandardOutput.ReadLine()) != null)
            {
                if (!line.StartsWith(Marker, StringComparison.Ordinal))
                {
                    if (line.StartsWith("FAIL seed ", StringComparison.Ordinal)) run.Failed++;
                    if (!plainOnly) Console.WriteLine(line);
                    continue;
                }
                string[] parts = line.Substring(Marker.Length).Split(' ', 2);
                if (parts[0] == "check")
                    run.Checking = int.Parse(parts[1]);
                else if (parts[0] == "compile")
                {
                    run.Checking = null;
                    run.Compiling = parts[1].Split(',').Select(int.Parse).ToList();
                }
                else if (parts[0] == "checked")
                    run.Checked.Add(int.Parse(parts[1]));
                else if (parts[0] == "report")
                {
                    run.Checking = null;
                    run.Compiling = null;
                    run.Reporting = true;
                }
            }
            child.WaitForExit();
            run.ExitCode = child.ExitCode;
            File.Delete(seedFile);
            return run;
        }

        /// <summary>The child's exit as words: on Linux a process killed by signal N exits with 128 + N.</summary>
        private static string Describe(int exitCode, Queue<string> lastErrorLines)
        {
            string signal = exitCode switch
            {
                134 => "SIGABRT, e.g. a stack overflow",
                137 => "SIGKILL, e.g. out of memory",
                139 => "SIGSEGV",
                _ => "",
            };
            var sb = new StringBuilder($"exit code {exitCode}");
            if (signal.Length > 0) sb.Append(", ").Append(signal);
            string? last;
            lock (lastErrorLines) last = lastErrorLines.LastOrDefault(l => l.Trim().Length > 0);
            if (last != null) sb.Append("; last error line: ").Append(last.Trim());
            return sb.ToString();
        }

        /// <summary>
        /// For the supervisor's own test: <c>--crash-at compile:SEED,check:SEED</c> makes a child die (Environment.FailFast)
        /// when it is about to compile a batch holding such a seed, or to run such a seed.
        /// </summary>
        public static void CrashIfAsked(string? crashAt, string phase, IEnumerable<int> seeds)
        {
            if (crashAt == null) return;
            foreach (string at in crashAt.Split(','))
                if (at.StartsWith(phase + ":", StringComparison.Ordinal) && seeds.Contains(int.Parse(at.Substring(phase.Length + 1))))
                    Environment.FailFast("--crash-at " + at);
        }

        /// <summary>The child's side: the seeds its supervisor gave it.</summary>
        public static List<int> ReadSeeds(string seedFile) => File.ReadAllLines(seedFile).Where(l => l.Length > 0).Select(int.Parse).ToList();
    }
}
