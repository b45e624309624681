using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Stackless.Analyzers.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Stackless.Analyzers.Tests
{
    /// <summary>
    /// No false positives on real code: every analyzer rule runs over each sample project under samples/ (whatever
    /// exists when the tests run) and must report nothing. The samples are compiled without the generator, so
    /// calls to the generated Spawn methods do not bind; every other compile error fails the test, so the code the
    /// analyzers see is the code the samples really contain.
    /// </summary>
    public class SamplesTests
    {
        // Errors that only mean "the generator did not run here": the Spawn methods it would add are missing.
        private static readonly HashSet<string> MissingGeneratedMembers = new() { "CS0103", "CS0117", "CS1061", "CS0246" };

        private readonly ITestOutputHelper output;

        public SamplesTests(ITestOutputHelper output) => this.output = output;

        [Fact]
        public async Task NoSampleGetsAnyDiagnosticFromTheAnalyzers()
        {
            if (!Directory.Exists(RepositoryPaths.Samples))
            {
                output.WriteLine("No samples/ folder: nothing to check.");
                return;
            }

            string[] projects = Directory.GetFiles(RepositoryPaths.Samples, "*.csproj", SearchOption.AllDirectories);
            if (projects.Length == 0)
            {
                output.WriteLine("No sample projects yet: nothing to check.");
                return;
            }

            int taskletMethods = 0;
            var problems = new List<string>();
            foreach (string project in projects.OrderBy(p => p))
            {
                string folder = Path.GetDirectoryName(project)!;
                List<string> files = SourcesOf(folder);
                // A sample that uses another sample's library (Workshop → Pipelines) is compiled with its sources.
                foreach (string reference in ReferencedSampleFolders(project))
                    files.AddRange(SourcesOf(reference));
                var trees = files
                    .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest), f))
                    .ToList();
                taskletMethods += trees.Sum(t => t.GetRoot().DescendantNodes()
                    .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.AttributeSyntax>().Count(a => a.Name.ToString() is "Tasklet" or "Stackless.Tasklet"));

                var compilation = CSharpCompilation.Create(
                    Path.GetFileNameWithoutExtension(project),
                    trees,
                    TestReferences.All,
                    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

                foreach (Diagnostic error in compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
                {
                    if (!MissingGeneratedMembers.Contains(error.Id) || !error.GetMessage().Contains("Spawn"))
                        problems.Add("compile error: " + error);
                }

                ImmutableArray<AdditionalText> lists = Directory.GetFiles(folder, "stackless.blocking.txt", SearchOption.AllDirectories)
                    .Select(f => (AdditionalText)new FileText(f))
                    .ToImmutableArray();
                ImmutableArray<Diagnostic> diagnostics = await compilation
                    .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new TaskletAnalyzer()), new AnalyzerOptions(lists))
                    .GetAnalyzerDiagnosticsAsync(CancellationToken.None);
                problems.AddRange(diagnostics.Select(d => "analyzer: " + d));
                output.WriteLine($"{Path.GetFileName(folder)}: {files.Count} files, {diagnostics.Length} analyzer diagnostics");
            }

            output.WriteLine($"{projects.Length} sample projects, {taskletMethods} [Tasklet] methods analyzed");
            Assert.Empty(problems);
            Assert.True(taskletMethods > 0, "the samples contain no [Tasklet] method: the check proved nothing");
        }

        private static List<string> SourcesOf(string folder) =>
            Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
                .Where(f => !IsBuildOutput(folder, f))
                .OrderBy(f => f)
                .ToList();

        /// <summary>Folders of the sample projects that <paramref name="project"/> references (ProjectReference to ../X/X.csproj).</summary>
        private static IEnumerable<string> ReferencedSampleFolders(string project)
        {
            string folder = Path.GetDirectoryName(project)!;
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(
                         File.ReadAllText(project), "ProjectReference Include=\"(\\.\\./[^/\\\\\"]+/[^/\\\\\"]+\\.csproj)\""))
                yield return Path.GetDirectoryName(Path.GetFullPath(Path.Combine(folder, m.Groups[1].Value)))!;
        }

        private static bool IsBuildOutput(string projectFolder, string file)
        {
            string relative = Path.GetRelativePath(projectFolder, file);
            return relative.StartsWith("bin" + Path.DirectorySeparatorChar) || relative.StartsWith("obj" + Path.DirectorySeparatorChar);
        }

        private sealed class FileText : AdditionalText
        {
            public FileText(string path) => Path = path;

            public override string Path { get; }

            public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(File.ReadAllText(Path));
        }
    }
}
