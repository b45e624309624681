using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// [Tasklet] methods of another assembly: a library compiled (with the generator) to a metadata reference, and
    /// a consumer compiled with the generator against it. The consumer's tasklets call the library's tasklets as
    /// nested frames through their public frame factories (the frames themselves stay internal), override its
    /// virtual and abstract ones and implement its interfaces; then the consumer runs, spawned and called directly.
    /// </summary>
    public class CrossAssemblyTests
    {
        private const string Library = """
            using System;
            using Stackless;

            namespace Lib
            {
                public static partial class Numbers
                {
                    [Tasklet]
                    public static int Twice(Channel<int> c) => c.Receive() * 2;

                    [Tasklet]
                    public static int Fail(Channel<int> c)
                    {
                        int v = c.Receive();
                        throw new InvalidOperationException("library failed at " + v);
                    }

                    [Tasklet]
                    public static T Echo<T>(Channel<T> c)
                    {
                        Scheduler.Schedule();
                        return c.Receive();
                    }
                }

                public partial class Greeter
                {
                    [Tasklet]
                    public virtual string Greet(Channel<int> c) => "hello " + c.Receive();
                }

                public partial interface IWorker
                {
                    [Tasklet]
                    int Work(Channel<int> c);
                }

                public abstract partial class Job
                {
                    [Tasklet]
                    public abstract int Do(Channel<int> c);

                    [Tasklet]
                    protected virtual int Step(int v)
                    {
                        Scheduler.Schedule();
                        return v + 1;
                    }
                }
            }
            """;

        private const string Consumer = """
            using System;
            using System.Collections.Generic;
            using Stackless;
            using Lib;

            public partial class LoudGreeter : Greeter
            {
                [Tasklet]
                public override string Greet(Channel<int> c) => base.Greet(c).ToUpperInvariant() + "!";
            }

            public partial class Worker : IWorker
            {
                [Tasklet]
                public int Work(Channel<int> c) => c.Receive() + 1000;
            }

            public partial class MyJob : Job
            {
                [Tasklet]
                public override int Do(Channel<int> c) => Step(c.Receive()) * 10;
            }

            public static partial class App
            {
                static Channel<int> ch = new();

                [Tasklet]
                static void Feed(Channel<int> c, int count)
                {
                    for (int i = 1; i <= count; i++) c.Send(i);
                }

                [Tasklet]
                public static string Use(Channel<int> c)
                {
                    var log = new List<string>();
                    log.Add("twice " + Numbers.Twice(c));
                    log.Add("echo " + Numbers.Echo(c));
                    Greeter g = new LoudGreeter();
                    log.Add(g.Greet(c));
                    IWorker w = new Worker();
                    log.Add("work " + w.Work(c));
                    Job j = new MyJob();
                    log.Add("job " + j.Do(c));
                    try { Numbers.Fail(c); }
                    catch (InvalidOperationException e) { log.Add("caught " + e.Message); }
                    return string.Join("; ", log);
                }

                [Tasklet]
                public static int Failing(Channel<int> c) => Numbers.Twice(c) + Numbers.Fail(c);

                static string Outcome(Func<string> run)
                {
                    try { return run(); }
                    catch (Exception e) { return "exception " + e.GetType().Name + ": " + e.Message; }
                }

                public static string Direct(string which)
                {
                    ch = new Channel<int>();
                    SpawnFeed(ch, 6);
                    string r = Outcome(() => which == "Use" ? Use(ch) : Failing(ch).ToString());
                    Scheduler.Run();
                    return r;
                }

                public static string Spawned(string which)
                {
                    ch = new Channel<int>();
                    Tasklet t = which == "Use" ? SpawnUse(ch) : SpawnFailing(ch);
                    SpawnFeed(ch, 6);
                    return Outcome(() =>
                    {
                        Scheduler.Run();
                        return t is Tasklet<string> s ? s.Result : ((Tasklet<int>)t).Result.ToString();
                    });
                }

                public static string SpawnedFromTheLibrary()
                {
                    ch = new Channel<int>();
                    Tasklet<int> twice = Numbers.SpawnTwice(ch);     // the library's SpawnM
                    Tasklet<string> greet = new LoudGreeter().SpawnGreet(ch); // the library's SpawnGreet, dispatching to our override
                    SpawnFeed(ch, 2);
                    Scheduler.Run();
                    return twice.Result + " " + greet.Result;
                }
            }
            """;

        internal static MetadataReference CompileLibrary(string source, bool withGenerator, out byte[] image, out string name)
        {
            CSharpCompilation compilation = TestCompiler.CreateCompilation(("Lib.cs", source));
            Compilation output = compilation;
            if (withGenerator)
            {
                GeneratorOutcome outcome = TestCompiler.RunGenerator(compilation);
                Assert.True(outcome.GeneratorDiagnostics.IsEmpty, string.Join("\n", outcome.GeneratorDiagnostics));
                output = outcome.Output;
            }
            using var pe = new MemoryStream();
            var result = output.Emit(pe);
            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
            image = pe.ToArray();
            name = output.AssemblyName!;
            return MetadataReference.CreateFromImage(image);
        }

        private static GeneratorOutcome RunConsumer(string source, MetadataReference library) =>
            TestCompiler.RunGenerator(TestCompiler.CreateCompilation(("App.cs", source)).AddReferences(library));

        [Fact]
        public void ConsumerTasklets_CallOverrideAndImplementLibraryTasklets_SpawnedAndDirect()
        {
            MetadataReference library = CompileLibrary(Library, withGenerator: true, out byte[] libraryImage, out string libraryName);
            GeneratorOutcome outcome = RunConsumer(Consumer, library);
            Assert.True(outcome.GeneratorDiagnostics.IsEmpty, string.Join("\n", outcome.GeneratorDiagnostics) + "\n" + outcome.AllGenerated);
            var errors = outcome.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error ||
                (d.Severity == DiagnosticSeverity.Warning && outcome.Sources.Any(s => s.SyntaxTree == d.Location.SourceTree))).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + outcome.AllGenerated);
            // The library's frames stay internal: the consumer reaches them only through the factories.
            Assert.Contains("global::Lib.Numbers.__Twice_CreateFrame(", outcome.AllGenerated);

            using var consumerPe = new MemoryStream();
            Assert.True(outcome.Output.Emit(consumerPe).Success);
            var context = new AssemblyLoadContext("cross-assembly", isCollectible: true);
            Assembly lib = context.LoadFromStream(new MemoryStream(libraryImage));
            context.Resolving += (_, n) => n.Name == libraryName ? lib : null;
            Assembly app = context.LoadFromStream(new MemoryStream(consumerPe.ToArray()));
            Type appType = app.GetType("App")!;
            string Call(string method, params object[] args) => (string)appType.GetMethod(method)!.Invoke(null, args)!;
            try
            {
                const string expected = "twice 2; echo 2; HELLO 3!; work 1004; job 60; caught library failed at 6";
                Assert.Equal(expected, Call("Spawned", "Use"));
                Assert.Equal(expected, Call("Direct", "Use"));
                // A library tasklet that throws: rethrown in the consumer's frame, then out of the tasklet.
                Assert.Equal("exception InvalidOperationException: library failed at 2", Call("Spawned", "Failing"));
                Assert.Equal("exception InvalidOperationException: library failed at 2", Call("Direct", "Failing"));
                Assert.Equal("2 HELLO 2!", Call("SpawnedFromTheLibrary"));
            }
            finally
            {
                context.Unload();
            }
        }

        [Fact]
        public void LibraryCompiledWithoutTheGenerator_CallsAndOverridesAreRefusedWithTSK010()
        {
            MetadataReference library = CompileLibrary(Library, withGenerator: false, out _, out _);
            GeneratorOutcome outcome = RunConsumer("""
                using Stackless;
                using Lib;

                public partial class LoudGreeter : Greeter
                {
                    [Tasklet]
                    public override string Greet(Channel<int> c) => "loud";
                }

                public static partial class App
                {
                    [Tasklet]
                    public static int Use(Channel<int> c) => Numbers.Twice(c);

                    [Tasklet]
                    public static int Through(IWorker w, Channel<int> c) => w.Work(c);
                }
                """, library);
            Diagnostic[] ours = outcome.GeneratorDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToArray();
            Assert.Equal(new[] { "TSK010", "TSK010", "TSK010" }, ours.Select(d => d.Id));
            Assert.All(ours, d => Assert.Contains("compiled without the Stackless generator", d.GetMessage()));
            Assert.Contains("Overriding [Tasklet] method 'Greeter.Greet(Channel<int>)' of another assembly", ours[0].GetMessage());
            Assert.Contains("Calling [Tasklet] method 'Numbers.Twice(Channel<int>)'", ours[1].GetMessage());
            Assert.Contains("Calling [Tasklet] method 'IWorker.Work(Channel<int>)'", ours[2].GetMessage());
            // Reported at the user's code, and nothing that fails to compile is emitted.
            Assert.All(ours, d => Assert.Equal("App.cs", d.Location.SourceTree!.FilePath));
            Assert.DoesNotContain(outcome.Output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        }
    }
}
