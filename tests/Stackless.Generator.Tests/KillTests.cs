using System;
using System.Collections.Generic;
using System.Reflection;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    public class KillTests
    {
        [Fact]
        public void KillOfTaskletSuspendedThreeFramesDeep_RunsEveryFinallyInnermostFirst()
        {
            GeneratorOutcome outcome = TestCompiler.CompileClean("""
                using System;
                using System.Collections.Generic;
                using Stackless;

                public static partial class K
                {
                    public static List<string> Log = new();
                    static Channel<int> never = new();

                    [Tasklet]
                    static void Level(int depth)
                    {
                        try
                        {
                            if (depth == 0) never.Receive();
                            else Level(depth - 1);
                        }
                        catch (TaskletExit) { Log.Add("catch " + depth); throw; }
                        finally { Log.Add("finally " + depth); }
                    }

                    public static string Run()
                    {
                        Log = new();
                        never = new Channel<int>();
                        Tasklet t = SpawnLevel(2);
                        Scheduler.Run();          // runs until blocked in the innermost frame
                        Log.Add("blocked " + t.IsBlocked + " balance " + never.Balance);
                        t.Kill();
                        Log.Add("alive " + t.IsAlive + " balance " + never.Balance);
                        return string.Join("|", Log);
                    }
                }
                """);
            Assembly asm = TestCompiler.Load(outcome.Output);
            string log = (string)asm.GetType("K")!.GetMethod("Run")!.Invoke(null, null)!;
            Assert.Equal("blocked True balance -1|catch 0|finally 0|catch 1|finally 1|catch 2|finally 2|alive False balance 0", log);
        }

        [Fact]
        public void RunKillThrow_FromInsideTasklet_SwitchAndResume()
        {
            string trace = Differential.Same("""
                static Channel<int> ch = new();
                [Tasklet]
                static void Victim()
                {
                    try { ch.Receive(); }
                    catch (TaskletExit) { L("victim killed"); throw; }
                }
                [Tasklet]
                static void Worker() { L("worker ran"); }
                [Tasklet]
                static void Catcher()
                {
                    try { ch.Receive(); } catch (FormatException e) { L("catcher got " + e.Message); }
                }
                [Tasklet]
                static int M()
                {
                    Tasklet v = SpawnVictim();
                    Tasklet c = SpawnCatcher();
                    Scheduler.Schedule();
                    L("after schedule, victim blocked " + v.IsBlocked);
                    Tasklet w = SpawnWorker();
                    w.Run();
                    L("after run");
                    v.Kill();
                    L("victim alive " + v.IsAlive);
                    c.Throw(new FormatException("thrown"));
                    return 7;
                }
                """, "M()", init: "ch = new();");
            Assert.Contains("victim killed", trace);
            Assert.Contains("catcher got thrown", trace);
            Assert.EndsWith("result 7", trace);
        }
    }
}
