using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// TSK011: a failure inside the compiler itself never escapes the generator (which would fail the whole build
    /// with CS8785 and drop every other tasklet). No valid input is known to cause one, so the test injects a fault
    /// through the generator's test-only constructor.
    /// </summary>
    public class InternalErrorTests
    {
        private const string Source = """
            using Stackless;

            public static partial class Faulty
            {
                [Tasklet]
                public static int Broken(Channel<int> c) => c.Receive() + 1;

                [Tasklet]
                public static int Healthy(Channel<int> c) => c.Receive() * 2;

                [Tasklet]
                public static int CallsBroken(Channel<int> c) => Broken(c) + 1;

                public static string RunBroken()
                {
                    try { SpawnCallsBroken(new Channel<int>()); Scheduler.Run(); return "ran"; }
                    catch (System.NotSupportedException e) { return e.Message; }
                }

                public static int RunHealthy()
                {
                    var c = new Channel<int>();
                    Tasklet<int> t = SpawnHealthy(c);
                    c.Send(21);
                    Scheduler.Run();
                    return t.Result;
                }
            }
            """;

        private static (GeneratorDriverRunResult Run, ImmutableArray<Diagnostic> Diagnostics, Compilation Output) RunWithFault(Exception fault)
        {
            CSharpCompilation input = TestCompiler.CreateCompilation(("/src/Faulty.cs", Source));
            var generator = new TaskletGenerator(m => m.Name == "Broken" ? fault : null);
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { generator.AsSourceGenerator() }, parseOptions: TestCompiler.ParseOptions);
            driver = driver.RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
            return (driver.GetRunResult(), diagnostics, output);
        }

        [Fact]
        public void AnInternalFailure_IsReportedAsTSK011AtTheMethod_AndTheGeneratorDoesNotThrow()
        {
            var (run, diagnostics, _) = RunWithFault(new NullReferenceException("injected for the test"));

            Assert.All(run.Results, r => Assert.Null(r.Exception));
            Diagnostic d = Assert.Single(diagnostics);
            Assert.Equal("TSK011", d.Id);
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            // At the method's name in the user's file, and it says what failed so the user can report it.
            Assert.Equal("/src/Faulty.cs", d.Location.SourceTree!.FilePath);
            Assert.Equal("Broken", d.Location.SourceTree.GetText().ToString(d.Location.SourceSpan));
            string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains("Broken", message);
            Assert.Contains("NullReferenceException", message);
            Assert.Contains("injected for the test", message);
        }

        [Fact]
        public void AnInternalFailure_InOneMethod_LeavesTheOtherTaskletsGeneratedAndWorking()
        {
            var (run, diagnostics, output) = RunWithFault(new InvalidCastException("injected"));

            string[] sources = run.Results.SelectMany(r => r.GeneratedSources).Select(s => s.SourceText.ToString()).ToArray();
            Assert.Contains(sources, s => s.Contains("class __Healthy_Frame"));
            Assert.DoesNotContain(sources, s => s.Contains("class __Broken_Frame"));
            Assert.Equal(new[] { "TSK011" }, diagnostics.Select(x => x.Id));

            // The rest of the program still compiles (Broken's factory and SpawnBroken are declared, throwing, like a
            // refused body's, so its caller's frame compiles) and runs.
            Assert.Empty(output.GetDiagnostics().Where(x => x.Severity == DiagnosticSeverity.Error));
            var asm = TestCompiler.Load(output);
            Assert.Equal(42, (int)asm.GetType("Faulty")!.GetMethod("RunHealthy")!.Invoke(null, null)!);
            Assert.Equal("[Tasklet] Faulty.Broken(Channel<int>) was not compiled: see error TSK011 at the method.",
                (string)asm.GetType("Faulty")!.GetMethod("RunBroken")!.Invoke(null, null)!);
        }
    }
}
