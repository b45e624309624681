using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Xunit;

namespace Stackless.Package.Tests
{
    /// <summary>Opens the packed .nupkg and checks what a user would get from it.</summary>
    [Collection(PackageCollection.Name)]
    public sealed class PackageLayoutTests
    {
        private static readonly string[] RoslynComponents =
        {
            "analyzers/dotnet/cs/Stackless.Generator.dll",
            "analyzers/dotnet/cs/Stackless.Analyzers.dll",
            "analyzers/dotnet/cs/Stackless.Analyzers.CodeFixes.dll",
        };

        private readonly PackedPackage package;

        public PackageLayoutTests(PackedPackage package) => this.package = package;

        [Fact]
        public void PackingPrintsNoWarning()
        {
            string[] warnings = package.PackOutput.Split('\n').Where(l => l.Contains(": warning ", StringComparison.Ordinal)).ToArray();
            Assert.True(warnings.Length == 0, "dotnet pack warned:\n" + string.Join("\n", warnings));
        }

        [Fact]
        public void HoldsRuntimeForBothFrameworksGeneratorAnalyzersReadmeAndLicense()
        {
            using ZipArchive zip = ZipFile.OpenRead(package.NupkgPath);
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
            string[] expected =
            {
                "lib/net8.0/Stackless.dll",
                "lib/net8.0/Stackless.xml",
                "lib/net10.0/Stackless.dll",
                "lib/net10.0/Stackless.xml",
                "README.md",
                "LICENSE",
                "Stackless.nuspec",
            };
            foreach (string path in expected.Concat(RoslynComponents))
                Assert.True(entries.Contains(path), $"{path} is missing from the package; it holds:\n{string.Join("\n", entries.Order())}");

            // Nothing else ships as a Roslyn component: no copy of Roslyn itself, no stray dependency.
            string[] analyzerFiles = entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)).Order().ToArray();
            Assert.Equal(RoslynComponents.Order(), analyzerFiles);
            // And lib/ holds the runtime only.
            Assert.All(entries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal)),
                e => Assert.StartsWith("Stackless.", Path.GetFileName(e), StringComparison.Ordinal));
        }

        [Fact]
        public void NuspecNamesIdLicenseReadmeAndNoDependencies()
        {
            Assert.Equal("Stackless", package.NuspecValue("id"));
            Assert.Matches(@"^\d+\.\d+\.\d+", package.Version);
            XElement license = package.Nuspec.Descendants().Single(e => e.Name.LocalName == "license");
            Assert.Equal("expression", (string?)license.Attribute("type"));
            Assert.Equal("MIT", license.Value);
            Assert.Equal("README.md", package.NuspecValue("readme"));
            Assert.False(string.IsNullOrWhiteSpace(package.NuspecValue("description")));

            // The generator and analyzers are build-time components, not package dependencies.
            XElement[] dependencies = package.Nuspec.Descendants().Where(e => e.Name.LocalName == "dependency").ToArray();
            Assert.True(dependencies.Length == 0, "unexpected package dependencies: " + string.Join(", ", dependencies.Select(d => (string?)d.Attribute("id"))));
            string[] groups = package.Nuspec.Descendants().Where(e => e.Name.LocalName == "group")
                .Select(g => (string?)g.Attribute("targetFramework") ?? "").Order().ToArray();
            Assert.Equal(new[] { "net10.0", "net8.0" }, groups);
        }

        [Fact]
        public void ReadmeAndLicenseAreTheRepositorysText()
        {
            using ZipArchive zip = ZipFile.OpenRead(package.NupkgPath);
            string license = ReadText(zip, "LICENSE");
            Assert.Contains("MIT License", license);
            Assert.Equal(File.ReadAllText(Path.Combine(package.RepositoryRoot, "LICENSE")), license);
            string readme = ReadText(zip, "README.md");
            Assert.Equal(File.ReadAllText(Path.Combine(package.RepositoryRoot, "docs", "package-readme.md")), readme);
            Assert.Contains("[Tasklet]", readme);
        }

        [Theory]
        [InlineData("lib/net8.0/Stackless.dll", ".NETCoreApp,Version=v8.0")]
        [InlineData("lib/net10.0/Stackless.dll", ".NETCoreApp,Version=v10.0")]
        public void RuntimeAssemblyTargetsItsFolder(string path, string targetFramework)
        {
            using ZipArchive zip = ZipFile.OpenRead(package.NupkgPath);
            using var pe = new PEReader(new MemoryStream(ReadBytes(zip, path)));
            MetadataReader md = pe.GetMetadataReader();
            Assert.Equal("Stackless", md.GetString(md.GetAssemblyDefinition().Name));
            Assert.Contains(targetFramework, AssemblyAttributeArguments(md, "TargetFrameworkAttribute"));
            Assert.Contains("Channel`1", md.TypeDefinitions.Select(h => md.GetString(md.GetTypeDefinition(h).Name)));
        }

        [Theory]
        [InlineData("analyzers/dotnet/cs/Stackless.Generator.dll", "GeneratorAttribute")]
        [InlineData("analyzers/dotnet/cs/Stackless.Analyzers.dll", "DiagnosticAnalyzerAttribute")]
        [InlineData("analyzers/dotnet/cs/Stackless.Analyzers.CodeFixes.dll", "ExportCodeFixProviderAttribute")]
        public void RoslynComponentIsRealAndNeedsOnlyWhatTheCompilerOrPackageProvides(string path, string componentAttribute)
        {
            using ZipArchive zip = ZipFile.OpenRead(package.NupkgPath);
            using var pe = new PEReader(new MemoryStream(ReadBytes(zip, path)));
            MetadataReader md = pe.GetMetadataReader();

            // netstandard2.0, as the compiler loads it in every host (Visual Studio, dotnet build).
            Assert.Contains(".NETStandard,Version=v2.0", AssemblyAttributeArguments(md, "TargetFrameworkAttribute"));

            // It contains at least one component the compiler will pick up.
            Assert.True(TypesWithAttribute(md, componentAttribute) > 0, $"{path} has no type marked [{componentAttribute.Replace("Attribute", "")}]");

            // Every assembly it references is provided by the compiler host or ships beside it in the package.
            string[] shipped = RoslynComponents.Select(p => Path.GetFileNameWithoutExtension(p)).ToArray();
            var missing = new List<string>();
            foreach (AssemblyReferenceHandle handle in md.AssemblyReferences)
            {
                string name = md.GetString(md.GetAssemblyReference(handle).Name);
                bool provided = name == "netstandard" || name.StartsWith("System.", StringComparison.Ordinal) || name == "mscorlib"
                    || name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || shipped.Contains(name);
                if (!provided)
                    missing.Add(name);
            }
            Assert.True(missing.Count == 0, $"{path} depends on assemblies the package does not carry: {string.Join(", ", missing)}");
        }

        private static string ReadText(ZipArchive zip, string path)
        {
            using var reader = new StreamReader(zip.GetEntry(path)!.Open());
            return reader.ReadToEnd();
        }

        private static byte[] ReadBytes(ZipArchive zip, string path)
        {
            using Stream stream = zip.GetEntry(path)!.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        private static string AttributeTypeName(MetadataReader md, CustomAttribute attribute)
        {
            EntityHandle ctor = attribute.Constructor;
            EntityHandle type = ctor.Kind == HandleKind.MemberReference
                ? md.GetMemberReference((MemberReferenceHandle)ctor).Parent
                : md.GetMethodDefinition((MethodDefinitionHandle)ctor).GetDeclaringType();
            return type.Kind switch
            {
                HandleKind.TypeReference => md.GetString(md.GetTypeReference((TypeReferenceHandle)type).Name),
                HandleKind.TypeDefinition => md.GetString(md.GetTypeDefinition((TypeDefinitionHandle)type).Name),
                _ => "",
            };
        }

        /// <summary>The raw blobs of an assembly-level attribute, decoded loosely as text (enough for a Contains check).</summary>
        private static string AssemblyAttributeArguments(MetadataReader md, string attributeName)
        {
            foreach (CustomAttributeHandle handle in md.GetAssemblyDefinition().GetCustomAttributes())
            {
                CustomAttribute attribute = md.GetCustomAttribute(handle);
                if (AttributeTypeName(md, attribute) == attributeName)
                    return System.Text.Encoding.UTF8.GetString(md.GetBlobBytes(attribute.Value));
            }
            return "";
        }

        private static int TypesWithAttribute(MetadataReader md, string attributeName) =>
            md.TypeDefinitions.Count(h => md.GetTypeDefinition(h).GetCustomAttributes()
                .Any(a => AttributeTypeName(md, md.GetCustomAttribute(a)) == attributeName));
    }
}
