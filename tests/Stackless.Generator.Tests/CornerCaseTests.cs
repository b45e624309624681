using System;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>Corner cases found by probing after the main features landed; each once produced code that did not compile.</summary>
    public class CornerCaseTests
    {
        private const string Feeder = TestPrograms.Feeder;

        [Fact]
        public void GenericTaskletsCalledWithAnAnonymousTypeArgument()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static T Echo<T>(T v) { ch.Receive(); return v; }
                [Tasklet]
                static void Show<T>(T v) { L("show " + v + " " + ch.Receive()); }
                [Tasklet]
                static List<T> Wrap<T>(T v) { ch.Receive(); return new List<T> { v }; }
                [Tasklet]
                static string M()
                {
                    var a = Echo(new { A = 1, B = "x" });          // receives 1
                    Show(a);                                       // receives 2
                    var list = Wrap(a);                            // receives 3
                    return a.A + a.B + list[0].B + ch.Receive();   // receives 4
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 10);");
            Assert.StartsWith("show { A = 1, B = x } 2\n", trace);
            Assert.EndsWith("result 1xx4", trace);
        }

        [Fact]
        public void TupleElementNamesInferredFromRenamedLocals()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    string r = "";
                    for (int k = 0; k < 2; k++) { int a = k; r += a; }
                    for (int k = 0; k < 2; k++)
                    {
                        int a = ch.Receive();
                        var t = (a, k);
                        r += t.a + "/" + t.k + ";";
                    }
                    return r;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 10);");
            Assert.EndsWith("result 011/0;2/1;", trace);
        }

        [Fact]
        public void SuspendingConditionsOfATypeWithOperatorTrue()
        {
            string trace = Differential.Same(Feeder + """
                readonly struct Tri { public readonly int V; public Tri(int v) { V = v; } public static bool operator true(Tri t) => t.V > 1; public static bool operator false(Tri t) => t.V <= 1; }
                [Tasklet]
                static string M()
                {
                    string r = "";
                    if (new Tri(ch.Receive())) r += "a"; else r += "b";           // 1: b
                    while (new Tri(ch.Receive())) { r += "w"; if (r.Length > 3) break; }   // 2, 3, 4: www, break
                    for (int i = 0; new Tri(ch.Receive() - 2 * i - 3); i++) r += i;   // 5-3 = 2: "0"; 6-5 = 1: stop
                    do { r += "d"; } while (new Tri(ch.Receive() - 8));                // 7-8: stop
                    return r;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 10);");
            Assert.EndsWith("result bwww0d", trace);
        }

        [Fact]
        public void UsingVariablesCapturedByClosures_InALoopThatSuspends_AreOnePerIteration()
        {
            string trace = Differential.Same(Feeder + """
                sealed class Res : IDisposable
                {
                    public readonly string Name; public bool Disposed;
                    public Res(string name) => Name = name;
                    public void Dispose() { Disposed = true; L("close " + Name); }
                }
                [Tasklet]
                static string M()
                {
                    var fns = new List<Func<string>>();
                    for (int i = 0; i < 3; i++)
                    {
                        using (var r = new Res("r" + i)) { fns.Add(() => r.Name); ch.Receive(); }
                        using var d = new Res("d" + i);
                        fns.Add(() => d.Name + (d.Disposed ? "+" : "-"));
                        ch.Receive();
                    }
                    return string.Join(",", fns.Select(f => f()));
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 10);");
            Assert.Equal("close r0\nclose d0\nclose r1\nclose d1\nclose r2\nclose d2\nresult r0,d0+,r1,d1+,r2,d2+", trace);
        }

        [Fact]
        public void WithExpression_ClonesTheReceiverBeforeASuspendingValue()
        {
            // C# clones p before evaluating Y's value; the partner changes p.X while M waits in the receive.
            string trace = Differential.Same("""
                static Channel<int> ch = new();
                record Point { public int X { get; set; } public int Y { get; init; } }
                static Point p = new();
                [Tasklet]
                static void Mutate() { p.X = 100; ch.Send(7); }
                [Tasklet]
                static string M()
                {
                    var q = p with { Y = ch.Receive() };
                    return q.X + " " + q.Y + " " + p.X;
                }
                """, "M()", init: "ch = new(); p = new Point { X = 1 };", partners: "SpawnMutate();");
            Assert.EndsWith("result 1 7 100", trace);
        }

        [Fact]
        public void AFinishedCallee_IsNotKeptAliveByItsCaller()
        {
            // Big's frame holds a large array across its suspension; once Big has returned and its caller parks
            // for good, nothing may keep that frame (and the array) reachable.
            GeneratorOutcome outcome = TestCompiler.CompileClean("""
                using System;
                using Stackless;

                public static partial class Retention
                {
                    public static WeakReference? Data;
                    static Channel<int> forever = new();

                    [Tasklet]
                    static int Big()
                    {
                        byte[] data = new byte[1_000_000];
                        Data = new WeakReference(data);
                        Scheduler.Schedule();
                        return data.Length;
                    }

                    [Tasklet]
                    static void Caller()
                    {
                        int n = Big();
                        forever.Receive();          // parks here for good, long after Big returned
                        GC.KeepAlive(n);
                    }

                    public static Tasklet Start()
                    {
                        forever = new Channel<int>();
                        Tasklet t = SpawnCaller();
                        Scheduler.Run();
                        return t;
                    }
                }
                """);
            var asm = TestCompiler.Load(outcome.Output);
            var type = asm.GetType("Retention")!;
            var t = (Tasklet)type.GetMethod("Start")!.Invoke(null, null)!;
            Assert.True(t.IsBlocked);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var weak = (WeakReference)type.GetField("Data")!.GetValue(null)!;
            Assert.False(weak.IsAlive, "the finished callee's frame is still reachable from its caller");
            GC.KeepAlive(t);
        }

        [Fact]
        public void CallerInfoAndOptionalParameters_OfACalledTasklet_BindAsInTheDirectCall()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string Who(int v, string tag = "none", [System.Runtime.CompilerServices.CallerMemberName] string caller = "?",
                    [System.Runtime.CompilerServices.CallerLineNumber] int line = 0)
                {
                    ch.Receive();
                    return v + ":" + tag + ":" + caller + ":" + (line > 0);
                }
                [Tasklet]
                static string M()
                {
                    string a = Who(1);
                    string b = Who(2, "t");
                    string c = Who(3, caller: "explicit");
                    return a + " " + b + " " + c;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 10);");
            Assert.EndsWith("result 1:none:M:True 2:t:M:True 3:none:explicit:True", trace);

            // SpawnM takes the caller's information too, as a direct call of M would.
            GeneratorOutcome outcome = TestCompiler.CompileClean("""
                using Stackless;
                public static partial class Info
                {
                    [Tasklet]
                    static string Who(int v, [System.Runtime.CompilerServices.CallerMemberName] string caller = "?",
                        [System.Runtime.CompilerServices.CallerArgumentExpression("v")] string expr = "") { Scheduler.Schedule(); return caller + " " + expr; }
                    public static string Start()
                    {
                        Tasklet<string> t = SpawnWho(40 + 2);
                        Scheduler.Run();
                        return t.Result;
                    }
                }
                """);
            var asm = TestCompiler.Load(outcome.Output);
            Assert.Equal("Start 40 + 2", (string)asm.GetType("Info")!.GetMethod("Start")!.Invoke(null, null)!);
        }

        [Fact]
        public void GenericOverride_ReturningAnUnconstrainedNullableT()
        {
            string trace = Differential.Same(Feeder + """
                public abstract partial class Source<T>
                {
                    [Tasklet] public abstract T? Next(Channel<int> c);
                }
                public sealed partial class Defaults<T> : Source<T>
                {
                    [Tasklet] public override T? Next(Channel<int> c) { c.Receive(); return default; }
                }
                [Tasklet]
                static string M()
                {
                    Source<string> s = new Defaults<string>();
                    Source<int> i = new Defaults<int>();
                    return (s.Next(ch) ?? "null") + " " + i.Next(ch);
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 10);");
            Assert.EndsWith("result null 0", trace);
        }
    }
}
