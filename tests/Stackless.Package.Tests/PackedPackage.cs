using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using Xunit;

namespace Stackless.Package.Tests
{
    /// <summary>
    /// Packs runtime/Stackless.csproj once for the package tests, into a fresh temporary folder (so a
    /// clean clone works and nothing stale is tested), and removes the folder afterwards.
    /// </summary>
    public sealed class PackedPackage : IDisposable
    {
        public PackedPackage()
        {
            RepositoryRoot = typeof(PackedPackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "RepositoryRoot").Value!;
            WorkDirectory = Directory.CreateTempSubdirectory("stackless-package-tests-").FullName;
            FeedDirectory = Path.Combine(WorkDirectory, "feed");

            (int exitCode, string output) = DotnetProcess.Run(RepositoryRoot, TimeSpan.FromMinutes(10), environment: null,
                "pack", Path.Combine(RepositoryRoot, "runtime", "Stackless.csproj"), "-c", "Release", "-o", FeedDirectory,
                "--disable-build-servers", "-nodeReuse:false");
            PackOutput = output;
            Assert.True(exitCode == 0, $"dotnet pack failed ({exitCode}):\n{output}");

            string[] packages = Directory.GetFiles(FeedDirectory, "*.nupkg");
            Assert.True(packages.Length == 1, $"expected one .nupkg in {FeedDirectory}, found: {string.Join(", ", packages)}");
            NupkgPath = packages[0];

            using ZipArchive zip = ZipFile.OpenRead(NupkgPath);
            ZipArchiveEntry nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
            using Stream nuspecStream = nuspecEntry.Open();
            Nuspec = XDocument.Load(nuspecStream);
            Version = NuspecValue("version");
        }

        public string RepositoryRoot { get; }

        /// <summary>The temporary folder that holds the feed (and the consumer projects of the tests).</summary>
        public string WorkDirectory { get; }

        /// <summary>A local NuGet feed holding only the freshly packed Stackless package.</summary>
        public string FeedDirectory { get; }

        public string NupkgPath { get; }

        public string PackOutput { get; }

        public XDocument Nuspec { get; }

        public string Version { get; }

        /// <summary>The text of a metadata element of the nuspec (namespace-agnostic).</summary>
        public string NuspecValue(string element) =>
            Nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == element)?.Value ?? "";

        public void Dispose()
        {
            try { Directory.Delete(WorkDirectory, recursive: true); }
            catch (IOException) { }                   // a leftover temp folder is harmless
            catch (UnauthorizedAccessException) { }
        }
    }

    [CollectionDefinition(Name)]
    public sealed class PackageCollection : ICollectionFixture<PackedPackage>
    {
        public const string Name = "packed Stackless package";
    }
}
