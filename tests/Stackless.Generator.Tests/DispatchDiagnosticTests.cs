using System.Linq;
using Microsoft.CodeAnalysis;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// The diagnostics of virtual, override and interface [Tasklet] methods: what cannot dispatch through a frame
    /// factory is refused at the user's code (TSK010, TSK009), and the near misses compile.
    /// </summary>
    public class DispatchDiagnosticTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing Stackless;\n";

        private static Diagnostic Single(string source, string id, string markedText)
        {
            source = Usings + source;
            GeneratorOutcome outcome = TestCompiler.RunGenerator(TestCompiler.CreateCompilation(("Program.cs", source)));
            Diagnostic[] ours = outcome.GeneratorDiagnostics.Where(d => d.Id.StartsWith("TSK")).ToArray();
            Assert.True(ours.Length == 1, "expected one " + id + ", got:\n" + string.Join("\n", ours.Select(d => d.ToString())));
            Diagnostic d = ours[0];
            Assert.Equal(id, d.Id);
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.Contains(markedText, source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
            // Nothing emitted for the refused method leaves code that fails to compile.
            Assert.DoesNotContain(outcome.Output.GetDiagnostics(), e => e.Severity == DiagnosticSeverity.Error && e.Location.SourceTree?.FilePath != "Program.cs");
            return d;
        }

        private static void Accepted(string source) => TestCompiler.CompileClean(Usings + source);

        [Fact]
        public void TaskletOverrideOfANonTaskletMethod_IsRefused()
        {
            Diagnostic d = Single("""
                partial class Base { public virtual int Work(Channel<int> c) => 0; }
                partial class Derived : Base { [Tasklet] public override int Work(Channel<int> c) => c.Receive(); }
                """, "TSK010", "Work");
            Assert.Contains("Overriding 'Base.Work(Channel<int>)', which is not [Tasklet]", d.GetMessage());
            Assert.Contains("mark it [Tasklet] too", d.GetMessage());
            Accepted("""
                partial class Base { [Tasklet] public virtual int Work(Channel<int> c) => 0; }
                partial class Derived : Base { [Tasklet] public override int Work(Channel<int> c) => c.Receive(); }
                """);
        }

        [Fact]
        public void CovariantReturnOnATaskletOverride_IsRefused()
        {
            Diagnostic d = Single("""
                partial class Base { [Tasklet] public virtual object Work(Channel<int> c) => c.Receive(); }
                partial class Derived : Base { [Tasklet] public override string Work(Channel<int> c) => "x" + c.Receive(); }
                """, "TSK010", "Work");
            Assert.Contains("covariant return type", d.GetMessage());
            Accepted("""
                partial class Base { [Tasklet] public virtual object Work(Channel<int> c) => c.Receive(); }
                partial class Derived : Base { [Tasklet] public override object Work(Channel<int> c) => "x" + c.Receive(); }
                """);
        }

        [Fact]
        public void TaskletExplicitImplementationOfANonTaskletInterfaceMember_IsRefused()
        {
            Diagnostic d = Single("""
                interface IWorker { int Work(Channel<int> c); }
                partial class Worker : IWorker { [Tasklet] int IWorker.Work(Channel<int> c) => c.Receive(); }
                """, "TSK010", "Work");
            Assert.Contains("Explicitly implementing 'IWorker.Work(Channel<int>)', which is not [Tasklet]", d.GetMessage());
            Accepted("""
                partial interface IWorker { [Tasklet] int Work(Channel<int> c); }
                partial class Worker : IWorker { [Tasklet] int IWorker.Work(Channel<int> c) => c.Receive(); }
                """);
            // An implicit implementation of a plain interface member is an ordinary [Tasklet] method.
            Accepted("""
                interface IWorker { int Work(Channel<int> c); }
                partial class Worker : IWorker { [Tasklet] public int Work(Channel<int> c) => c.Receive(); }
                """);
        }

        [Fact]
        public void StaticAbstractTaskletInterfaceMember_IsRefused()
        {
            Diagnostic d = Single("partial interface IMake { [Tasklet] static abstract int Make(Channel<int> c); }", "TSK010", "Make");
            Assert.Contains("static abstract or static virtual", d.GetMessage());
            Accepted("partial interface IMake { [Tasklet] int Make(Channel<int> c); }");
        }

        [Fact]
        public void FactoryNameAlreadyTaken_IsTSK009()
        {
            Diagnostic d = Single("""
                partial class C
                {
                    int __Work_CreateFrame(Channel<int> c) => 0;
                    [Tasklet] public int Work(Channel<int> c) => c.Receive();
                }
                """, "TSK009", "Work");
            Assert.Contains("'__Work_CreateFrame'", d.GetMessage());
            // An override emits no SpawnM, so a SpawnWork of its own type does not clash.
            Accepted("""
                partial class Base { [Tasklet] public virtual int Work(Channel<int> c) => c.Receive(); }
                partial class Derived : Base
                {
                    public static int SpawnWork() => 0;
                    [Tasklet] public override int Work(Channel<int> c) => c.Receive() + 1;
                }
                """);
        }

        [Fact]
        public void CallingARefusedOverride_IsAnOrdinaryCall()
        {
            // The override's own TSK010 is reported; it has no frame factory, so its caller calls it as ordinary code.
            string source = Usings + """
                partial class Base { public virtual int Work(Channel<int> c) => 0; }
                partial class Derived : Base
                {
                    [Tasklet] public override int Work(Channel<int> c) => c.Receive();
                    [Tasklet] public int Twice(Channel<int> c) => Work(c) * 2;
                }
                """;
            GeneratorOutcome outcome = TestCompiler.RunGenerator(TestCompiler.CreateCompilation(("Program.cs", source)));
            Diagnostic refusal = Assert.Single(outcome.GeneratorDiagnostics);
            Assert.Contains("Overriding 'Base.Work(Channel<int>)', which is not [Tasklet]", refusal.GetMessage());
            Assert.DoesNotContain(outcome.Output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
            Assert.Contains(outcome.Sources, s => s.SourceText.ToString().Contains("class __Twice_Frame"));
        }

        [Fact]
        public void HidingAndNewVirtual_Compile()
        {
            // `new` hides the base tasklet: the factory and SpawnM hide the base's too, warning-free.
            Accepted("""
                partial class Base { [Tasklet] public virtual int Work(Channel<int> c) => c.Receive(); }
                partial class Derived : Base { [Tasklet] public new virtual int Work(Channel<int> c) => c.Receive() + 1; }
                partial class Again : Derived { [Tasklet] public sealed override int Work(Channel<int> c) => base.Work(c) + 1; }
                """);
        }
    }
}
