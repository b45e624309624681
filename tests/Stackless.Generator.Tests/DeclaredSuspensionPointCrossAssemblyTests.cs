using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// A library (another assembly, compiled without the generator) declares its own suspension points with
    /// [SuspensionPoint], built on the runtime's public frame primitives; a consumer's [Tasklet] methods suspend on
    /// them end to end, spawned and called from main (docs/frame-contract.md, "Declaring a suspension point").
    /// </summary>
    public class DeclaredSuspensionPointCrossAssemblyTests
    {
        public const string Library = """
            using System;
            using System.Collections.Generic;
            using Stackless;
            using Stackless.CompilerServices;

            namespace Lib
            {
                /// <summary>A gate tasklets wait at until it opens; built on ScheduleRemove / Insert.</summary>
                public sealed class Gate
                {
                    private readonly List<Tasklet> waiters = new();
                    public bool IsOpen { get; private set; }

                    /// <summary>Suspends until the gate is open.</summary>
                    [SuspensionPoint(nameof(BeginWait), nameof(EndWait))]
                    public void Wait()
                    {
                        while (!IsOpen) Scheduler.Schedule(); // main: let the others run until someone opens it
                    }

                    public bool BeginWait(Tasklet frame)
                    {
                        if (IsOpen) return false;
                        waiters.Add(Scheduler.Current);
                        return Scheduler.BeginScheduleRemove(frame); // paused until Open inserts it again
                    }

                    public void EndWait(Tasklet frame) => Scheduler.EndSwitch(frame); // a kill while waiting raises here

                    public void Open()
                    {
                        IsOpen = true;
                        foreach (Tasklet t in waiters)
                            if (t.IsAlive) t.Insert();
                        waiters.Clear();
                    }
                }

                public static class Relay
                {
                    /// <summary>Receives one value from <paramref name="from"/>, sends it doubled to <paramref name="to"/>, returns it.</summary>
                    [SuspensionPoint(nameof(CreatePassFrame))]
                    public static int Pass(Channel<int> from, Channel<int> to)
                    {
                        int v = from.Receive();
                        to.Send(v * 2);
                        return v;
                    }

                    public static TaskletFrame<int> CreatePassFrame(Channel<int> from, Channel<int> to) => new PassFrame(from, to);

                    /// <summary>Pass as a hand-written frame (the shape the generator emits).</summary>
                    private sealed class PassFrame : TaskletFrame<int>
                    {
                        private readonly Channel<int> from, to;
                        private int v;
                        public PassFrame(Channel<int> from, Channel<int> to) { this.from = from; this.to = to; }

                        protected override void MoveNext()
                        {
                            switch (State)
                            {
                                case 1: goto Resume1;
                                case 2: goto Resume2;
                            }
                            if (from.BeginReceive(this)) { State = 1; return; }
                        Resume1:
                            State = -1;
                            v = from.EndReceive(this);
                            if (to.BeginSend(this, v * 2)) { State = 2; return; }
                        Resume2:
                            State = -1;
                            to.EndSend(this);
                            Return(v);
                        }
                    }
                }

                /// <summary>Tickets: TryTake waits for the next one and says whether it is valid; built on Channel's Begin/End.</summary>
                public sealed class Tickets
                {
                    public readonly Channel<int> Inner = new();

                    [SuspensionPoint(nameof(BeginTryTake), nameof(EndTryTake))]
                    public bool TryTake(out int ticket)
                    {
                        ticket = Inner.Receive();
                        return ticket > 0;
                    }

                    public bool BeginTryTake(Tasklet frame) => Inner.BeginReceive(frame);

                    public bool EndTryTake(Tasklet frame, out int ticket)
                    {
                        ticket = Inner.EndReceive(frame);
                        return ticket > 0;
                    }
                }
            }
            """;

        private const string Consumer = """
            using System;
            using System.Collections.Generic;
            using Stackless;
            using Lib;

            public static partial class App
            {
                static List<string> log = new();

                [Tasklet]
                static void Waiter(Gate gate, string name)
                {
                    log.Add(name + " waits");
                    gate.Wait();
                    log.Add(name + " passes");
                }

                [Tasklet]
                static void Opener(Gate gate) { Scheduler.Schedule(); log.Add("open"); gate.Open(); }

                [Tasklet]
                static void Echo(Channel<int> a, Channel<int> b)
                {
                    string doubled = "doubled";
                    for (int i = 1; i <= 2; i++) { a.Send(i * 10); doubled += " " + b.Receive(); }
                    log.Add(doubled);
                }

                [Tasklet]
                static void Feed(Tickets t) { t.Inner.Send(3); t.Inner.Send(4); t.Inner.Send(0); }

                [Tasklet]
                public static string Use(Gate gate, Channel<int> a, Channel<int> b, Tickets tickets)
                {
                    gate.Wait();
                    int sum = 0;
                    while (tickets.TryTake(out var t)) sum += t;
                    int first = Relay.Pass(a, b);
                    int second = Relay.Pass(a, b);
                    return "sum " + sum + " passed " + first + "," + second;
                }

                public static string Run(bool spawned)
                {
                    log = new();
                    var gate = new Gate();
                    var a = new Channel<int>();
                    var b = new Channel<int>();
                    var tickets = new Tickets();
                    SpawnWaiter(gate, "w");
                    SpawnOpener(gate);
                    SpawnFeed(tickets);
                    SpawnEcho(a, b);
                    string result;
                    if (spawned)
                    {
                        Tasklet<string> t = SpawnUse(gate, a, b, tickets);
                        Scheduler.Run();
                        result = t.Result;
                    }
                    else
                    {
                        result = Use(gate, a, b, tickets);
                        Scheduler.Run();
                    }
                    return result + " | " + string.Join(", ", log);
                }

                /// <summary>A tasklet killed while it waits at the gate: its finally runs, and Open later skips it.</summary>
                [Tasklet]
                static void Doomed(Gate gate)
                {
                    try { gate.Wait(); log.Add("passed"); }
                    finally { log.Add("finally"); }
                }

                public static string Kill()
                {
                    log = new();
                    var gate = new Gate();
                    Tasklet t = SpawnDoomed(gate);
                    Scheduler.Run();
                    log.Add("paused " + t.IsPaused);
                    t.Kill();
                    gate.Open();
                    Scheduler.Run();
                    return string.Join(", ", log) + " alive " + t.IsAlive;
                }
            }
            """;

        [Fact]
        public void ConsumerTasklets_SuspendOnALibrarysDeclaredSuspensionPoints()
        {
            MetadataReference library = CrossAssemblyTests.CompileLibrary(Library, withGenerator: false, out byte[] libraryImage, out string libraryName);
            GeneratorOutcome outcome = TestCompiler.RunGenerator(TestCompiler.CreateCompilation(("App.cs", Consumer)).AddReferences(library));
            Assert.True(outcome.GeneratorDiagnostics.IsEmpty, string.Join("\n", outcome.GeneratorDiagnostics) + "\n" + outcome.AllGenerated);
            var errors = outcome.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + outcome.AllGenerated);
            // The library's pairs, read from its metadata.
            Assert.Contains(".BeginWait(this)", outcome.AllGenerated);
            Assert.Contains(".EndTryTake(this, out ", outcome.AllGenerated);
            Assert.Contains("global::Lib.Relay.CreatePassFrame(", outcome.AllGenerated);

            using var consumerPe = new MemoryStream();
            Assert.True(outcome.Output.Emit(consumerPe).Success);
            var context = new AssemblyLoadContext("declared-cross-assembly", isCollectible: true);
            try
            {
                Assembly lib = context.LoadFromStream(new MemoryStream(libraryImage));
                context.Resolving += (_, n) => n.Name == libraryName ? lib : null;
                Type app = context.LoadFromStream(new MemoryStream(consumerPe.ToArray())).GetType("App")!;
                string Run(bool spawned) => (string)app.GetMethod("Run")!.Invoke(null, new object[] { spawned })!;

                const string result = "sum 7 passed 10,20";
                string spawnedRun = Run(spawned: true);
                Assert.StartsWith(result + " | ", spawnedRun);
                // The waiter and Use both passed the gate only after it opened; the echo saw both values doubled.
                Assert.Contains("w waits, open, w passes", spawnedRun);
                Assert.Contains("doubled 20 40", spawnedRun);
                string directRun = Run(spawned: false);
                Assert.StartsWith(result + " | ", directRun);
                Assert.Contains("doubled 20 40", directRun);

                Assert.Equal("paused True, finally alive False", (string)app.GetMethod("Kill")!.Invoke(null, null)!);
            }
            finally
            {
                context.Unload();
            }
        }

        [Fact]
        public void ALibrarysInternalPair_IsTSK013_NotCodeThatFailsToCompile()
        {
            MetadataReference library = CrossAssemblyTests.CompileLibrary("""
                using Stackless;
                using Stackless.CompilerServices;
                namespace Lib
                {
                    public sealed class Hidden
                    {
                        private readonly Channel<int> inner = new();
                        [SuspensionPoint(nameof(BeginTake), nameof(EndTake))]
                        public int Take() => inner.Receive();
                        internal bool BeginTake(Tasklet frame) => inner.BeginReceive(frame);
                        internal int EndTake(Tasklet frame) => inner.EndReceive(frame);
                    }
                }
                """, withGenerator: false, out _, out _);
            GeneratorOutcome outcome = TestCompiler.RunGenerator(TestCompiler.CreateCompilation(("App.cs", """
                using Stackless;
                public static partial class App
                {
                    [Tasklet]
                    public static int Use(Lib.Hidden h) => h.Take() + 1;
                }
                """)).AddReferences(library));
            Diagnostic d = Assert.Single(outcome.GeneratorDiagnostics);
            Assert.Equal("TSK013", d.Id);
            // Metadata shows another assembly's internal members only to friends: not found, or found and not accessible.
            Assert.Contains("'BeginTake'", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Empty(outcome.Output.GetDiagnostics().Where(x => x.Severity == DiagnosticSeverity.Error && x.Id != "TSK013"));
        }
    }
}
