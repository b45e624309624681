using System.Threading;
using System.Threading.Tasks;
using Stackless.Analyzers.CodeFixes;
using Stackless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Stackless.Analyzers.Tests
{
    /// <summary>The TSK111 fix: mark the called method [Tasklet] where it is declared, and make its type partial.</summary>
    public class AddTaskletAttributeCodeFixTests
    {
        [Fact]
        public Task CalleeInTheSameFileIsMarked() => new CodeFixTest<TaskletAnalyzer, AddTaskletAttributeCodeFixProvider>
        {
            TestCode = """
                using Stackless;

                partial class C
                {
                    [Tasklet]
                    static void M(Channel<int> ch) => {|TSK111:Forward(ch)|};

                    static void Forward(Channel<int> ch) => ch.Send(1);
                }
                """,
            FixedCode = """
                using Stackless;

                partial class C
                {
                    [Tasklet]
                    static void M(Channel<int> ch) => Forward(ch);

                    [Tasklet]
                    static void Forward(Channel<int> ch) => ch.Send(1);
                }
                """,
        }.RunAsync(CancellationToken.None);

        [Fact]
        public Task CalleeInAnotherFileGetsTheAttributeTheUsingAndPartial()
        {
            var test = new CodeFixTest<TaskletAnalyzer, AddTaskletAttributeCodeFixProvider>();
            test.TestState.Sources.Add(("/0/Program.cs", """
                using Stackless;

                partial class Program
                {
                    [Tasklet]
                    static void Pump(Channel<int> ch) => App.Relay.{|TSK111:Forward(ch)|};
                }
                """));
            test.TestState.Sources.Add(("/0/Relay.cs", """
                namespace App
                {
                    static class Relay
                    {
                        /// <summary>Sends one value.</summary>
                        public static void Forward(Stackless.Channel<int> ch)
                        {
                            ch.Send(1);
                        }
                    }
                }
                """));
            test.FixedState.Sources.Add(("/0/Program.cs", """
                using Stackless;

                partial class Program
                {
                    [Tasklet]
                    static void Pump(Channel<int> ch) => App.Relay.Forward(ch);
                }
                """));
            test.FixedState.Sources.Add(("/0/Relay.cs", """
                using Stackless;

                namespace App
                {
                    static partial class Relay
                    {
                        /// <summary>Sends one value.</summary>
                        [Tasklet]
                        public static void Forward(Stackless.Channel<int> ch)
                        {
                            ch.Send(1);
                        }
                    }
                }
                """));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task FixAllMarksEachCalleeOnceInOnePass() => new CodeFixTest<TaskletAnalyzer, AddTaskletAttributeCodeFixProvider>
        {
            NumberOfFixAllIterations = 1,
            TestCode = """
                using Stackless;

                partial class C
                {
                    [Tasklet]
                    static void A(Channel<int> ch)
                    {
                        {|TSK111:Forward(ch)|};
                        {|TSK111:Forward(ch)|};
                    }

                    [Tasklet]
                    static int B(Channel<int> ch) => {|TSK111:Take(ch)|} + {|TSK111:Take(ch)|};

                    static void Forward(Channel<int> ch) => ch.Send(1);

                    static int Take(Channel<int> ch) => ch.Receive();
                }
                """,
            FixedCode = """
                using Stackless;

                partial class C
                {
                    [Tasklet]
                    static void A(Channel<int> ch)
                    {
                        Forward(ch);
                        Forward(ch);
                    }

                    [Tasklet]
                    static int B(Channel<int> ch) => Take(ch) + Take(ch);

                    [Tasklet]
                    static void Forward(Channel<int> ch) => ch.Send(1);

                    [Tasklet]
                    static int Take(Channel<int> ch) => ch.Receive();
                }
                """,
        }.RunAsync(CancellationToken.None);

        [Fact]
        public Task FixAllMarksCalleesOfOneNonPartialTypeInAnotherFileTogether()
        {
            var test = new CodeFixTest<TaskletAnalyzer, AddTaskletAttributeCodeFixProvider> { NumberOfFixAllIterations = 1 };
            test.TestState.Sources.Add(("/0/Program.cs", """
                using Stackless;

                partial class Program
                {
                    [Tasklet]
                    static void Pump(Channel<int> ch)
                    {
                        Relay.{|TSK111:Forward(ch)|};
                        Relay.{|TSK111:Back(ch)|};
                    }
                }
                """));
            test.TestState.Sources.Add(("/0/Relay.cs", """
                using Stackless;

                static class Relay
                {
                    public static void Forward(Channel<int> ch) => ch.Send(1);

                    public static void Back(Channel<int> ch) => ch.Send(ch.Receive());
                }
                """));
            test.FixedState.Sources.Add(("/0/Program.cs", """
                using Stackless;

                partial class Program
                {
                    [Tasklet]
                    static void Pump(Channel<int> ch)
                    {
                        Relay.Forward(ch);
                        Relay.Back(ch);
                    }
                }
                """));
            test.FixedState.Sources.Add(("/0/Relay.cs", """
                using Stackless;

                static partial class Relay
                {
                    [Tasklet]
                    public static void Forward(Channel<int> ch) => ch.Send(1);

                    [Tasklet]
                    public static void Back(Channel<int> ch) => ch.Send(ch.Receive());
                }
                """));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task NoFixWhereTheGeneratorWouldRefuseTheMethod()
        {
            const string code = """
                using Stackless;

                partial class C
                {
                    [Tasklet]
                    static void M(Channel<int> ch, Counter counter)
                    {
                        counter.{|TSK111:Bump(ch)|};
                        int x = 0;
                        {|TSK111:Fill(ch, ref x)|};
                    }

                    static void Fill(Channel<int> ch, ref int value) => value = ch.Receive();
                }

                struct Counter
                {
                    public int Value;
                    public void Bump(Channel<int> ch) => Value += ch.Receive();
                }
                """;
            // The diagnostics stay: an instance method of a struct and a ref parameter cannot be [Tasklet] (TSK008, TSK003).
            return new CodeFixTest<TaskletAnalyzer, AddTaskletAttributeCodeFixProvider> { TestCode = code, FixedCode = code }
                .RunAsync(CancellationToken.None);
        }
    }
}
