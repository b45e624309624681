using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Stackless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Stackless.Analyzers.Tests
{
    /// <summary>
    /// The analyzers run inside csc too: 10,000-term chains in a tasklet (a + b + …, "" + x + …, p &amp;&amp; q &amp;&amp; …: each
    /// nested as deep as it is long) are analyzed without an exception (AD0001) and the one real finding is reported.
    /// </summary>
    public class DeepInputTests
    {
        private const int Terms = 10_000;

        private static string Chain(string op, Func<int, string> term) => string.Join(" " + op + " ", Enumerable.Range(0, Terms).Select(term));

        [Fact]
        public async System.Threading.Tasks.Task TenThousandTermChains_AreAnalyzedWithoutFailure()
        {
            string source = "using System.Threading;\nusing Stackless;\npartial class C\n{\n    static int H(int i) => i;\n    static bool K(bool b) => b;\n"
                + "    [Tasklet]\n    static string F(Channel<int> c)\n    {\n"
                + "        int s = " + Chain("+", i => i == 0 ? "c.Receive()" : i % 100 == 0 ? "H(" + i + ")" : i.ToString()) + ";\n"
                + "        string t = \"\" + " + Chain("+", i => i % 2000 == 1000 ? "c.Receive()" : "\"s" + i + "\"") + ";\n"
                + "        bool b = " + Chain("&&", i => i == 0 ? "c.Receive() > 0" : i % 100 == 0 ? "K(true)" : "true") + ";\n"
                + "        Thread.Sleep(1);\n"
                + "        return s + t + b;\n    }\n}\n";
            CSharpCompilation compilation = CSharpCompilation.Create("Deep", new[] { CSharpSyntaxTree.ParseText(source) }, TestReferences.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && !d.GetMessage().Contains("Spawn")));

            var failures = new List<string>();
            var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                (e, analyzer, diagnostic) => { lock (failures) failures.Add(e.ToString()); }, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
            ImmutableArray<Diagnostic> diagnostics = await compilation
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new TaskletAnalyzer()), options)
                .GetAnalyzerDiagnosticsAsync(CancellationToken.None);
            Assert.Empty(failures);
            Diagnostic only = Assert.Single(diagnostics);
            Assert.Equal("TSK101", only.Id); // Thread.Sleep in tasklet code
        }
    }
}
