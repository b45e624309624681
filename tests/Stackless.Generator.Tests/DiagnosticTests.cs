using System.Linq;
using Microsoft.CodeAnalysis;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// One positive test per diagnostic (reported at the right span, nothing emitted for the method) and one
    /// near-miss that is accepted and compiles.
    /// </summary>
    public class DiagnosticTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing Stackless;\n";

        /// <summary>Runs the generator; asserts exactly one diagnostic with <paramref name="id"/> whose span covers <paramref name="markedText"/>.</summary>
        private static void AssertDiagnostic(string source, string id, string markedText)
        {
            source = Usings + source;
            GeneratorOutcome outcome = TestCompiler.RunGenerator(TestCompiler.CreateCompilation(("Program.cs", source)));
            Diagnostic[] ours = outcome.GeneratorDiagnostics.Where(d => d.Id.StartsWith("TSK")).ToArray();
            Assert.True(ours.Length == 1, "expected one " + id + ", got:\n" + string.Join("\n", ours.Select(d => d.ToString())));
            Diagnostic d = ours[0];
            Assert.Equal(id, d.Id);
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            string spanText = source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length);
            Assert.Contains(markedText, spanText);
            Assert.Equal("Program.cs", d.Location.SourceTree!.FilePath);
            // Nothing is emitted for the refused method (the diagnostic is the only message).
            Assert.DoesNotContain(outcome.Sources, s => s.SourceText.ToString().Contains("__Bad_Frame"));
        }

        private static void AssertAccepted(string source) => TestCompiler.CompileClean(Usings + source);

        [Fact]
        public void EveryMisplacedSuspensionPoint_IsReported_NotJustTheFirst()
        {
            // The validation pass collects every diagnostic of the body before anything is lowered (issue 16).
            string source = Usings + """
                partial class C
                {
                    static readonly object Gate = new();
                    [Tasklet] static void Bad(Channel<int> c)
                    {
                        Action a = () => c.Send(1);
                        lock (Gate) { c.Send(2); }
                        Func<int> f = () => c.Receive();
                        c.Send(3);
                    }
                }
                """;
            GeneratorOutcome outcome = TestCompiler.RunGenerator(TestCompiler.CreateCompilation(("Program.cs", source)));
            Diagnostic[] ours = outcome.GeneratorDiagnostics.Where(d => d.Id.StartsWith("TSK")).OrderBy(d => d.Location.SourceSpan.Start).ToArray();
            Assert.Equal(new[] { "TSK007", "TSK005", "TSK007" }, ours.Select(d => d.Id));
            Assert.Equal(new[] { "c.Send(1)", "c.Send(2)", "c.Receive()" }, ours.Select(d => source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)));
            Assert.DoesNotContain(outcome.Sources, s => s.SourceText.ToString().Contains("__Bad_Frame"));
        }

        [Fact]
        public void TSK001_ContainingTypeNotPartial()
        {
            AssertDiagnostic("""
                class Outer
                {
                    public partial class Inner { [Tasklet] static void Bad(Channel<int> c) => c.Send(1); }
                }
                """, "TSK001", "Outer");
            AssertAccepted("partial class Outer { public partial class Inner { [Tasklet] static void Good(Channel<int> c) => c.Send(1); } }");
        }

        [Fact]
        public void TSK002_AsyncOrIterator()
        {
            AssertDiagnostic("partial class C { [Tasklet] static async System.Threading.Tasks.Task Bad() { await System.Threading.Tasks.Task.Yield(); } }", "TSK002", "async");
            AssertDiagnostic("partial class C { [Tasklet] static IEnumerable<int> Bad() { yield return 1; } }", "TSK002", "Bad");
            AssertAccepted("partial class C { [Tasklet] static IEnumerable<int> Good() { Func<IEnumerable<int>> f = () => new[] { 1 }; Scheduler.Schedule(); return f(); } }");
        }

        [Fact]
        public void TSK003_ByRefOrPointerParameters()
        {
            AssertDiagnostic("partial class C { [Tasklet] static void Bad(ref int x) { Scheduler.Schedule(); } }", "TSK003", "ref int x");
            AssertDiagnostic("partial class C { [Tasklet] static void Bad(Span<int> s) { Scheduler.Schedule(); } }", "TSK003", "Span<int> s");
            AssertAccepted("partial class C { [Tasklet] static void Good(int[] x, params int[] rest) { x[0]++; Scheduler.Schedule(); } }");
        }

        [Fact]
        public void TSK004_RefLikeLocalLiveAcrossSuspension()
        {
            AssertDiagnostic("""
                partial class C
                {
                    [Tasklet] static int Bad(Channel<int> c)
                    {
                        Span<int> buffer = stackalloc int[4];
                        buffer[0] = c.Receive();
                        return buffer[0];
                    }
                }
                """, "TSK004", "buffer");
            // Near miss: the span lives only after the last suspension point.
            AssertAccepted("""
                partial class C
                {
                    [Tasklet] static int Good(Channel<int> c)
                    {
                        int v = c.Receive();
                        Span<int> buffer = stackalloc int[4];
                        buffer[0] = v;
                        return buffer[0];
                    }
                }
                """);
        }

        [Fact]
        public void TSK005_SuspensionInsideLock()
        {
            AssertDiagnostic("partial class C { static readonly object Gate = new(); [Tasklet] static void Bad(Channel<int> c) { lock (Gate) { c.Send(1); } } }", "TSK005", "c.Send(1)");
            AssertAccepted("partial class C { static readonly object Gate = new(); static int n; [Tasklet] static void Good(Channel<int> c) { lock (Gate) { n++; } c.Send(n); } }");
        }

        [Fact]
        public void TSK006_SuspensionInsideCatchFilter()
        {
            AssertDiagnostic("partial class C { [Tasklet] static void Bad(Channel<int> c) { try { c.Send(1); } catch (Exception) when (c.Receive() > 0) { } } }", "TSK006", "c.Receive()");
            AssertAccepted("partial class C { [Tasklet] static void Good(Channel<int> c) { try { c.Send(1); } catch (Exception e) when (e.Message.Length > 0) { c.Send(2); } } }");
        }

        [Fact]
        public void TSK007_SuspensionInsideLambdaOrLocalFunction()
        {
            AssertDiagnostic("partial class C { [Tasklet] static void Bad(Channel<int> c) { Action a = () => c.Send(1); a(); } }", "TSK007", "c.Send(1)");
            AssertDiagnostic("partial class C { [Tasklet] static void Bad(Channel<int> c) { void Local() => c.Send(1); Local(); } }", "TSK007", "c.Send(1)");
            AssertAccepted("partial class C { [Tasklet] static void Good(Channel<int> c) { Func<int, int> f = x => x + 1; c.Send(f(1)); } }");
        }

        [Fact]
        public void TSK008_InstanceTaskletOfStruct()
        {
            AssertDiagnostic("partial struct S { int n; [Tasklet] void Bad() { n++; Scheduler.Schedule(); } }", "TSK008", "Bad");
            AssertAccepted("partial struct S { [Tasklet] static void Good() { Scheduler.Schedule(); } }");
        }

        [Fact]
        public void TSK009_SpawnNameClash()
        {
            AssertDiagnostic("partial class C { static void SpawnBad() { } [Tasklet] static void Bad() { Scheduler.Schedule(); } }", "TSK009", "Bad");
            AssertAccepted("partial class C { static void SpawnGoodish() { } [Tasklet] static void Good() { Scheduler.Schedule(); } }");
        }

        [Fact]
        public void AJumpOutOfCopiedCode_BeforeAUsingDeclaration_Compiles()
        {
            // Fuzz seed 294: the loop is lowered (its incrementor suspends), its body is copied; 'continue' becomes a goto to
            // a label after the body, which C# refuses when written before a using declaration of an enclosing block
            // (CS8648). With a local function after the declaration, the goto goes backward to a trampoline in front of the
            // block (FuzzRegressionTests run these both ways).
            AssertAccepted("""
                partial class C
                {
                    [Tasklet] static int Continues(Channel<int> c, bool skip)
                    {
                        for (int i = 0; i < 2; i += c.Receive())
                        {
                            if (skip) continue;
                            using var d = new System.IO.MemoryStream();
                            int Twice(int x) => 2 * x;
                            d.WriteByte((byte)Twice(1));
                        }
                        return 1;
                    }
                    [Tasklet] static int Breaks(Channel<int> c, bool stop)
                    {
                        while (c.Receive() > 0)
                        {
                            if (stop) break;
                            using var d = new System.IO.MemoryStream();
                            void Write() => d.WriteByte(1);
                            Write();
                        }
                        return 1;
                    }
                }
                """);
            // Without a local function the declaration gets a block of its own (fuzz seed 488); a using statement, or the
            // declaration before the jump, needs no goto past a declaration: accepted.
            AssertAccepted("""
                partial class C
                {
                    [Tasklet] static int Good(Channel<int> c, bool skip)
                    {
                        for (int i = 0; i < 2; i += c.Receive())
                        {
                            if (skip) continue;
                            using (var d = new System.IO.MemoryStream()) d.WriteByte(1);
                        }
                        for (int i = 0; i < 2; i += c.Receive())
                        {
                            if (skip) continue;
                            using var d = new System.IO.MemoryStream();
                            d.WriteByte(1);
                        }
                        while (c.Receive() > 0)
                        {
                            using var e = new System.IO.MemoryStream();
                            if (skip) break;
                        }
                        return 1;
                    }
                }
                """);
        }

        [Fact]
        public void TSK010_ConstructNotSupported()
        {
            AssertDiagnostic("""
                partial class C
                {
                    [Tasklet] static int Bad(Channel<int> c)
                    {
                        var bump = (ref int x) => ++x; // an inferred delegate type: no expression can name it in the frame
                        int v = c.Receive();
                        return bump(ref v);
                    }
                }
                """, "TSK010", "bump");
            AssertDiagnostic("partial class C { static void Outer() { [Tasklet] static void Bad() { } Bad(); } }", "TSK010", "[Tasklet] static void Bad()");
            // Awaiting a task of an inferred delegate type: End<T> would need T named, and no example can name it.
            AssertDiagnostic("""
                partial class C
                {
                    [Tasklet] static int Bad()
                    {
                        int v = 1;
                        return Tasklet.Await(System.Threading.Tasks.Task.FromResult((ref int x) => ++x))(ref v);
                    }
                }
                """, "TSK010", "Tasklet.Await(System.Threading.Tasks.Task.FromResult((ref int x) => ++x))");
            // Near miss: values of anonymous type live across suspension points (AnonymousTypeTests).
            AssertAccepted("""
                partial class C
                {
                    [Tasklet] static int Good(Channel<int> c)
                    {
                        var anon = new { Value = c.Receive() };
                        Scheduler.Schedule();
                        return anon.Value;
                    }
                }
                """);
        }

        [Fact]
        public void CallToRefusedTasklet_IsAnOrdinaryCall_TheRefusalIsTheOnlyError()
        {
            // The callee's own TSK001 is reported; it gets no frame factory, so the caller calls it as ordinary code
            // (RefusedCalleeTests covers every other refusal).
            string source = Usings + """
                class NotPartial { [Tasklet] public static int Callee() { Scheduler.Schedule(); return 1; } }
                partial class C { [Tasklet] static int Caller() => NotPartial.Callee(); }
                """;
            GeneratorOutcome outcome = TestCompiler.RunGenerator(TestCompiler.CreateCompilation(("Program.cs", source)));
            Assert.Equal(new[] { "TSK001" }, outcome.GeneratorDiagnostics.Select(d => d.Id));
            Assert.DoesNotContain(outcome.Output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
            Assert.Contains(outcome.Sources, s => s.SourceText.ToString().Contains("class __Caller_Frame"));
        }

        [Fact]
        public void RefusedTaskletBody_StillDeclaresItsFactoryAndSpawn_SoTheRefusalIsTheOnlyError()
        {
            // The callee's body is refused (TSK004: a span across a suspension). Its caller (another tasklet) and the
            // user's SpawnCallee() call must still compile: the one error of the build is the TSK004 at the callee.
            string source = Usings + """
                public static partial class C
                {
                    [Tasklet]
                    public static int Callee(Channel<int> c)
                    {
                        Span<int> buffer = stackalloc int[2];
                        buffer[0] = c.Receive();
                        return buffer[0];
                    }

                    [Tasklet]
                    public static int Caller(Channel<int> c) => Callee(c) + 1;

                    public static string Start()
                    {
                        try { SpawnCallee(new Channel<int>()); return "started"; }
                        catch (NotSupportedException e) { return e.Message; }
                    }
                }
                """;
            GeneratorOutcome outcome = TestCompiler.RunGenerator(TestCompiler.CreateCompilation(("Program.cs", source)));
            Diagnostic refusal = Assert.Single(outcome.GeneratorDiagnostics);
            Assert.Equal("TSK004", refusal.Id);
            Assert.Empty(outcome.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            Assert.DoesNotContain(outcome.Sources, s => s.SourceText.ToString().Contains("class __Callee_Frame"));

            // Were the program run anyway (the build fails on TSK004), the refused tasklet says so instead of misbehaving.
            var asm = TestCompiler.Load(outcome.Output);
            string message = (string)asm.GetType("C")!.GetMethod("Start")!.Invoke(null, null)!;
            Assert.Equal("[Tasklet] C.Callee(Channel<int>) was not compiled: see error TSK004 at the method.", message);
        }
    }
}
