using System.Collections.Generic;
using Stackless;
using Stackless.CompilerServices;
using Xunit;
using static Stackless.Runtime.Tests.ScriptFrame;

namespace Stackless.Runtime.Tests
{
    public class SchedulerTests
    {
        private static ScriptFrame Logger(string name, List<string> log, int rounds)
        {
            var steps = new List<Step>();
            for (int i = 1; i <= rounds; i++)
            {
                int n = i;
                steps.Add(new ActionStep(f => f.Write("step " + n)));
                if (i < rounds) steps.Add(new ScheduleStep());
            }
            return new ScriptFrame(name, log, steps.ToArray());
        }

        [Fact]
        public void ThreeTasklets_RunRoundRobin()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                TaskletFrame.Spawn(Logger("A", log, 3));
                TaskletFrame.Spawn(Logger("B", log, 3));
                TaskletFrame.Spawn(Logger("C", log, 3));
                Assert.Equal(4, Scheduler.RunCount);
                Scheduler.Run();
                var steps = log.FindAll(l => l.Contains("step"));
                Assert.Equal(new[]
                {
                    "A step 1", "B step 1", "C step 1",
                    "A step 2", "B step 2", "C step 2",
                    "A step 3", "B step 3", "C step 3",
                }, steps);
                Assert.Equal(1, Scheduler.RunCount);
            });
        }

        [Fact]
        public void Main_IsCurrentAndCountedInRunQueue()
        {
            Isolated.Run(() =>
            {
                Assert.True(Scheduler.Main.IsMain);
                Assert.True(Scheduler.Main.IsCurrent);
                Assert.Same(Scheduler.Main, Scheduler.Current);
                Assert.Equal(1, Scheduler.RunCount);
                Assert.Equal(0, Scheduler.Main.Id);

                int runCountInside = 0;
                bool mainScheduledInside = false;
                Tasklet t = TaskletFrame.Spawn(new ActionFrame(() =>
                {
                    runCountInside = Scheduler.RunCount;
                    mainScheduledInside = Scheduler.Main.IsScheduled;
                    Assert.False(Scheduler.Current.IsMain);
                }));
                Assert.True(t.Id > 0);
                Assert.True(t.IsAlive && t.IsScheduled && !t.IsPaused && !t.IsBlocked && !t.IsCurrent);
                Scheduler.Run();
                Assert.Equal(2, runCountInside); // the tasklet and main
                Assert.True(mainScheduledInside);
                Assert.False(t.IsAlive);
            });
        }

        [Fact]
        public void MainSchedule_LetsEveryOtherTaskletRunOnce()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                TaskletFrame.Spawn(Logger("A", log, 2));
                TaskletFrame.Spawn(Logger("B", log, 2));
                Scheduler.Schedule();
                Assert.Equal(new[] { "A step 1", "A schedule", "B step 1", "B schedule" }, log);
                Scheduler.Schedule();
                Assert.Contains("A step 2", log);
                Assert.Contains("B done", log);
                Assert.Equal(1, Scheduler.RunCount);
                Scheduler.Schedule(); // alone: returns at once
            });
        }

        [Fact]
        public void ScheduleRemove_PausesUntilInsert()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                Tasklet a = TaskletFrame.Spawn(new ScriptFrame("A", log, new ScheduleRemoveStep()));
                Scheduler.Run();
                Assert.Equal(new[] { "A pause" }, log);
                Assert.True(a.IsPaused);
                Assert.False(a.IsScheduled);
                Assert.True(a.IsAlive);
                Assert.Equal(1, Scheduler.RunCount);

                a.Insert();
                Assert.True(a.IsScheduled);
                a.Insert(); // already scheduled: nothing
                Assert.Equal(2, Scheduler.RunCount);
                Scheduler.Run();
                Assert.Equal(new[] { "A pause", "A unpaused", "A done" }, log);
                Assert.False(a.IsAlive);
            });
        }

        [Fact]
        public void Remove_TakesATaskletOffTheQueue_InsertPutsItBack()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                Tasklet a = TaskletFrame.Spawn(Logger("A", log, 1));
                Tasklet b = TaskletFrame.Spawn(Logger("B", log, 1));
                a.Remove();
                Assert.True(a.IsPaused);
                Scheduler.Run();
                Assert.Equal(new[] { "B step 1", "B done" }, log);
                a.Insert();
                Scheduler.Run();
                Assert.Equal(new[] { "B step 1", "B done", "A step 1", "A done" }, log);
                Assert.Throws<System.InvalidOperationException>(() => a.Insert()); // dead
                Assert.Throws<System.InvalidOperationException>(() => Scheduler.Main.Remove()); // current
            });
        }

        [Fact]
        public void TaskletRun_SwitchesAtOnce_CallerStaysScheduledBehind()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                TaskletFrame.Spawn(Logger("A", log, 2));
                Tasklet b = TaskletFrame.Spawn(Logger("B", log, 2));
                b.Run();
                // B ran first and yielded; the next in line behind B was main, so A has not run yet.
                Assert.Equal(new[] { "B step 1", "B schedule" }, log);
                Scheduler.Run();
                Assert.Equal(new[] { "B step 1", "B schedule", "A step 1", "A schedule", "B resumed", "B step 2", "B done", "A resumed", "A step 2", "A done" }, log);
            });
        }

        [Fact]
        public void Run_FromInsideATasklet_IsRefused()
        {
            Isolated.Run(() =>
            {
                System.Exception? seen = null;
                Scheduler.ErrorHandler = (t, ex) => seen = ex;
                TaskletFrame.Spawn(new ActionFrame(() => Scheduler.Run()));
                Scheduler.Run();
                Assert.IsType<System.InvalidOperationException>(seen);
                Assert.Contains("main tasklet", seen!.Message);
            });
        }

        [Fact]
        public void MillionDeepFrameChain_ReturnsItsValue()
        {
            Isolated.Run(() =>
            {
                Tasklet<long> t = TaskletFrame.Spawn(new DepthFrame(1_000_000));
                Scheduler.Run();
                Assert.Equal(1_000_000L, t.Result);
            });
        }

        [Fact]
        public void Result_BeforeTheTaskletFinished_Throws()
        {
            Isolated.Run(() =>
            {
                Tasklet<long> t = TaskletFrame.Spawn(new DepthFrame(3));
                var ex = Assert.Throws<System.InvalidOperationException>(() => t.Result);
                Assert.Contains("Scheduler.Run()", ex.Message);
                Scheduler.Run();
                Assert.Equal(3L, t.Result);
            });
        }
    }
}
