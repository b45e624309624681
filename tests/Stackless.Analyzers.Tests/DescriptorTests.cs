using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Stackless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Stackless.Analyzers.Tests
{
    /// <summary>Every diagnostic is complete: ID, title, actionable message, category, help page that exists, release tracking, README row.</summary>
    public class DescriptorTests
    {
        public static IEnumerable<object[]> AllDescriptors() =>
            typeof(Descriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
                .Select(f => new object[] { ((DiagnosticDescriptor)f.GetValue(null)!).Id });

        private static DiagnosticDescriptor Get(string id) =>
            new TaskletAnalyzer().SupportedDiagnostics.Single(d => d.Id == id);

        [Fact]
        public void TheAnalyzerSupportsEveryDescriptorAndIdsAreUniqueInItsRange()
        {
            var ids = AllDescriptors().Select(a => (string)a[0]).ToList();
            Assert.Equal(ids.OrderBy(i => i), new TaskletAnalyzer().SupportedDiagnostics.Select(d => d.Id).OrderBy(i => i));
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.All(ids, id => Assert.InRange(int.Parse(id.Substring(3)), 100, 199));
        }

        [Theory]
        [MemberData(nameof(AllDescriptors))]
        public void DescriptorIsCompleteAndItsHelpPageExists(string id)
        {
            DiagnosticDescriptor descriptor = Get(id);
            Assert.StartsWith("TSK", descriptor.Id);
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString()));
            Assert.Contains(descriptor.Category, new[] { "Reliability", "Usage", "Configuration" });
            // Warnings, except TSK115: a plain override of a [Tasklet] method silently runs the wrong code; and TSK117, info:
            // a loop the watchdog cannot interrupt is mostly harmless and a budgeted run is opt-in.
            DiagnosticSeverity expected = id switch
            {
                DiagnosticIds.NonTaskletOverride => DiagnosticSeverity.Error,
                DiagnosticIds.UninterruptibleLoop => DiagnosticSeverity.Info,
                _ => DiagnosticSeverity.Warning,
            };
            Assert.Equal(expected, descriptor.DefaultSeverity);
            Assert.True(descriptor.IsEnabledByDefault);
            Assert.Equal($"https://github.com/stackless-csharp/stackless/blob/main/docs/diagnostics/{id}.md", descriptor.HelpLinkUri);

            // The message tells the user what to do, after saying what is wrong.
            string message = descriptor.MessageFormat.ToString();
            Assert.Matches("; |: ", message);

            string page = Path.Combine(RepositoryPaths.Root, "docs", "diagnostics", id + ".md");
            Assert.True(File.Exists(page), "missing help page " + page);
            Assert.StartsWith($"# {id}: {descriptor.Title}", File.ReadAllText(page));
        }

        [Theory]
        [MemberData(nameof(AllDescriptors))]
        public void DescriptorIsTrackedForReleaseAndListedInTheReadmeTable(string id)
        {
            DiagnosticDescriptor descriptor = Get(id);
            string unshipped = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "analyzers", "Stackless.Analyzers", "AnalyzerReleases.Unshipped.md"));
            Assert.Contains($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity} | {descriptor.Title}", unshipped);

            string readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "diagnostics", "README.md"));
            Assert.Contains($"| [{id}]({id}.md) |", readme);
        }
    }
}
