using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// A [Tasklet] method refused before lowering (TSK001, TSK002, TSK003, TSK008, TSK009, TSK010 for its shape) gets
    /// no frame factory, so a tasklet calling it calls it as ordinary code: the caller's frame compiles, and the
    /// refusal is the build's only error. (A body refused while lowering keeps a throwing factory:
    /// DiagnosticTests.RefusedTaskletBody_….) Where the caller is run, its program is emitted despite the refusal,
    /// to show the ordinary call does what the user's code says.
    /// </summary>
    public class RefusedCalleeTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing Stackless;\n";

        /// <summary>
        /// Generates and compiles; asserts the generator reports exactly <paramref name="ids"/>, the compilation has no
        /// error (nor a warning in generated code), and the caller <c>C.Caller</c> got its frame.
        /// </summary>
        private static GeneratorOutcome OnlyTheRefusals(string source, params string[] ids)
        {
            GeneratorOutcome outcome = TestCompiler.RunGenerator(TestCompiler.CreateCompilation(("Program.cs", Usings + source)));
            Assert.True(ids.OrderBy(x => x).SequenceEqual(outcome.GeneratorDiagnostics.Select(d => d.Id).OrderBy(x => x)),
                "expected " + string.Join(", ", ids) + ", got:\n" + string.Join("\n", outcome.GeneratorDiagnostics));
            var generated = new HashSet<SyntaxTree>(outcome.Sources.Select(s => s.SyntaxTree));
            var problems = outcome.Output.GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && generated.Contains(d.Location.SourceTree!)))
                .ToList();
            Assert.True(problems.Count == 0, "compile problems:\n" + string.Join("\n", problems) + "\n" + outcome.AllGenerated);
            Assert.Contains(outcome.Sources, s => s.SourceText.ToString().Contains("class __Caller_Frame"));
            return outcome;
        }

        /// <summary>Runs <c>C.Run()</c> (which spawns the caller and returns its result).</summary>
        private static object? Run(GeneratorOutcome outcome) =>
            TestCompiler.Load(outcome.Output).GetType("C")!.GetMethod("Run")!.Invoke(null, null);

        private const string RunCaller = "public static object Run() { var t = SpawnCaller(); Scheduler.Run(); return t.Result; }";

        [Fact]
        public void Iterator_TSK002()
        {
            // The example: the frame of Sum called __Items_CreateFrame, which was never generated (CS0117).
            GeneratorOutcome o = OnlyTheRefusals("""
                static partial class C
                {
                    [Tasklet] static IEnumerable<int> Items() { yield return 1; yield return 2; }
                    [Tasklet] static IEnumerable<T> Twice<T>(this T x) { yield return x; yield return x; }
                    [Tasklet] static int Caller()
                    {
                        int s = 0;
                        foreach (int x in Items()) { Scheduler.Schedule(); s += x; }
                        foreach (int x in 10.Twice()) s += x;
                        return s;
                    }
                    public static string SpawnRefused()
                    {
                        try { SpawnItems(); return "spawned"; } catch (NotSupportedException e) { return e.Message; }
                    }
                """ + RunCaller + "}", "TSK002", "TSK002");
            Assert.Equal(23, Run(o));
            // SpawnItems is declared, throwing, so the user's call compiles too (the refusal is still the only error).
            Assert.Equal("[Tasklet] C.Items() was not compiled: see error TSK002 at the method.",
                TestCompiler.Load(o.Output).GetType("C")!.GetMethod("SpawnRefused")!.Invoke(null, null));
            Assert.DoesNotContain("__Items_CreateFrame", o.AllGenerated);
        }

        [Fact]
        public void Async_TSK002()
        {
            GeneratorOutcome o = OnlyTheRefusals("""
                partial class C
                {
                    [Tasklet] static async System.Threading.Tasks.Task<int> FetchAsync() { await System.Threading.Tasks.Task.Yield(); return 2; }
                    [Tasklet] static int Caller()
                    {
                        System.Threading.Tasks.Task<int> t = FetchAsync();
                        Scheduler.Schedule();
                        return t.Result;
                    }
                """ + RunCaller + "}", "TSK002");
            Assert.Equal(2, Run(o));
        }

        [Fact]
        public void ByRefAndRefLikeParameters_TSK003()
        {
            GeneratorOutcome o = OnlyTheRefusals("""
                partial class C
                {
                    [Tasklet] static void Bump(ref int x) { x++; }
                    [Tasklet] static bool TryGet(out int x) { x = 7; return true; }
                    [Tasklet] static int Read(in int x) => x;
                    [Tasklet] static int Length(ReadOnlySpan<int> s) => s.Length;
                    [Tasklet] static int Caller()
                    {
                        int x = 1;
                        Bump(ref x);
                        Scheduler.Schedule();
                        TryGet(out int y);
                        return x + y + Read(in x) + Length(new[] { 1, 2, 3 });
                    }
                """ + RunCaller + "}", "TSK003", "TSK003", "TSK003", "TSK003");
            Assert.Equal(2 + 7 + 2 + 3, Run(o));
            Assert.DoesNotContain("SpawnBump", o.AllGenerated); // no SpawnM for by-reference parameters
        }

        [Fact]
        public void InstanceMethodOfAStruct_TSK008()
        {
            GeneratorOutcome o = OnlyTheRefusals("""
                partial struct Counter { public int N; [Tasklet] public int Next() { N++; return N; } }
                partial class C
                {
                    [Tasklet] static int Caller()
                    {
                        var c = new Counter();
                        Scheduler.Schedule();
                        return c.Next() * 10 + c.Next();
                    }
                    static void Spawns(Counter c) => c.SpawnNext();
                """ + RunCaller + "}", "TSK008");
            Assert.Equal(12, Run(o));
        }

        [Fact]
        public void GeneratedNameTaken_TSK009()
        {
            GeneratorOutcome o = OnlyTheRefusals("""
                partial class C
                {
                    static void SpawnTaken() { }
                    [Tasklet] static int Taken() => 4;
                    [Tasklet] static int Caller() { Scheduler.Schedule(); return Taken(); }
                """ + RunCaller + "}", "TSK009");
            Assert.Equal(4, Run(o));
        }

        [Fact]
        public void NoBody_TSK010()
        {
            OnlyTheRefusals("""
                partial class C
                {
                    [Tasklet] static extern int External();
                    [Tasklet] static int Caller() { Scheduler.Schedule(); return External(); }
                    static void Spawns() => SpawnExternal();
                }
                """, "TSK010");
        }

        [Fact]
        public void TaskletLocalFunction_TSK010()
        {
            GeneratorOutcome o = OnlyTheRefusals("""
                partial class C
                {
                    [Tasklet] static int Caller()
                    {
                        Scheduler.Schedule();
                        return Local();
                        [Tasklet] static int Local() => 6;
                    }
                """ + RunCaller + "}", "TSK010");
            Assert.Equal(6, Run(o));
        }

        [Fact]
        public void RefAndRefLikeReturns_TSK010()
        {
            // The caller of a method returning Span<int> got a field TaskletFrame<Span<int>> (CS9244).
            GeneratorOutcome o = OnlyTheRefusals("""
                partial class C
                {
                    static int s_cell;
                    [Tasklet] static ref int Cell() => ref s_cell;
                    static Tasklet<int> Spawns() => SpawnCell();
                    [Tasklet] static Span<int> Window(int[] a) => a.AsSpan(1);
                    [Tasklet] static int Caller()
                    {
                        int[] a = { 1, 2, 3 };
                        Scheduler.Schedule();
                        Cell() = 10;
                        return Cell() + Window(a).Length;
                    }
                """ + RunCaller + "}", "TSK010", "TSK010");
            Assert.Equal(12, Run(o));
            Assert.DoesNotContain("SpawnWindow", o.AllGenerated); // Tasklet<Span<int>> cannot be written
        }

        [Fact]
        public void StaticAbstractInterfaceMember_TSK010()
        {
            GeneratorOutcome o = OnlyTheRefusals("""
                partial interface IShape { [Tasklet] static abstract int Sides(); }
                class Square : IShape { public static int Sides() => 4; }
                partial class C
                {
                    [Tasklet] static int Caller<T>() where T : IShape { Scheduler.Schedule(); return T.Sides(); }
                    public static object Run() { var t = SpawnCaller<Square>(); Scheduler.Run(); return t.Result; }
                }
                """, "TSK010");
            Assert.Equal(4, Run(o));
        }

        [Fact]
        public void OverrideOfANonTaskletMethod_TSK010()
        {
            GeneratorOutcome o = OnlyTheRefusals("""
                class Base { public virtual int Work() => 1; }
                partial class Derived : Base { [Tasklet] public override int Work() => 2; }
                partial class C
                {
                    [Tasklet] static int Caller(Derived d) { Scheduler.Schedule(); return d.Work() * 10 + ((Base)d).Work(); }
                    public static object Run() { var t = SpawnCaller(new Derived()); Scheduler.Run(); return t.Result; }
                }
                """, "TSK010");
            Assert.Equal(22, Run(o));
        }

        [Fact]
        public void CovariantOverride_TSK010()
        {
            OnlyTheRefusals("""
                partial class Base { [Tasklet] public virtual object Make() { Scheduler.Schedule(); return "base"; } }
                partial class Derived : Base { [Tasklet] public override string Make() => "derived"; }
                partial class C { [Tasklet] static string Caller(Derived d) { Scheduler.Schedule(); return d.Make(); } }
                """, "TSK010");
        }

        [Fact]
        public void OverrideOfARefusedBase_IsRefusedToo_InsteadOfOverridingAFactoryThatIsNotThere()
        {
            // Derived's factory would override Base's, which was never generated (CS0115).
            GeneratorOutcome o = OnlyTheRefusals("""
                partial class Base { [Tasklet] public virtual IEnumerable<int> Items() { yield return 1; } }
                partial class Derived : Base { [Tasklet] public override IEnumerable<int> Items() => new[] { 2, 3 }; }
                partial class C { [Tasklet] static int Caller(Base b) { Scheduler.Schedule(); return b.Items().Sum(); } }
                """, "TSK002", "TSK010");
            Diagnostic d = o.GeneratorDiagnostics.Single(x => x.Id == "TSK010");
            Assert.Contains("cannot be compiled itself (it is an iterator)", d.GetMessage());
        }

        [Fact]
        public void ExplicitImplementationOfARefusedInterfaceMember_IsRefusedToo()
        {
            // The implementation's factory would implement ISource.__Count_CreateFrame, which was never generated (CS0539).
            GeneratorOutcome o = OnlyTheRefusals("""
                partial interface ISource { [Tasklet] int Count(); void SpawnCount(); }
                partial class Source : ISource { [Tasklet] int ISource.Count() => 3; public void SpawnCount() { } }
                partial class C
                {
                    [Tasklet] static int Caller(ISource s) { Scheduler.Schedule(); return s.Count(); }
                    public static object Run() { var t = SpawnCaller(new Source()); Scheduler.Run(); return t.Result; }
                }
                """, "TSK009", "TSK010");
            Assert.Contains("it cannot be compiled itself (the name 'SpawnCount' is taken)", o.GeneratorDiagnostics.Single(x => x.Id == "TSK010").GetMessage());
            Assert.Equal(3, Run(o));
        }

        [Fact]
        public void NonTaskletCallerOfARefusedMethod_IsUnaffected_AndABodyRefusalKeepsItsThrowingFactory()
        {
            // A body refused while lowering (TSK007 here) still gets a factory that throws, so a tasklet calling it is a
            // nested frame as before; the TSK007 is the only error.
            GeneratorOutcome o = OnlyTheRefusals("""
                partial class C
                {
                    [Tasklet] static int Refused(Channel<int> c) { Func<int> f = () => c.Receive(); return f(); }
                    [Tasklet] static int Caller() { Scheduler.Schedule(); return Refused(new Channel<int>()); }
                """ + RunCaller + "}", "TSK007");
            Assert.Contains("__Refused_CreateFrame(", o.Sources.Single(s => s.SourceText.ToString().Contains("class __Caller_Frame")).SourceText.ToString());
            var e = Assert.Throws<System.Reflection.TargetInvocationException>(() => Run(o));
            Assert.IsType<System.NotSupportedException>(e.InnerException);
        }
    }
}
