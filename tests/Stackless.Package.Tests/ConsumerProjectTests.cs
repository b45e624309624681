using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace Stackless.Package.Tests
{
    /// <summary>
    /// What a user does: a fresh project that only says <c>PackageReference Include="Stackless"</c>,
    /// restored from a local feed, built and run. Proves the generator and analyzers reach the user
    /// from the package alone.
    /// </summary>
    [Collection(PackageCollection.Name)]
    public sealed class ConsumerProjectTests
    {
        private const string ProgramText = """
            using System;
            using System.Threading;
            using Stackless;

            var numbers = new Channel<int>();
            Pipeline.SpawnProduce(numbers, 1_000);          // Spawn* methods exist only if the generator ran
            Tasklet<int> sum = Pipeline.SpawnSum(numbers);
            Scheduler.Run();
            Console.WriteLine($"sum={sum.Result}");
            Tasklet<long> depth = Pipeline.SpawnDepth(100_000);
            Scheduler.Run();
            Console.WriteLine($"depth={depth.Result}");

            partial class Pipeline
            {
                [Tasklet]
                public static void Produce(Channel<int> output, int count)
                {
                    for (int i = 0; i < count; i++)
                        output.Send(i);
                    output.Close();
                }

                [Tasklet]
                public static int Sum(Channel<int> input)
                {
                    int total = 0;
                    foreach (int x in input)
                        total += x;
                    return total;
                }

                [Tasklet]
                public static long Depth(int n) => n == 0 ? 0 : Depth(n - 1) + 1;

                [Tasklet]
                static void Dawdle()
                {
                    Thread.Sleep(1);                        // the analyzers flag this: it blocks every tasklet on the thread
                }
            }
            """;

        private readonly PackedPackage package;

        public ConsumerProjectTests(PackedPackage package) => this.package = package;

        [Fact]
        public void FreshProjectRestoresPackageBuildsWithGeneratorAndAnalyzersAndRuns()
        {
            string project = Path.Combine(package.WorkDirectory, "consumer");
            Directory.CreateDirectory(project);
            // Stop MSBuild and NuGet from looking above the temp folder for settings.
            File.WriteAllText(Path.Combine(project, "Directory.Build.props"), "<Project />\n");
            File.WriteAllText(Path.Combine(project, "Directory.Build.targets"), "<Project />\n");
            File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <!-- The machine's default source stays; the freshly packed Stackless comes from this folder. -->
                  <packageSources>
                    <add key="stackless-under-test" value="{package.FeedDirectory}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(project, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Stackless" Version="[{package.Version}]" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(project, "Program.cs"), ProgramText);

            // A cache of its own, so a Stackless restored earlier on this machine is never what gets tested.
            var environment = new Dictionary<string, string?>
            {
                ["NUGET_PACKAGES"] = Path.Combine(package.WorkDirectory, "nuget-cache"),
                ["STACKLESS_ARTIFACTS"] = null,
            };
            (int buildExit, string build) = DotnetProcess.Run(project, TimeSpan.FromMinutes(10), environment,
                "build", "-c", "Release", "--disable-build-servers", "-nodeReuse:false");
            Assert.True(buildExit == 0, $"the consumer did not build ({buildExit}):\n{build}");

            // Restored from the feed under test, at the packed version.
            string restored = Path.Combine(package.WorkDirectory, "nuget-cache", "stackless", package.Version);
            Assert.True(File.Exists(Path.Combine(restored, "lib", "net10.0", "Stackless.dll")), $"Stackless {package.Version} was not restored into {restored}");

            // The analyzers came with the package: Thread.Sleep in a [Tasklet] is a TSK101 warning.
            Assert.Contains("warning TSK101", build);
            Assert.Contains("Program.cs(", build);
            // …and nothing else warns: every component in the package loads in the compiler (no CS8032).
            string[] otherWarnings = build.Split('\n').Where(l => l.Contains(": warning ", StringComparison.Ordinal) && !l.Contains("TSK101", StringComparison.Ordinal)).ToArray();
            Assert.True(otherWarnings.Length == 0, "unexpected warnings:\n" + string.Join("\n", otherWarnings));

            // The generator came with the package: its frames were written where the README says.
            string generated = Path.Combine(project, "obj", "Release", "net10.0", "generated", "Stackless.Generator");
            Assert.True(Directory.Exists(generated) && Directory.GetFiles(generated, "*.cs", SearchOption.AllDirectories).Length > 0,
                $"no generated code under {generated}");

            string dll = Path.Combine(project, "bin", "Release", "net10.0", "Consumer.dll");
            (int runExit, string run) = DotnetProcess.Run(project, TimeSpan.FromMinutes(1), environment, dll);
            Assert.True(runExit == 0, $"the consumer failed ({runExit}):\n{run}");
            Assert.Contains("sum=499500", run);        // 0 + 1 + … + 999, through a channel between two tasklets
            Assert.Contains("depth=100000", run);      // a nested [Tasklet] recursion on heap frames
        }
    }
}
