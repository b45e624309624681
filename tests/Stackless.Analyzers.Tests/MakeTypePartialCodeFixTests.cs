using System.Threading;
using System.Threading.Tasks;
using Stackless.Analyzers.CodeFixes;
using Stackless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Stackless.Analyzers.Tests
{
    /// <summary>The "make the containing type partial" fix for the generator's TSK001.</summary>
    public class MakeTypePartialCodeFixTests
    {
        [Fact]
        public Task TypeWithoutModifiersBecomesPartial() => new CodeFixTest<TypeNotPartialAtMethodAnalyzer, MakeTypePartialCodeFixProvider>
        {
            TestCode = """
                using Stackless;

                class C
                {
                    [Tasklet]
                    static void {|TSK001:M|}(Channel<int> ch) => ch.Send(1);
                }
                """,
            FixedCode = """
                using Stackless;

                partial class C
                {
                    [Tasklet]
                    static void M(Channel<int> ch) => ch.Send(1);
                }
                """,
        }.RunAsync(CancellationToken.None);

        [Fact]
        public Task NestedTypesModifiersAttributesAndRecordsAreHandled() => new CodeFixTest<TypeNotPartialAtMethodAnalyzer, MakeTypePartialCodeFixProvider>
        {
            TestCode = """
                using System;
                using Stackless;

                public static class Outer
                {
                    internal sealed class Inner
                    {
                        [Tasklet]
                        public static void {|TSK001:M|}() => Scheduler.Schedule();
                    }
                }

                [Serializable]
                class WithAttribute
                {
                    [Tasklet]
                    static void {|TSK001:M|}() => Scheduler.Schedule();
                }

                public readonly record struct Point(int X)
                {
                    [Tasklet]
                    static void {|TSK001:M|}() => Scheduler.Schedule();
                }
                """,
            FixedCode = """
                using System;
                using Stackless;

                public static partial class Outer
                {
                    internal sealed partial class Inner
                    {
                        [Tasklet]
                        public static void M() => Scheduler.Schedule();
                    }
                }

                [Serializable]
                partial class WithAttribute
                {
                    [Tasklet]
                    static void M() => Scheduler.Schedule();
                }

                public readonly partial record struct Point(int X)
                {
                    [Tasklet]
                    static void M() => Scheduler.Schedule();
                }
                """,
        }.RunAsync(CancellationToken.None);

        [Fact]
        public Task DiagnosticOnTheTypeNameIsFixedToo() => new CodeFixTest<TypeNotPartialAtTypeAnalyzer, MakeTypePartialCodeFixProvider>
        {
            TestCode = """
                using Stackless;

                public class {|TSK001:C|}
                {
                    [Tasklet]
                    static void M() => Scheduler.Schedule();
                }
                """,
            FixedCode = """
                using Stackless;

                public partial class C
                {
                    [Tasklet]
                    static void M() => Scheduler.Schedule();
                }
                """,
        }.RunAsync(CancellationToken.None);

        [Fact]
        public Task FixAllMakesEveryTypePartialInOnePass()
        {
            var test = new CodeFixTest<TypeNotPartialAtMethodAnalyzer, MakeTypePartialCodeFixProvider>
            {
                NumberOfFixAllIterations = 1,            // project and solution scope: everything at once
                NumberOfFixAllInDocumentIterations = 2,  // document scope: one pass per document
            };
            test.TestState.Sources.Add(("/0/A.cs", """
                using Stackless;

                class A
                {
                    [Tasklet]
                    static void {|TSK001:One|}() => Scheduler.Schedule();

                    [Tasklet]
                    static void {|TSK001:Two|}() => Scheduler.Schedule();
                }

                class B
                {
                    [Tasklet]
                    static void {|TSK001:Three|}() => Scheduler.Schedule();
                }
                """));
            test.TestState.Sources.Add(("/0/D.cs", """
                using Stackless;

                internal class D
                {
                    [Tasklet]
                    static void {|TSK001:Four|}() => Scheduler.Schedule();
                }
                """));
            test.FixedState.Sources.Add(("/0/A.cs", """
                using Stackless;

                partial class A
                {
                    [Tasklet]
                    static void One() => Scheduler.Schedule();

                    [Tasklet]
                    static void Two() => Scheduler.Schedule();
                }

                partial class B
                {
                    [Tasklet]
                    static void Three() => Scheduler.Schedule();
                }
                """));
            test.FixedState.Sources.Add(("/0/D.cs", """
                using Stackless;

                internal partial class D
                {
                    [Tasklet]
                    static void Four() => Scheduler.Schedule();
                }
                """));
            return test.RunAsync(CancellationToken.None);
        }
    }
}
