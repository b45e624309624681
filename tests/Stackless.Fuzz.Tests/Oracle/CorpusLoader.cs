using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Stackless.Fuzz.Tests.Oracle
{
    /// <summary>Reads the programs embedded from Corpus/*.cs and Regressions/*.cs, and compiles them in a few batches once per test run.</summary>
    public static class CorpusLoader
    {
        private const int BatchSize = 60;

        public static IReadOnlyList<ProgramSource> Load(string folder)
        {
            Assembly asm = typeof(CorpusLoader).Assembly;
            var result = new List<ProgramSource>();
            string prefix = "Stackless.Fuzz.Tests." + folder + ".";
            foreach (string res in asm.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal))
            {
                using var reader = new StreamReader(asm.GetManifestResourceStream(res)!);
                result.AddRange(ProgramSource.Split(reader.ReadToEnd(), folder + "/" + res.Substring(prefix.Length)));
            }
            var dup = result.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
            if (dup != null) throw new InvalidOperationException("two programs are named " + dup.Key);
            return result;
        }

        private static readonly Dictionary<string, Lazy<Dictionary<string, CompiledProgram>>> s_compiled = new()
        {
            ["Corpus"] = new(() => CompileAll(Load("Corpus"))),
            ["Regressions"] = new(() => CompileAll(Load("Regressions"))),
        };

        public static CompiledProgram Get(string folder, string name) => s_compiled[folder].Value[name];

        public static Dictionary<string, CompiledProgram> CompileAll(IReadOnlyList<ProgramSource> programs)
        {
            var all = new Dictionary<string, CompiledProgram>();
            for (int i = 0; i < programs.Count; i += BatchSize)
                foreach (var kv in BatchCompiler.Compile(programs.Skip(i).Take(BatchSize).ToList()))
                    all[kv.Key] = kv.Value;
            return all;
        }
    }
}
