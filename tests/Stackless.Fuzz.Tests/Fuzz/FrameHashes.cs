using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Stackless.Fuzz.Tests.Oracle;

namespace Stackless.Fuzz.Tests.Fuzz
{
    /// <summary>
    /// Carrying fuzz verdicts over to a newer generator. A program's hash covers its text and the frames the generator made
    /// for it; a program checked with one generator and given byte-identical frames by another is the same compiled program,
    /// so its verdict holds for both (as long as the runtime did not change). Only programs whose frames changed need to be
    /// run again: generating is a fraction of compiling and running.
    /// </summary>
    public sealed class FrameHashes : IDisposable
    {
        private readonly StreamWriter _out;

        public FrameHashes(string path)
        {
            _out = new StreamWriter(path, append: true) { AutoFlush = true };
        }

        public static string Hash(string programText, string generated)
            => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(programText + "\0" + generated)))[..32];

        /// <summary>One line: seed, hash, verdict ("pass" or the failure's signature).</summary>
        public void Record(int seed, string text, string generated, string? diff)
        {
            _out.WriteLine($"{seed}\t{Hash(text, generated)}\t{(diff == null ? "pass" : FuzzRunner.Signature(diff))}");
        }

        public void Dispose() => _out.Dispose();

        /// <summary>The console's --carry mode.</summary>
        public static int Carry(string dir, Dictionary<string, string> opts)
        {
            var sw = Stopwatch.StartNew();
            var passed = new Dictionary<int, HashSet<string>>();
            foreach (string file in Directory.GetFiles(dir, "*.hashes"))
                foreach (string line in File.ReadLines(file))
                {
                    string[] f = line.Split('\t');
                    if (f.Length < 3 || f[2] != "pass" || !int.TryParse(f[0], out int seed)) continue;
                    if (!passed.TryGetValue(seed, out HashSet<string>? set)) passed[seed] = set = new HashSet<string>();
                    set.Add(f[1]);
                }
            List<int> seeds = passed.Keys.OrderBy(s => s).ToList();
            if (opts.TryGetValue("seeds", out string? limit)) seeds = seeds.Take(int.Parse(limit)).ToList();
            var changed = new List<int>();
            int carried = 0;
            for (int start = 0; start < seeds.Count; start += 100)
            {
                var sources = seeds.Skip(start).Take(100)
                    .Select(seed => FuzzRunner.Source(ProgramGenerator.Generate(seed), FuzzRunner.ClassName(seed), "seed " + seed)).ToList();
                Dictionary<string, string> generated = BatchCompiler.GenerateOnly(sources);
                foreach (ProgramSource p in sources)
                {
                    int seed = int.Parse(p.Name.Substring("Fuzz_".Length));
                    if (passed[seed].Contains(Hash(p.Text, generated[p.Name]))) carried++;
                    else changed.Add(seed);
                }
                Console.WriteLine($"{start + sources.Count}/{seeds.Count} compared: {carried} same frames, {changed.Count} changed, {sw.Elapsed.TotalSeconds:F0} s");
            }
            Console.WriteLine($"carried over: {carried} of {seeds.Count} passing programs get the same frames; changed: {changed.Count}");
            File.WriteAllLines(Path.Combine(dir, "changed.txt"), changed.Select(s => s.ToString()));
            if (!opts.TryGetValue("rerun", out string? rerun) || rerun != "1" || changed.Count == 0) return 0;
            using FrameHashes? hashes = opts.TryGetValue("hashes", out string? hashFile) ? new FrameHashes(hashFile) : null;
            List<FuzzFailure> failures = FuzzRunner.Run(changed, 100, null,
                progress: (done, failed) => Console.WriteLine($"re-ran {done}/{changed.Count}, {failed} failing, {sw.Elapsed.TotalSeconds:F0} s"),
                onFailure: x => Console.WriteLine($"FAIL seed {x.Seed} [{x.Signature}]: {x.Difference.Split('\n')[0]}"),
                onChecked: hashes == null ? null : (seed, text, generated, diff) => hashes.Record(seed, text, generated, diff));
            Console.WriteLine($"re-ran {changed.Count} changed programs: {failures.Count} failed");
            return failures.Count == 0 ? 0 : 1;
        }
    }
}
