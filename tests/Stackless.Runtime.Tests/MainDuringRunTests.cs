using System;
using System.Collections.Generic;
using Stackless;
using Stackless.CompilerServices;
using Xunit;
using static Stackless.Runtime.Tests.ScriptFrame;

namespace Stackless.Runtime.Tests
{
    /// <summary>
    /// While <c>Scheduler.Run()</c> passes main's turn on, main is still in the run queue (counted, scheduled) even
    /// though the runtime keeps it out of the ring the other tasklets cycle through; everything that must reach
    /// main during Run still does.
    /// </summary>
    public class MainDuringRunTests
    {
        /// <summary><c>Scheduler.Main.Run()</c> from a tasklet, in the generated shape.</summary>
        private sealed class RunMainStep : Step
        {
            public override bool Begin(ScriptFrame f) { f.Write("run main"); return Scheduler.Main.BeginRun(); }
            public override void End(ScriptFrame f) { Scheduler.EndSwitch(f); f.Write("main ran"); }
        }

        private static ScriptFrame Observer(string name, List<string> log, int rounds)
        {
            var steps = new List<Step>();
            for (int i = 0; i < rounds; i++)
            {
                steps.Add(new ActionStep(f => f.Write(
                    $"count {Scheduler.RunCount} main scheduled {Scheduler.Main.IsScheduled} paused {Scheduler.Main.IsPaused}")));
                steps.Add(new ScheduleStep());
            }
            return new ScriptFrame(name, log, steps.ToArray());
        }

        [Fact]
        public void Run_MainStaysCountedAndScheduled_WhileOthersCycle()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                TaskletFrame.Spawn(Observer("A", log, 3));
                TaskletFrame.Spawn(Observer("B", log, 3));
                Scheduler.Run();
                var seen = log.FindAll(l => l.Contains("count"));
                Assert.Equal(6, seen.Count);
                Assert.All(seen, l => Assert.EndsWith("count 3 main scheduled True paused False", l));
                Assert.Equal(1, Scheduler.RunCount);
                Assert.True(Scheduler.Main.IsScheduled);
            });
        }

        [Fact]
        public void Run_PendingThrowIntoMain_IsRaisedAtMainsNextTurn_NotWhenTheOthersAreDone()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                ScriptFrame a = Observer("A", log, 10);
                ScriptFrame b = Observer("B", log, 10);
                TaskletFrame.Spawn(a);
                TaskletFrame.Spawn(b);
                TaskletFrame.Spawn(new ScriptFrame("T", log,
                    new ScheduleStep(),
                    new ActionStep(f => Assert.False(Scheduler.Main.BeginThrow(new InvalidOperationException("to main"), pending: true)))));
                var ex = Assert.Throws<InvalidOperationException>(() => Scheduler.Run());
                Assert.Equal("to main", ex.Message);
                // Main ran within about one cycle of the queue: A and B are far from done.
                Assert.True(a.IsAlive && b.IsAlive);
                Assert.True(log.FindAll(l => l.StartsWith("A count")).Count <= 3);
                Assert.Equal(3, Scheduler.RunCount);
                Scheduler.Run();
                Assert.False(a.IsAlive || b.IsAlive);
                Assert.Equal(1, Scheduler.RunCount);
            });
        }

        [Fact]
        public void Run_MainRemovedByATasklet_DeadlocksAsPaused_WhenTheOthersEnd()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                TaskletFrame.Spawn(Observer("A", log, 2));
                TaskletFrame.Spawn(new ScriptFrame("R", log,
                    new ScheduleStep(),
                    new ActionStep(f =>
                    {
                        Scheduler.Main.Remove();
                        f.Write($"main paused {Scheduler.Main.IsPaused} count {Scheduler.RunCount}");
                    })));
                var ex = Assert.Throws<DeadlockException>(() => Scheduler.Run());
                Assert.Contains("paused", ex.Message);
                Assert.Contains("R main paused True count 2", log);
                Assert.Contains("A done", log);
                Assert.True(Scheduler.Main.IsScheduled);
                Assert.Equal(1, Scheduler.RunCount);
            });
        }

        [Fact]
        public void Run_MainRunFromATasklet_PassesOn_AndRunStillEndsWhenMainIsAlone()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                TaskletFrame.Spawn(Observer("A", log, 3));
                TaskletFrame.Spawn(new ScriptFrame("M", log,
                    new ScheduleStep(),
                    new RunMainStep(),
                    new ActionStep(f => f.Write($"count {Scheduler.RunCount}"))));
                Scheduler.Run();
                Assert.Contains("M run main", log);
                Assert.Contains("M main ran", log);
                Assert.Contains("A done", log);
                Assert.Contains("M done", log);
                Assert.Equal(1, Scheduler.RunCount);
            });
        }
    }
}
