using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Stackless.Fuzz.Tests.RealCode;
using Xunit;

namespace Stackless.Fuzz.Tests
{
    /// <summary>
    /// The real-code check (<c>--real-code DIR --run 1</c>), here on a small code base written for the test; session 11
    /// ran it on TheAlgorithms/C-Sharp (955 methods marked, 1,256 calls agreeing).
    /// </summary>
    public class RealCodeTests
    {
        private const string Code = @"
using System;
using System.Collections.Generic;
using System.Linq;

namespace Algos
{
    public static class Sums
    {
        public static int Sum(int[] xs)
        {
            int s = 0;
            foreach (int x in xs) s += Twice(x);
            return s;
        }

        public static int Twice(int x) => x * 2;

        public static IEnumerable<int> Evens(int n)
        {
            for (int i = 0; i < n; i++) if (i % 2 == 0) yield return i;
        }

        public static int CountEvens(int n) => Evens(n).Count();

        public static int[] Doubled(int[] xs) => xs.Select(x => Step(x)).ToArray();

        #region Steps
        /// <summary>One step.</summary>
        public static int Step(int x)
        {
            while (x > 100) x -= 100;
            return x + 1;
        }
        #endregion
    }

    public class Sorter
    {
        public void Sort(int[] a)
        {
            for (int i = 0; i < a.Length; i++)
                for (int j = 0; j + 1 < a.Length - i; j++)
                    if (a[j] > a[j + 1]) (a[j], a[j + 1]) = (a[j + 1], a[j]);
        }
    }
}
";

        [Fact]
        public void TheMarkerMarksMethodsAndPutsAScheduleAtTheTopOfBodiesAndLoops()
        {
            var marker = new TaskletMarker();
            string marked = marker.Visit(CSharpSyntaxTree.ParseText(Code).GetRoot())!.ToFullString();
            Assert.Equal(7, marker.Marked);
            Assert.Contains("public static partial class Sums", marked);
            Assert.Contains("public partial class Sorter", marked);
            Assert.Equal(7, CountOf(marked, "[global::Stackless.Tasklet]"));

            // Block bodies: Sum, Evens, Step, Sort (the other three are expression-bodied); loops: Sum's foreach, Evens's for,
            // Step's while, Sort's two fors.
            Assert.Equal(4 + 5, CountOf(marked, "global::Stackless.Scheduler.Schedule();"));
            // The trivia before a method (a #region, a doc comment) stays before it once: the marked text parses cleanly.
            Assert.Equal(1, CountOf(marked, "#region Steps"));
            Assert.Equal(1, CountOf(marked, "/// <summary>One step.</summary>"));
            Assert.Empty(CSharpSyntaxTree.ParseText(marked).GetDiagnostics());
            // The lambda in Doubled is left alone.
            Assert.Contains("xs.Select(x => Step(x))", marked);
        }

        [Fact]
        public void OnASmallCodeBaseTheGeneratedCodeCompilesAndBothRunsAgree()
        {
            string dir = Path.Combine(Path.GetTempPath(), "stackless-real-code-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                File.WriteAllText(Path.Combine(dir, "Algos.cs"), Code);
                // Evens is an iterator (TSK002): refused, it gets no Schedule(), and CountEvens still compiles. Doubled calls
                // Step from a lambda: Step runs as ordinary code and, reaching its Schedule(), throws the documented
                // InvalidOperationException (counted apart, not as a disagreement).
                RealCodeCheck.Report report = RealCodeCheck.Check(dir, runBoth: true);
                Assert.Equal(7, report.Marked);
                Assert.Equal(1, report.Refused);
                Assert.Equal(0, report.InGenerated);
                Assert.False(report.GeneratorThrew);
                RealCodeRuns.Totals runs = Assert.IsType<RealCodeRuns.Totals>(report.Runs);
                // Run both ways: the 6 methods the generator compiled, 3 calls each; Doubled's 3 calls are the documented
                // ordinary-code suspension, the other 5 methods' 15 calls agree.
                Assert.Equal(6, runs.Methods);
                Assert.Equal(15, runs.Agreed);
                Assert.Equal(3, runs.OrdinarySuspends);
                Assert.Equal(0, runs.Disagreed);
                Assert.Equal(0, report.ExitCode);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        private static int CountOf(string text, string part)
        {
            int n = 0;
            for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) n++;
            return n;
        }
    }
}
