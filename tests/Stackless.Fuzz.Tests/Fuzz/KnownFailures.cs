using System;
using System.Collections.Generic;
using System.IO;

namespace Stackless.Fuzz.Tests.Fuzz
{
    /// <summary>
    /// Seeds of the CI range that fail today because of an open generator bug: Fuzz/KnownFailures.txt, lines
    /// <c>seed signature-with-spaces → bug</c> (tab separated: seed, signature, bug entry). A seed is excused only
    /// with the same failure signature; any other failure fails the test. Delete lines as the generator is fixed.
    /// </summary>
    public static class KnownFailures
    {
        public static Dictionary<int, (string Signature, string Bug)> Load()
        {
            var result = new Dictionary<int, (string, string)>();
            using Stream? s = typeof(KnownFailures).Assembly.GetManifestResourceStream("Stackless.Fuzz.Tests.Fuzz.KnownFailures.txt");
            if (s == null) return result;
            using var reader = new StreamReader(s);
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                if (line.Length == 0 || line.StartsWith('#')) continue;
                string[] parts = line.Split('\t');
                result[int.Parse(parts[0])] = (parts[1], parts.Length > 2 ? parts[2] : "");
            }
            return result;
        }

        /// <summary>Which generator.md entry a failure belongs to, from its signature and message (best effort; "unclassified" otherwise).</summary>
        public static string Classify(FuzzFailure f)
        {
            string d = f.Difference;
            if (f.Signature is "generated CS0844" or "generated CS0029" or "generated CS0136" or "generated CS0128") return "#5";
            if (d.Contains("using declaration", StringComparison.Ordinal)) return "#13";
            if (d.Contains("lambda capturing", StringComparison.Ordinal)) return "#10";
            if (d.Contains("local function or pattern variable capturing", StringComparison.Ordinal)) return "#18";
            if (f.Signature == "generated CS0159") return "#16";
            if (f.Signature == "generated CS8648") return "#17";
            return "unclassified";
        }
    }
}
