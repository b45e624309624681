using System;
using System.Reflection;
using Xunit;

namespace Stackless.Generator.Tests.Infrastructure
{
    /// <summary>
    /// Differential runs: one program, its [Tasklet] method called (a) directly from main — the user's own method,
    /// whose blocking operations pump the scheduler — and (b) through the generated SpawnM. Both must produce the
    /// same trace, result and exception.
    /// </summary>
    public static class Differential
    {
        public sealed record Outcome(string Direct, string Spawned, string Generated);

        /// <param name="members">Members of the partial class P (tasklet methods, helpers, static fields).</param>
        /// <param name="call">The call of the method under test, e.g. <c>Sum(ch)</c>; the spawned run calls <c>Spawn</c>+call.</param>
        /// <param name="init">Statements run first in both runs (fresh channels, state).</param>
        /// <param name="partners">Statements run after the method's tasklet is spawned (spawn partner tasklets).</param>
        /// <param name="isVoid">The method returns void.</param>
        /// <param name="spawnCall">The spawned call when it is not "Spawn" + call.</param>
        /// <param name="generatorStack">When not 0, the generator runs on a thread with a stack of this many bytes.</param>
        public static Outcome Run(string members, string call, string init = "", string partners = "", bool isVoid = false, string? spawnCall = null, string usings = "", int generatorStack = 0)
        {
            spawnCall ??= "Spawn" + call;
            string directCall = isVoid ? call + "; outcome = \"done\";" : "outcome = \"result \" + Fmt(" + call + ");";
            string source = $$"""
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using Stackless;
                {{usings}}

                namespace Tests
                {
                    public static partial class P
                    {
                        public static List<string> Log = new();
                        public static void L(object? o) => Log.Add(Fmt(o));

                        public static string Fmt(object? o) => o switch
                        {
                            null => "null",
                            string s => s,
                            System.Collections.IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(Fmt)) + "]",
                            _ => o.ToString() ?? "",
                        };

                        static void Init() { {{init}} }
                        static void Partners() { {{partners}} }

                {{members}}

                        public static string Direct()
                        {
                            Log = new();
                            Init();
                            Partners();
                            string outcome;
                            try { {{directCall}} }
                            catch (Exception e) { outcome = "exception " + e.GetType().Name + ": " + e.Message; }
                            try { Scheduler.Run(); } catch (Exception e) { L("run failed " + e.GetType().Name + ": " + e.Message); }
                            L(outcome);
                            return string.Join("\n", Log);
                        }

                        public static string Spawned()
                        {
                            Log = new();
                            Init();
                            Tasklet t = {{spawnCall}};
                            Partners();
                            string outcome;
                            try
                            {
                                Scheduler.Run();
                                outcome = {{(isVoid ? "t.IsAlive ? \"still alive\" : \"done\"" : "\"result \" + Fmt(ResultOf(t))")}};
                            }
                            catch (Exception e) { outcome = "exception " + e.GetType().Name + ": " + e.Message; }
                            try { Scheduler.Run(); } catch (Exception e) { L("run failed " + e.GetType().Name + ": " + e.Message); }
                            L(outcome);
                            return string.Join("\n", Log);
                        }

                        static object? ResultOf(Tasklet t)
                        {
                            try { return t.GetType().GetProperty("Result")!.GetValue(t); }
                            catch (System.Reflection.TargetInvocationException e) { System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException!).Throw(); throw; }
                        }
                    }
                }
                """;
            GeneratorOutcome outcome = TestCompiler.CompileClean(source, generatorStack: generatorStack);
            // Deep input (a stack given): emitted on a big stack, as Roslyn bound it (TestCompiler.RunGeneratorWithPassesOnStack).
            Assembly asm = generatorStack == 0 ? TestCompiler.Load(outcome.Output) : TestCompiler.OnStack(TestCompiler.RoslynStack, () => TestCompiler.Load(outcome.Output));
            Type p = asm.GetType("Tests.P")!;
            string direct = (string)p.GetMethod("Direct")!.Invoke(null, null)!;
            string spawned = (string)p.GetMethod("Spawned")!.Invoke(null, null)!;
            return new Outcome(direct, spawned, outcome.AllGenerated);
        }

        /// <summary>Runs both ways, asserts they agree, and returns the common trace.</summary>
        public static string Same(string members, string call, string init = "", string partners = "", bool isVoid = false, string? spawnCall = null, string usings = "", int generatorStack = 0)
        {
            Outcome o = Run(members, call, init, partners, isVoid, spawnCall, usings, generatorStack);
            if (o.Direct != o.Spawned)
                Assert.Fail("direct and spawned runs differ\n--- direct:\n" + o.Direct + "\n--- spawned:\n" + o.Spawned + "\n--- generated:\n" + o.Generated);
            return o.Direct;
        }
    }
}
