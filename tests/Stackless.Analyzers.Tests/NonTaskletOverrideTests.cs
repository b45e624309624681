using System.Threading;
using System.Threading.Tasks;
using Stackless.Analyzers.CodeFixes;
using Stackless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Stackless.Analyzers.Tests
{
    /// <summary>
    /// TSK115: an override of a [Tasklet] method (or an implementation of a [Tasklet] interface member with a
    /// default body) that is not [Tasklet]; tasklets calling through the base would not run it. And its fix.
    /// </summary>
    public class NonTaskletOverrideTests
    {
        [Fact]
        public Task PlainOverridesOfTaskletMethodsAreReported() => AnalyzerVerifier.VerifyAsync(
            """
            using Stackless;

            partial class Animal
            {
                [Tasklet] public virtual int Speak(Channel<int> c) => c.Receive();
                [Tasklet] public virtual void Sleep() => Scheduler.Schedule();
            }

            abstract partial class Shape { [Tasklet] public abstract int Area(Channel<int> c); }

            class Dog : Animal
            {
                public override int {|#0:Speak|}(Channel<int> c) => 1;
                public sealed override void {|#1:Sleep|}() { }
            }

            class Square : Shape { public override int {|#2:Area|}(Channel<int> c) => 4; }

            partial interface IGreeter { [Tasklet] string Greet(Channel<int> c) => "hi " + c.Receive(); }

            class Plain : IGreeter { public string {|#3:Greet|}(Channel<int> c) => "plain"; }
            class Explicit : IGreeter { string IGreeter.{|#4:Greet|}(Channel<int> c) => "explicit"; }
            """,
            AnalyzerVerifier.Diagnostic("TSK115").WithLocation(0).WithArguments("Speak", "Animal.Speak(Channel<int>)"),
            AnalyzerVerifier.Diagnostic("TSK115").WithLocation(1).WithArguments("Sleep", "Animal.Sleep()"),
            AnalyzerVerifier.Diagnostic("TSK115").WithLocation(2).WithArguments("Area", "Shape.Area(Channel<int>)"),
            AnalyzerVerifier.Diagnostic("TSK115").WithLocation(3).WithArguments("Greet", "IGreeter.Greet(Channel<int>)"),
            AnalyzerVerifier.Diagnostic("TSK115").WithLocation(4).WithArguments("IGreeter.Greet", "IGreeter.Greet(Channel<int>)"));

        [Fact]
        public Task TaskletOverridesPlainOverridesOfPlainMethodsAndImplementationsOfAbstractMembersAreNotReported() => AnalyzerVerifier.VerifyAsync("""
            using Stackless;

            partial class Animal
            {
                [Tasklet] public virtual int Speak(Channel<int> c) => c.Receive();
                public virtual string Name() => "animal";
            }

            partial class Dog : Animal
            {
                [Tasklet] public override int Speak(Channel<int> c) => c.Receive() + 1;
                public override string Name() => "dog";
                public override string ToString() => Name();
            }

            // A plain implementation of an abstract [Tasklet] interface member runs as an ordinary call: allowed.
            partial interface IWorker { [Tasklet] int Work(Channel<int> c); }
            class Constant : IWorker { public int Work(Channel<int> c) => 42; }

            // Only where the chain of [Tasklet] overrides breaks: a plain override of the [Tasklet] override.
            class Puppy : Dog { public override int {|#0:Speak|}(Channel<int> c) => 3; }
            """,
            AnalyzerVerifier.Diagnostic("TSK115").WithLocation(0).WithArguments("Speak", "Dog.Speak(Channel<int>)"));

        [Fact]
        public Task TheFixMarksTheOverrideAndMakesItsTypePartial() => new CodeFixTest<TaskletAnalyzer, AddTaskletAttributeCodeFixProvider>
        {
            TestCode = """
                using Stackless;

                partial class Animal
                {
                    [Tasklet]
                    public virtual int Speak(Channel<int> c) => c.Receive();
                }

                class Dog : Animal
                {
                    public override int {|TSK115:Speak|}(Channel<int> c) => c.Receive() * 2;
                }
                """,
            FixedCode = """
                using Stackless;

                partial class Animal
                {
                    [Tasklet]
                    public virtual int Speak(Channel<int> c) => c.Receive();
                }

                partial class Dog : Animal
                {
                    [Tasklet]
                    public override int Speak(Channel<int> c) => c.Receive() * 2;
                }
                """,
        }.RunAsync(CancellationToken.None);
    }
}
