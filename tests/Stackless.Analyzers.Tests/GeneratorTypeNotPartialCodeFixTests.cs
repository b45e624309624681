using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Stackless.Analyzers.CodeFixes;
using Stackless.Analyzers.Tests.Infrastructure;
using Stackless.Generator;
using Xunit;

namespace Stackless.Analyzers.Tests
{
    /// <summary>
    /// The "make partial" fix on the diagnostic the real generator reports (TSK001, one per non-partial type
    /// enclosing a [Tasklet] method, at the type's name); after the fix the generator compiles the method.
    /// </summary>
    public class GeneratorTypeNotPartialCodeFixTests
    {
        private sealed class WithGenerator : Microsoft.CodeAnalysis.CSharp.Testing.CSharpCodeFixTest<EmptyDiagnosticAnalyzer, MakeTypePartialCodeFixProvider, DefaultVerifier>
        {
            public WithGenerator()
            {
                ReferenceAssemblies = TestReferences.NoPackage;
                TestState.AdditionalReferences.AddRange(TestReferences.All);
                FixedState.AdditionalReferences.AddRange(TestReferences.All);
                // The generated frames are the generator's tests' business; here only the fix matters.
                TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck;
            }

            protected override IEnumerable<Type> GetSourceGenerators() => new[] { typeof(TaskletGenerator) };
        }

        [Fact]
        public Task EveryNonPartialEnclosingTypeIsFixed() => new WithGenerator
        {
            TestCode = """
                using Stackless;

                public class {|TSK001:Outer|}
                {
                    public static class {|TSK001:Inner|}
                    {
                        [Tasklet]
                        public static void Pump(Channel<int> ch) => ch.Send(1);
                    }
                }
                """,
            FixedCode = """
                using Stackless;

                public partial class Outer
                {
                    public static partial class Inner
                    {
                        [Tasklet]
                        public static void Pump(Channel<int> ch) => ch.Send(1);
                    }
                }
                """,
            // One fix, on either diagnostic, makes every type on the way to the [Tasklet] method partial.
            NumberOfIncrementalIterations = 1,
        }.RunAsync(CancellationToken.None);
    }
}
