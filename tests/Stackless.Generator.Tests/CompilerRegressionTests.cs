using System;
using System.IO;
using System.Reflection;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// Eight random programs (issue 16, Regressions/CompilerRegressions.Programs.cs) whose frames did not compile —
    /// a hoisted local hidden by a same-name local of a flattened sibling block (CS0844), same-name locals of different
    /// types in sibling scopes (CS0029/CS1061/CS0165) — or ran differently spawned: a switch-expression arm's pattern
    /// variable whose uses read a hoisted field (P50759, P51364), and a pending <c>continue</c> kept after the exception
    /// of a nested finally replaced it (P51364). Each must compile without a diagnostic and run the same both ways.
    /// </summary>
    public class CompilerRegressionTests
    {
        private static readonly Lazy<Type> s_runner = new(() =>
        {
            GeneratorOutcome outcome = TestCompiler.CompileClean(
                ("Harness.cs", Resource("CompilerRegressions.Harness.cs")),
                ("Programs.cs", Resource("CompilerRegressions.Programs.cs")));
            return TestCompiler.Load(outcome.Output).GetType("Runner")!;
        });

        private static string Resource(string name)
        {
            using Stream stream = typeof(CompilerRegressionTests).Assembly.GetManifestResourceStream("Regressions." + name)!;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        private static string Run(string program, bool spawned) =>
            (string)s_runner.Value.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, new object[] { program, spawned })!;

        [Theory]
        [InlineData("P7170")]
        [InlineData("P20852")]
        [InlineData("P21037")]
        [InlineData("P50001")]
        [InlineData("P50206")]
        [InlineData("P50759")]
        [InlineData("P51206")]
        [InlineData("P51364")]
        public void RunsTheSameSpawnedAndCalledDirectly(string program)
        {
            string direct = Run(program, spawned: false);
            string spawned = Run(program, spawned: true);
            Assert.Contains("\n=> ", direct);
            Assert.DoesNotContain("harness:", direct);
            Assert.Equal(direct, spawned);
        }
    }
}
