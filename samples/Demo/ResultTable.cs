using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Stackless.Samples.Demo
{
    /// <summary>One line of the demo's table: a measure, both sides' values, and how the ratio reads.</summary>
    public sealed record ResultRow(string Measure, double Stackless, double Baseline, string Unit, bool HigherIsBetter, string? BaselineNote = null)
    {
        /// <summary>How many times better Stackless is (&gt; 1 means better).</summary>
        public double Ratio => HigherIsBetter ? Stackless / Baseline : Baseline / Stackless;

        /// <summary>The ratio as the table reads it: "2.2× faster", or where Stackless loses, "1.4× slower" (never "0.7× faster").</summary>
        public string RatioText
        {
            get
            {
                bool wins = Ratio >= 1;
                double times = wins ? Ratio : 1 / Ratio;
                string word = Unit switch
                {
                    "B" => wins ? "less memory" : "more memory",
                    "ms" => wins ? "faster" : "slower",
                    "frames" => wins ? "deeper" : "shallower",
                    _ => wins ? "more" : "fewer",
                };
                return times.ToString(times < 10 ? "N1" : "N0", CultureInfo.InvariantCulture) + "× " + word;
            }
        }
    }

    /// <summary>Prints rows as an aligned text table.</summary>
    public static class ResultTable
    {
        public static void Print(IReadOnlyList<ResultRow> rows, TextWriter output)
        {
            var lines = new List<string[]> { new[] { "measure", "Stackless", "C# Task + Channels", "ratio" } };
            foreach (ResultRow row in rows)
            {
                string baseline = Format(row.Baseline, row.Unit) + (row.BaselineNote is null ? "" : $" ({row.BaselineNote})");
                lines.Add(new[] { row.Measure, Format(row.Stackless, row.Unit), baseline, row.RatioText });
            }
            int[] widths = Enumerable.Range(0, 4).Select(c => lines.Max(l => l[c].Length)).ToArray();
            string rule = string.Join("-+-", widths.Select(w => new string('-', w)));
            for (int i = 0; i < lines.Count; i++)
            {
                string[] l = lines[i];
                output.WriteLine($"{l[0].PadRight(widths[0])} | {l[1].PadLeft(widths[1])} | {l[2].PadLeft(widths[2])} | {l[3].PadRight(widths[3])}".TrimEnd());
                if (i == 0)
                    output.WriteLine(rule);
            }
        }

        /// <summary>A value with its unit; rates also show the time per operation.</summary>
        public static string Format(double value, string unit) => unit switch
        {
            "/s" => $"{Number(value / 1e6, value < 1e7 ? 2 : 1)} M/s ({Number(1e9 / value, 1e9 / value < 100 ? 1 : 0)} ns)",
            "ms" => $"{Number(value, value < 100 ? 1 : 0)} ms",
            "B" => $"{Number(value, 0)} B",
            _ => $"{Number(value, 0)}",
        };

        private static string Number(double value, int decimals) => value.ToString("N" + decimals, CultureInfo.InvariantCulture);
    }
}
