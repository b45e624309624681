using System;
using System.IO;
using Stackless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Stackless.Analyzers.Tests
{
    /// <summary>
    /// What a user sees in a real build: a small consumer project in a temporary folder references the runtime,
    /// the generator and the analyzers the way a user's project does, and `dotnet build` runs on it. Two builds in
    /// all, sharing one project: as written (warnings), then with an .editorconfig that makes TSK101 an error.
    /// </summary>
    public sealed class EndToEndBuildTests : IClassFixture<EndToEndBuildTests.ConsumerProject>
    {
        private readonly ConsumerProject project;

        public EndToEndBuildTests(ConsumerProject project) => this.project = project;

        [Fact]
        public void BuildReportsTheBlockingCallWithItsIdAtTheRightFileLineAndColumn()
        {
            DotnetCli.Result build = project.DefaultBuild.Value;

            Assert.True(build.ExitCode == 0, "the consumer build failed:\n" + build.Output);
            // Sleeper.cs line 11 is 12 spaces, then "Thread.Sleep(10);": the diagnostic starts at "Sleep", column 20.
            AssertOutputContains(build, project.SourcePath + "(11,20): warning TSK101: 'Thread.Sleep' blocks the thread");
            // Line 12 calls an API the project lists in stackless.blocking.txt.
            AssertOutputContains(build, project.SourcePath + "(12,20): warning TSK109: 'Legacy.Query' is listed as blocking in stackless.blocking.txt");
            Assert.DoesNotContain(": error ", build.Output);
        }

        [Fact]
        public void EditorConfigSeverityErrorFailsTheBuild()
        {
            DotnetCli.Result build = project.StrictBuild.Value;

            Assert.True(build.ExitCode != 0, "the build should fail with TSK101 as an error:\n" + build.Output);
            AssertOutputContains(build, project.SourcePath + "(11,20): error TSK101: 'Thread.Sleep' blocks the thread");
            // Only the configured ID changes severity.
            AssertOutputContains(build, project.SourcePath + "(12,20): warning TSK109:");
        }

        private static void AssertOutputContains(DotnetCli.Result build, string expected) =>
            Assert.True(build.Output.Contains(expected, StringComparison.Ordinal), $"expected in the build output: {expected}\n--- output ---\n{build.Output}");

        /// <summary>The temporary consumer project, and its two builds (run once each, in order, whatever order the tests run in).</summary>
        public sealed class ConsumerProject : IDisposable
        {
            private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

            private const string Source = """
                using System.Threading;
                using Stackless;

                namespace Consumer
                {
                    public static partial class Sleeper
                    {
                        [Tasklet]
                        public static void Nap(Channel<int> ch)
                        {
                            Thread.Sleep(10);
                            Legacy.Query();
                            ch.Send(1);
                        }
                    }

                    public static class Legacy
                    {
                        public static void Query() { }
                    }
                }
                """;

            private readonly string folder;

            public ConsumerProject()
            {
                folder = Path.Combine(Path.GetTempPath(), "stackless-analyzers-e2e-" + Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(folder);
                SourcePath = Path.Combine(folder, "Sleeper.cs");
                File.WriteAllText(SourcePath, Source);
                File.WriteAllText(Path.Combine(folder, "stackless.blocking.txt"), "# our own slow APIs\nM:Consumer.Legacy.Query\n");
                File.WriteAllText(Path.Combine(folder, "Consumer.csproj"), ProjectFile());

                DefaultBuild = new Lazy<DotnetCli.Result>(() => Build(restore: true));
                StrictBuild = new Lazy<DotnetCli.Result>(() =>
                {
                    _ = DefaultBuild.Value; // restores, and builds the referenced projects once
                    File.WriteAllText(Path.Combine(folder, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.TSK101.severity = error\n");
                    return Build(restore: false);
                });
            }

            public string SourcePath { get; }

            internal Lazy<DotnetCli.Result> DefaultBuild { get; }

            internal Lazy<DotnetCli.Result> StrictBuild { get; }

            public void Dispose()
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                    // a leftover temp folder is harmless
                }
            }

            private DotnetCli.Result Build(bool restore)
            {
                string configuration =
#if DEBUG
                    "Debug";
#else
                    "Release";
#endif
                var arguments = new System.Collections.Generic.List<string>
                {
                    "build", "Consumer.csproj", "-c", configuration, "-nologo", "-tl:off", "-v:minimal",
                    "-nodeReuse:false", "-p:UseSharedCompilation=false",
                };
                if (!restore)
                    arguments.Add("--no-restore");
                return DotnetCli.Run(folder, BuildTimeout, arguments.ToArray());
            }

            private static string ProjectFile()
            {
                string root = RepositoryPaths.Root;
                string generator = Path.Combine(root, "generator", "Stackless.Generator.csproj");
                string generatorReference = File.Exists(generator)
                    ? $"""<ProjectReference Include="{generator}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />"""
                    : "";
                return $"""
                    <Project Sdk="Microsoft.NET.Sdk">
                      <PropertyGroup>
                        <TargetFramework>net10.0</TargetFramework>
                        <Nullable>enable</Nullable>
                        <ImplicitUsings>disable</ImplicitUsings>
                      </PropertyGroup>
                      <ItemGroup>
                        <ProjectReference Include="{Path.Combine(root, "runtime", "Stackless.csproj")}" />
                        {generatorReference}
                        <ProjectReference Include="{Path.Combine(root, "analyzers", "Stackless.Analyzers", "Stackless.Analyzers.csproj")}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                        <AdditionalFiles Include="stackless.blocking.txt" />
                      </ItemGroup>
                    </Project>
                    """;
            }
        }
    }
}
