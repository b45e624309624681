using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using System.Threading;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// Virtual, abstract, override and interface [Tasklet] methods: a call from a tasklet through a base-class or
    /// interface reference creates the frame of the override or implementation (through the virtual frame factory),
    /// and suspends properly. Each program runs both ways (spawned, and called directly from main).
    /// </summary>
    public class DispatchTests
    {
        private const string Feeder = """
                    static Channel<int> ch = new();

                    [Tasklet]
                    static void Feed(Channel<int> c, int count)
                    {
                        for (int i = 1; i <= count; i++) c.Send(i);
                    }
            """;

        private const string Animals = """
                    public partial class Animal
                    {
                        [Tasklet]
                        public virtual string Speak(Channel<int> c)
                        {
                            int n = c.Receive();
                            L("animal hears " + n);
                            return "..." + n;
                        }
                    }

                    public partial class Dog : Animal
                    {
                        [Tasklet]
                        public override string Speak(Channel<int> c)
                        {
                            int n = c.Receive();
                            L("dog hears " + n);
                            return "woof" + n;
                        }
                    }

                    public partial class Puppy : Dog
                    {
                        [Tasklet]
                        public sealed override string Speak(Channel<int> c)
                        {
                            Scheduler.Schedule();
                            int n = c.Receive();
                            L("puppy hears " + n);
                            return "yip" + n;
                        }
                    }
            """;

        [Fact]
        public void VirtualAndSealedOverride_ThroughBaseReference_RunTheOverridesFrame()
        {
            string trace = Differential.Same(Feeder + Animals + """
                    [Tasklet]
                    public static string Chorus(Channel<int> c)
                    {
                        Animal[] all = { new Animal(), new Dog(), new Puppy() };
                        string s = "";
                        foreach (Animal a in all) s += a.Speak(c) + ";";
                        return s;
                    }
                """, "Chorus(ch)", init: "ch = new Channel<int>();", partners: "SpawnFeed(ch, 3);");
            Assert.Equal("animal hears 1\ndog hears 2\npuppy hears 3\nresult ...1;woof2;yip3;", trace);
        }

        [Fact]
        public void SpawnOfVirtualMethod_ThroughBaseReference_SpawnsTheOverride()
        {
            // SpawnSpeak is declared once, on Animal; it starts the frame the virtual factory creates.
            string trace = Differential.Same(Feeder + Animals, "((Animal)new Puppy()).Speak(ch)",
                init: "ch = new Channel<int>();", partners: "SpawnFeed(ch, 1);", spawnCall: "((Animal)new Puppy()).SpawnSpeak(ch)");
            Assert.Equal("puppy hears 1\nresult yip1", trace);
        }

        [Fact]
        public void AbstractBase_CalledAndSpawnedThroughTheBase()
        {
            string trace = Differential.Same(Feeder + """
                    public abstract partial class Shape
                    {
                        [Tasklet]
                        public abstract int Area(Channel<int> c);
                    }

                    public partial class Square : Shape
                    {
                        [Tasklet]
                        public override int Area(Channel<int> c) { int side = c.Receive(); return side * side; }
                    }

                    public partial class Rect : Shape
                    {
                        [Tasklet]
                        public override int Area(Channel<int> c) => c.Receive() * c.Receive();
                    }

                    [Tasklet]
                    public static int Total(Channel<int> c, Shape[] shapes)
                    {
                        int total = 0;
                        foreach (Shape s in shapes) total += s.Area(c);
                        Tasklet<int> more = shapes[0].SpawnArea(c); // SpawnArea is the abstract base's, dispatching to Square
                        Scheduler.Schedule();
                        return total + more.Result;
                    }
                """, "Total(ch, new Shape[] { new Square(), new Rect() })", init: "ch = new Channel<int>();", partners: "SpawnFeed(ch, 4);");
            // 1*1 + 2*3, then the spawned Square reads 4: 16.
            Assert.Equal("result 23", trace);
        }

        [Fact]
        public void InterfaceDispatch_TaskletImplementations_ExplicitOne_AndAPlainOne()
        {
            string trace = Differential.Same(Feeder + """
                    public partial interface IWorker
                    {
                        [Tasklet]
                        int Work(Channel<int> c, int k);
                    }

                    public partial class Doubler : IWorker
                    {
                        [Tasklet]
                        public int Work(Channel<int> c, int k) { int v = c.Receive(); L("doubler got " + v); return v * k; }
                    }

                    public partial class Hidden : IWorker
                    {
                        [Tasklet]
                        int IWorker.Work(Channel<int> c, int k)
                        {
                            Scheduler.Schedule();
                            int v = c.Receive();
                            L("explicit got " + v);
                            return v + k;
                        }
                    }

                    // Not a tasklet and not partial: the interface's default factory runs it as a plain call.
                    public class Constant : IWorker
                    {
                        public int Work(Channel<int> c, int k) { L("constant"); return k; }
                    }

                    [Tasklet]
                    public static string Each(Channel<int> c)
                    {
                        IWorker[] workers = { new Doubler(), new Constant(), new Hidden() };
                        var results = new List<int>();
                        foreach (IWorker w in workers) results.Add(w.Work(c, 10));
                        Tasklet<int> spawned = workers[0].SpawnWork(c, 100);
                        Scheduler.Schedule();
                        results.Add(spawned.Result);
                        return string.Join(",", results);
                    }
                """, "Each(ch)", init: "ch = new Channel<int>();", partners: "SpawnFeed(ch, 3);");
            Assert.Equal("doubler got 1\nconstant\nexplicit got 2\ndoubler got 3\nresult 10,10,12,300", trace);
        }

        [Fact]
        public void InterfaceMethodCalledThroughAConstrainedTypeParameter()
        {
            string trace = Differential.Same(Feeder + """
                    public partial interface ISource { [Tasklet] T Next<T>(Channel<T> c); }

                    public partial class Reader : ISource
                    {
                        [Tasklet]
                        public T Next<T>(Channel<T> c) { Scheduler.Schedule(); return c.Receive(); }
                    }

                    [Tasklet]
                    public static int Two<TSource>(TSource source, Channel<int> c) where TSource : ISource => source.Next(c) + source.Next<int>(c);
                """, "Two(new Reader(), ch)", init: "ch = new Channel<int>();", partners: "SpawnFeed(ch, 2);");
            Assert.Equal("result 3", trace);
        }

        [Fact]
        public void InterfaceMemberWithATaskletDefaultBody_AndAStaticTaskletOfAnInterface()
        {
            string trace = Differential.Same(Feeder + """
                    public partial interface IGreeter
                    {
                        [Tasklet]
                        string Greet(Channel<int> c) => Prefix() + c.Receive();   // a default body that suspends

                        string Prefix() => "hi ";

                        [Tasklet]
                        static int Twice(Channel<int> c) => c.Receive() * 2;
                    }

                    public partial class Default : IGreeter { }

                    public partial class Loud : IGreeter
                    {
                        [Tasklet]
                        public string Greet(Channel<int> c) { Scheduler.Schedule(); return "HI " + c.Receive(); }
                    }

                    [Tasklet]
                    public static string Both(Channel<int> c)
                    {
                        IGreeter a = new Default(), b = new Loud();
                        return a.Greet(c) + ", " + b.Greet(c) + ", " + IGreeter.Twice(c);
                    }
                """, "Both(ch)", init: "ch = new Channel<int>();", partners: "SpawnFeed(ch, 3);");
            Assert.Equal("result hi 1, HI 2, 6", trace);
        }

        [Fact]
        public void GenericVirtualMethod_OverrideCallsBase_WithConstraintsInherited()
        {
            string trace = Differential.Same(Feeder + """
                    public partial class Box
                    {
                        [Tasklet]
                        public virtual T Pass<T>(Channel<T> c) where T : IComparable<T>
                        {
                            T v = c.Receive();
                            L("box " + v);
                            return v;
                        }
                    }

                    public partial class LoggingBox : Box
                    {
                        [Tasklet]
                        public override T Pass<T>(Channel<T> c)
                        {
                            L("before");
                            T v = base.Pass(c);         // the base's frame, a non-virtual call
                            L("logged " + v);
                            return v.CompareTo(default!) > 0 ? base.Pass<T>(c) : v;
                        }
                    }

                    [Tasklet]
                    public static int Use(Box b, Channel<int> c) => b.Pass(c) * 100 + b.Pass(c);
                """, "Use(new LoggingBox(), ch)", init: "ch = new Channel<int>();", partners: "SpawnFeed(ch, 4);");
            Assert.Equal("before\nbox 1\nlogged 1\nbox 2\nbefore\nbox 3\nlogged 3\nbox 4\nresult 204", trace);
        }

        [Fact]
        public void ExceptionFromAnOverride_IsRethrownInTheCaller()
        {
            string trace = Differential.Same(Feeder + """
                    public partial class Step { [Tasklet] public virtual int Run(Channel<int> c) => c.Receive(); }

                    public partial class FailingStep : Step
                    {
                        [Tasklet]
                        public override int Run(Channel<int> c)
                        {
                            int v = c.Receive();
                            throw new InvalidOperationException("step failed at " + v);
                        }
                    }

                    [Tasklet]
                    public static string Guarded(Channel<int> c)
                    {
                        Step s = new FailingStep();
                        try { return "ok " + s.Run(c); }
                        catch (InvalidOperationException e) { L("caught " + e.Message); }
                        Step t = new FailingStep();
                        return "again " + t.Run(c);
                    }
                """, "Guarded(ch)", init: "ch = new Channel<int>();", partners: "SpawnFeed(ch, 2);");
            Assert.Equal("caught step failed at 1\nexception InvalidOperationException: step failed at 2", trace);
        }

        [Fact]
        public void InterfaceWithGenericParameter_AndOverloadedTaskletMembers()
        {
            string trace = Differential.Same(Feeder + """
                    public partial interface IStore<T>
                    {
                        [Tasklet] T Take(Channel<T> c);
                        [Tasklet] T Take(Channel<T> c, T add);
                    }

                    public partial class IntStore : IStore<int>
                    {
                        [Tasklet] public int Take(Channel<int> c) => c.Receive();
                        [Tasklet] public virtual int Take(Channel<int> c, int add) => c.Receive() + add;
                    }

                    public partial class Tenfold : IntStore
                    {
                        [Tasklet] public override int Take(Channel<int> c, int add) => base.Take(c, add) * 10;
                    }

                    [Tasklet]
                    public static int Both(IStore<int> s, Channel<int> c) => s.Take(c) + s.Take(c, 1000);
                """, "Both(new Tenfold(), ch)", init: "ch = new Channel<int>();", partners: "SpawnFeed(ch, 2);");
            Assert.Equal("result 10021", trace);
        }

        [Fact]
        public void RecursionThroughAVirtualMethod_100000Deep_OnTheHeap()
        {
            // Two classes alternate overrides all the way down; a 256 KB native stack proves the frames are on the heap.
            GeneratorOutcome outcome = TestCompiler.CompileClean("""
                using Stackless;
                public partial class Node
                {
                    public Node Next = null!;
                    [Tasklet]
                    public virtual long Down(int n) => n == 0 ? 0 : Next.Down(n - 1) + 1;
                }

                public partial class Odd : Node
                {
                    [Tasklet]
                    public override long Down(int n)
                    {
                        if (n == 0) return 0;
                        long below = Next.Down(n - 1);
                        return below + 2;
                    }
                }

                public static class Deep
                {
                    public static string Run()
                    {
                        Node even = new Node(), odd = new Odd();
                        even.Next = odd;
                        odd.Next = even;
                        Tasklet<long> t = even.SpawnDown(100_000);
                        Scheduler.Run();
                        return t.Result.ToString();
                    }
                }
                """);
            Assembly asm = TestCompiler.Load(outcome.Output);
            string result = "";
            var thread = new Thread(() => result = (string)asm.GetType("Deep")!.GetMethod("Run")!.Invoke(null, null)!, 256 * 1024);
            thread.Start();
            thread.Join();
            Assert.Equal("150000", result); // 50,000 even levels add 1, 50,000 odd levels add 2
        }

        [Fact]
        public void KillWhileSuspendedInsideAnOverridingFrame_RunsEveryFinallyInnermostFirst()
        {
            GeneratorOutcome outcome = TestCompiler.CompileClean("""
                using System.Collections.Generic;
                using Stackless;

                public partial interface IWait { [Tasklet] void Wait(Channel<int> c); }

                public abstract partial class Waiter : IWait
                {
                    [Tasklet] public abstract void Wait(Channel<int> c);
                }

                public partial class Patient : Waiter
                {
                    [Tasklet]
                    public override void Wait(Channel<int> c)
                    {
                        try { c.Receive(); }
                        finally { K.Log.Add("override finally"); }
                    }
                }

                public static partial class K
                {
                    public static List<string> Log = new();

                    [Tasklet]
                    static void Outer(IWait w, Channel<int> c)
                    {
                        try { w.Wait(c); K.Log.Add("not reached"); }
                        finally { Log.Add("outer finally"); }
                    }

                    public static string Run()
                    {
                        var c = new Channel<int>();
                        Tasklet t = SpawnOuter(new Patient(), c);
                        Scheduler.Run();
                        Log.Add("blocked " + t.IsBlocked + " balance " + c.Balance);
                        t.Kill();
                        Log.Add("alive " + t.IsAlive + " balance " + c.Balance);
                        return string.Join("|", Log);
                    }
                }
                """);
            Assembly asm = TestCompiler.Load(outcome.Output);
            string log = (string)asm.GetType("K")!.GetMethod("Run")!.Invoke(null, null)!;
            Assert.Equal("blocked True balance -1|override finally|outer finally|alive False balance 0", log);
        }

        [Fact]
        public void PlainImplementationThatSuspends_FailsInsideATasklet_NamingTheMethod()
        {
            // The interface's default factory runs a non-[Tasklet] implementation as a plain call, which cannot
            // suspend: the runtime's usual error (mark it [Tasklet]) reaches the calling tasklet.
            string trace = Differential.Run(Feeder + """
                    public partial interface IWorker { [Tasklet] int Work(Channel<int> c); }

                    public class Blocking : IWorker { public int Work(Channel<int> c) => c.Receive(); }

                    [Tasklet]
                    public static string Call(Channel<int> c)
                    {
                        IWorker w = new Blocking();
                        try { return "got " + w.Work(c); }
                        catch (InvalidOperationException e) { return "refused: " + (e.Message.Contains("Work") ? "names Work" : e.Message); }
                    }
                """, "Call(ch)", init: "ch = new Channel<int>();", partners: "SpawnFeed(ch, 1);").Spawned;
            Assert.Equal("result refused: names Work", trace);
        }

        [Fact]
        public void Snapshot_VirtualOverrideAbstractInterfaceAndBaseCall()
        {
            // The generated factories, read and reviewed: a virtual method and its override calling base, an abstract
            // method, an interface member with its plain-call default, and an explicit implementation.
            GeneratorOutcome outcome = TestCompiler.CompileClean("""
                using Stackless;

                namespace Samples
                {
                    public abstract partial class Stage
                    {
                        [Tasklet]
                        public abstract int Pull(Channel<int> input);

                        [Tasklet]
                        protected virtual int Adjust(int v) { Scheduler.Schedule(); return v; }
                    }

                    public partial class Doubling : Stage, IStage
                    {
                        [Tasklet]
                        public override int Pull(Channel<int> input) => Adjust(input.Receive());

                        [Tasklet]
                        protected sealed override int Adjust(int v) => base.Adjust(v) * 2;

                        [Tasklet]
                        void IStage.Push(Channel<int> output, int v) => output.Send(Pull(output) + v);
                    }

                    public partial interface IStage
                    {
                        [Tasklet]
                        void Push(Channel<int> output, int v);
                    }
                }
                """, "Stages.cs");
            foreach (GeneratedSourceResult s in outcome.Sources.OrderBy(s => s.HintName))
                Snapshot.Verify(s.SourceText.ToString(), s.HintName);
        }
    }
}
