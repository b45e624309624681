using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Stackless.Analyzers.Tests.Infrastructure
{
    /// <summary>Runs <see cref="TaskletAnalyzer"/> on test sources written with the testing library's markup: <c>{|TSK101:Sleep(1)|}</c>.</summary>
    internal static class AnalyzerVerifier
    {
        public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
        {
            var test = new Test { TestCode = source };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        /// <summary>With extra files: additional files (name, text) and .editorconfig files (path, text).</summary>
        public static Task VerifyAsync(
            string source,
            (string Name, string Text)[] additionalFiles,
            (string Path, string Text)[] analyzerConfigFiles,
            params DiagnosticResult[] expected)
        {
            var test = new Test { TestCode = source };
            foreach ((string name, string text) in additionalFiles)
                test.TestState.AdditionalFiles.Add((name, text));
            foreach ((string path, string text) in analyzerConfigFiles)
                test.TestState.AnalyzerConfigFiles.Add((path, text));
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<TaskletAnalyzer, DefaultVerifier>.Diagnostic(id);

        internal sealed class Test : CSharpAnalyzerTest<TaskletAnalyzer, DefaultVerifier>
        {
            public Test()
            {
                ReferenceAssemblies = TestReferences.NoPackage;
                TestState.AdditionalReferences.AddRange(TestReferences.All);
            }
        }
    }
}
