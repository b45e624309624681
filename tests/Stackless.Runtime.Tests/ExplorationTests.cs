using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Stackless;
using Stackless.CompilerServices;
using Stackless.Testing;
using Xunit;
using static Stackless.Runtime.Tests.ScriptFrame;

namespace Stackless.Runtime.Tests
{
    /// <summary>TaskletExplorer (issue 13): schedules drawn from a seed, replay, shrinking, step budget, bad input.</summary>
    public sealed class ExplorationTests
    {
        /// <summary>A <see cref="ScriptFrame"/> step: <c>Tasklet.Await(task)</c>.</summary>
        private sealed class AwaitStep(Task task) : Step
        {
            public override bool Begin(ScriptFrame f) { f.Write("await"); return Tasklet.BeginAwait(f, task); }
            public override void End(ScriptFrame f) { Tasklet.EndAwait(f); f.Write("awaited"); }
        }

        /// <summary>
        /// "Producer" sets up the state "Consumer" reads; spawned first, FIFO always runs it first. Nothing makes the
        /// consumer wait: the bug is hidden by the scheduler's order.
        /// </summary>
        private static void SpawnOrderBug()
        {
            var log = new List<string>();
            string? config = null;
            TaskletFrame.Spawn(new ScriptFrame("producer", log, new ActionStep(_ => config = "ready")));
            TaskletFrame.Spawn(new ScriptFrame("consumer", log, new ActionStep(_ =>
            {
                if (config == null)
                    throw new InvalidOperationException("consumer ran before the producer set the config");
            })));
            Scheduler.Run();
        }

        [Fact]
        public void FifoPasses_ExploreFindsTheOrderBug_AndItsSeedAndShrunkScheduleReplay()
        {
            TaskletExplorer.Replay(SpawnOrderBug, ExplorationSchedule.Parse("")); // the ordinary FIFO schedule passes

            ExplorationResult result = TaskletExplorer.Explore(SpawnOrderBug, runs: 100, seed: 7);

            Assert.True(result.Failed);
            Assert.NotNull(result.FailingSeed);
            var error = Assert.IsType<InvalidOperationException>(result.Exception);
            Assert.Contains("consumer ran before", error.Message);
            Assert.InRange(result.RunsTried, 1, 100);
            // Run() detaches main; the one decision is which of [producer, consumer] goes first: the consumer (1 of 2).
            Assert.Equal(new ScheduleDecision(ScheduleDecisionKind.Switch, 1, 2), result.FailingRun!.Schedule.Decisions[0]);
            Assert.Equal(result.FailingRun.Schedule.Count, result.Decisions);
            Assert.Equal("1", result.ShrunkSchedule!.ToString());
            Assert.Equal(1, result.ShrunkSchedule.Deviations);
            Assert.Contains($"seed {result.FailingSeed}", result.ToString());
            Assert.Contains("ExplorationSchedule.Parse(\"1\")", result.ToString());

            var replayed = Assert.Throws<InvalidOperationException>(() => TaskletExplorer.Replay(SpawnOrderBug, result.FailingSeed!.Value));
            Assert.Equal(error.Message, replayed.Message);
            Assert.Throws<InvalidOperationException>(() => TaskletExplorer.Replay(SpawnOrderBug, result.ShrunkSchedule));
            Assert.Throws<InvalidOperationException>(() => TaskletExplorer.Replay(SpawnOrderBug, ExplorationSchedule.Parse(result.ShrunkSchedule.ToString())));

            var thrown = Assert.Throws<ExplorationFailedException>(result.ThrowIfFailed);
            Assert.Same(result.Exception, thrown.InnerException);
        }

        [Fact]
        public void ACorrectScenarioPassesEveryRun()
        {
            ExplorationResult result = TaskletExplorer.Explore(() =>
            {
                var ch = new Channel<int>();
                var log = new List<string>();
                TaskletFrame.Spawn(new ScriptFrame("a", log, new SendStep(ch, 1), new ScheduleStep(), new SendStep(ch, 2)));
                TaskletFrame.Spawn(new ScriptFrame("b", log, new ReceiveStep(ch), new ScheduleStep(), new ReceiveStep(ch)));
                Scheduler.Run();
                Assert.Equal(new[] { "b got 1", "b got 2" }, log.Where(l => l.Contains("got")));
            }, runs: 300);

            Assert.False(result.Failed, result.ToString());
            Assert.Equal(300, result.RunsTried);
            Assert.Null(result.FailingSeed);
            Assert.Null(result.Exception);
            result.ThrowIfFailed();
        }

        /// <summary>
        /// Three tasklets that log and switch, one of them selecting over two ready channels; two sleepers due together;
        /// two awaits completed together by a tasklet. Every kind of decision is made, and the log shows what ran.
        /// </summary>
        private static List<string> Busy(List<string> log, bool ordinaryOnly = false)
        {
            log.Clear();
            var left = new Channel<int>();
            var right = new Channel<int>();
            var select = new Select { Prioritized = ordinaryOnly };
            select.Receive(left);
            select.Receive(right);
            var first = new TaskCompletionSource(); // continuations run inline: the completion is posted by the tasklet, on this thread
            var second = new TaskCompletionSource();
            TaskletFrame.Spawn(new ScriptFrame("A", log, new ScheduleStep(), new ActionStep(f => f.Write("step")), new ScheduleStep()));
            TaskletFrame.Spawn(new ScriptFrame("B", log, new SendStep(left, 1), new ScheduleStep()));
            TaskletFrame.Spawn(new ScriptFrame("C", log, new SendStep(right, 2), new ScheduleStep()));
            TaskletFrame.Spawn(new ScriptFrame("D", log, new ScheduleStep(), new ScheduleStep(), new SelectStep(select), new SelectStep(select)));
            if (ordinaryOnly)
            {
                Scheduler.Run();
                return log;
            }
            TaskletFrame.Spawn(new ScriptFrame("S1", log, new SleepStep(TimeSpan.FromSeconds(1))));
            TaskletFrame.Spawn(new ScriptFrame("S2", log, new SleepStep(TimeSpan.FromSeconds(1))));
            TaskletFrame.Spawn(new ScriptFrame("W1", log, new AwaitStep(first.Task)));
            TaskletFrame.Spawn(new ScriptFrame("W2", log, new AwaitStep(second.Task)));
            TaskletFrame.Spawn(new ScriptFrame("E", log, new SleepStep(TimeSpan.FromSeconds(2)), new ActionStep(_ => { first.SetResult(); second.SetResult(); })));
            Scheduler.Run();
            return log;
        }

        [Fact]
        public void TheSameSeedMakesTheSameDecisionsAndTheSameRun_OtherSeedsOthers()
        {
            var logs = new Dictionary<int, string>();
            var kinds = new HashSet<ScheduleDecisionKind>();
            for (int seed = 1; seed <= 40; seed++)
            {
                var log1 = new List<string>();
                var log2 = new List<string>();
                ExplorationRun run1 = TaskletExplorer.Run(() => Busy(log1), seed);
                ExplorationRun run2 = TaskletExplorer.Run(() => Busy(log2), seed);
                Assert.Null(run1.Exception);
                Assert.Equal(seed, run1.Seed);
                Assert.Equal(run1.Schedule.Decisions, run2.Schedule.Decisions); // decision for decision
                Assert.Equal(run1.Steps, run2.Steps);
                Assert.Equal(log1, log2);
                Assert.True(run1.Schedule.Count > 5, $"seed {seed}: {run1.Schedule.Count} decisions");
                foreach (ScheduleDecision d in run1.Schedule.Decisions)
                {
                    Assert.InRange(d.Choice, 0, d.Options - 1);
                    kinds.Add(d.Kind);
                }
                logs[seed] = string.Join("|", log1);

                // A recorded schedule replays the same run, and so does its text.
                var log3 = new List<string>();
                ExplorationRun run3 = TaskletExplorer.Run(() => Busy(log3), ExplorationSchedule.Parse(run1.Schedule.ToString()));
                Assert.Equal(log1, log3);
                Assert.Equal(run1.Schedule.Choices(), run3.Schedule.Choices());
                Assert.Null(run3.Seed);
            }
            Assert.Equal(new[] { ScheduleDecisionKind.Switch, ScheduleDecisionKind.Select, ScheduleDecisionKind.Timer, ScheduleDecisionKind.Await }.OrderBy(k => k), kinds.OrderBy(k => k));
            Assert.True(logs.Values.Distinct().Count() >= 30, $"{logs.Values.Distinct().Count()} distinct runs of 40");

            // Switches and channels only (a prioritized select): the empty schedule is the ordinary scheduler's run.
            var ordinary = new List<string>();
            Isolated.Run(() => Busy(ordinary, ordinaryOnly: true));
            var fifo = new List<string>();
            ExplorationRun fifoRun = TaskletExplorer.Run(() => Busy(fifo, ordinaryOnly: true), ExplorationSchedule.Parse(""));
            Assert.True(ordinary.Count > 10);
            Assert.Equal(ordinary, fifo);
            Assert.True(fifoRun.Schedule.Count > 3);
            Assert.All(fifoRun.Schedule.Decisions, d => Assert.Equal(0, d.Choice));
        }

        [Fact]
        public void EveryRunnableTaskletGoesFirstInSomeRun_AndTimersDueTogetherWakeInEitherOrder()
        {
            var firsts = new HashSet<string>();
            var wakeOrders = new HashSet<string>();
            for (int seed = 0; seed < 100; seed++)
            {
                var log = new List<string>();
                TaskletExplorer.Replay(() =>
                {
                    foreach (string name in new[] { "a", "b", "c" })
                        TaskletFrame.Spawn(new ScriptFrame(name, log, new ActionStep(f => f.Write("ran"))));
                    TaskletFrame.Spawn(new ScriptFrame("s1", log, new SleepStep(TimeSpan.FromSeconds(1))));
                    TaskletFrame.Spawn(new ScriptFrame("s2", log, new SleepStep(TimeSpan.FromSeconds(1))));
                    Scheduler.Run();
                    Assert.Equal(TimeSpan.FromSeconds(1), Scheduler.Now); // virtual time, from 0
                }, seed);
                firsts.Add(log.First(l => l.EndsWith(" ran")));
                wakeOrders.Add(string.Join(",", log.Where(l => l.Contains("woke")).Select(l => l.Split(' ')[0])));
            }
            Assert.Equal(new[] { "a ran", "b ran", "c ran" }, firsts.OrderBy(f => f));
            Assert.Equal(new[] { "s1,s2", "s2,s1" }, wakeOrders.OrderBy(o => o));
        }

        [Fact]
        public void AMessageDueWithATimeout_ArrivesInTimeUnderSomeSchedules()
        {
            // A select waits 1 s for a message a sleeper sends after 1 s. The ordinary scheduler fires both timers
            // before anyone runs: the timeout always wins. Exploration fires one of them and lets what it woke run first.
            var outcomes = new HashSet<string>();
            for (int seed = 0; seed < 40; seed++)
            {
                var log = new List<string>();
                TaskletExplorer.Replay(() =>
                {
                    var ch = new Channel<int>();
                    var select = new Select();
                    select.Receive(ch);
                    select.Timeout(TimeSpan.FromSeconds(1));
                    TaskletFrame.Spawn(new ScriptFrame("waiter", log, new SelectStep(select)));
                    TaskletFrame.Spawn(new ScriptFrame("sender", log, new SleepStep(TimeSpan.FromSeconds(1)), new SendStep(ch, 7)));
                    Scheduler.Run(); // a sender left blocked does not keep Run() waiting
                }, seed);
                outcomes.Add(log.Single(l => l.StartsWith("waiter fired")));
            }
            Assert.Equal(new[] { "waiter fired 0", "waiter fired 1" }, outcomes.OrderBy(o => o));

            var ordinary = new List<string>();
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                var ch = new Channel<int>();
                var select = new Select();
                select.Receive(ch);
                select.Timeout(TimeSpan.FromSeconds(1));
                TaskletFrame.Spawn(new ScriptFrame("waiter", ordinary, new SelectStep(select)));
                TaskletFrame.Spawn(new ScriptFrame("sender", ordinary, new SleepStep(TimeSpan.FromSeconds(1)), new SendStep(ch, 7)));
                Scheduler.Run();
            });
            Assert.Contains("waiter fired 1", ordinary);
        }

        [Fact]
        public void MainIsACandidateWhenItIsRunnable()
        {
            // Main yields with a tasklet runnable: FIFO runs the tasklet first; some schedules run main on first.
            var outcomes = new HashSet<bool>();
            for (int seed = 0; seed < 40; seed++)
            {
                bool ranFirst = false;
                TaskletExplorer.Replay(() =>
                {
                    bool ran = false;
                    TaskletFrame.Spawn(new ActionFrame(() => ran = true));
                    Scheduler.Schedule();
                    ranFirst = ran;
                    Scheduler.Run();
                }, seed);
                outcomes.Add(ranFirst);
            }
            Assert.Equal(new[] { false, true }, outcomes.OrderBy(o => o));
        }

        [Fact]
        public void AnExplicitRunOrThrowIsHonoured_NotAChoice()
        {
            var seen = new HashSet<string>();
            for (int seed = 0; seed < 40; seed++)
            {
                var log = new List<string>();
                ExplorationRun run = TaskletExplorer.Run(() =>
                {
                    TaskletFrame.Spawn(new ScriptFrame("b", log, new ActionStep(f => f.Write("ran"))));
                    Tasklet c = TaskletFrame.Spawn(new ScriptFrame("c", log, new ActionStep(f => f.Write("ran"))));
                    Tasklet d = TaskletFrame.Spawn(new ScriptFrame("d", log, new ScheduleStep(), new ActionStep(f => f.Write("ran"))));
                    c.Run(); // c runs now, whatever the seed
                    Assert.Equal("c ran", log[0]);
                    Scheduler.Run();
                }, seed);
                Assert.Null(run.Exception);
                seen.Add(string.Join(",", log.Where(l => l.EndsWith(" ran"))));
            }
            Assert.All(seen, order => Assert.StartsWith("c ran,", order));
            Assert.True(seen.Count > 1, "the switches after the explicit one are still explored");
        }

        [Fact]
        public void ARunThatNeverEndsFails_WithTheStepBudget()
        {
            var options = new ExplorationOptions { Runs = 3, MaxSteps = 1_000 };
            // Two tasklets that switch forever.
            ExplorationResult spin = TaskletExplorer.Explore(() =>
            {
                TaskletFrame.Spawn(new WhileFrame(() => true, f => Scheduler.BeginSchedule(f), f => Scheduler.EndSwitch(f)));
                TaskletFrame.Spawn(new WhileFrame(() => true, f => Scheduler.BeginSchedule(f), f => Scheduler.EndSwitch(f)));
                Scheduler.Run();
            }, options);
            Assert.True(spin.Failed);
            Assert.Equal(1, spin.RunsTried);
            var timeout = Assert.IsType<TimeoutException>(spin.Exception);
            Assert.Contains("did not finish in 1,000 steps", timeout.Message);
            Assert.Equal(1_000, spin.FailingRun!.Steps);

            // A ticker that sleeps forever in virtual time: every wake is a step.
            ExplorationResult ticker = TaskletExplorer.Explore(() =>
            {
                TaskletFrame.Spawn(new WhileFrame(() => true, f => Scheduler.BeginSleep(f, TimeSpan.FromSeconds(1)), f => Scheduler.EndSleep(f)));
                Scheduler.Run();
            }, options);
            Assert.Contains("did not finish in 1,000 steps", Assert.IsType<TimeoutException>(ticker.Exception).Message);
            Assert.Equal(0, ticker.ShrunkSchedule!.Count); // it never ends under any schedule: FIFO fails too
        }

        /// <summary>[Tasklet] void Spin(int[] n) { while (true) n[0]++; }: the step check the generator puts at the back-edge, no switch.</summary>
        private sealed class TightLoopFrame(int[] iterations) : TaskletFrame
        {
            protected override void MoveNext()
            {
                switch (State)
                {
                    case 1: goto Resume1;
                }
            Loop:
                iterations[0]++;
                if (BudgetCheck(1))
                    return;
                goto Loop;
            Resume1:
                State = -1;
                EndBudgetCheck();
                goto Loop;
            }
        }

        [Fact]
        public void ATaskletThatNeverSwitches_FailsWithTheWatchdogsSteps_AndIsPaused()
        {
            var iterations = new int[1];
            Tasklet? spinner = null;
            ExplorationRun run = TaskletExplorer.Run(() =>
            {
                TaskletFrame.Spawn(new ActionFrame(() => { }));
                spinner = TaskletFrame.Spawn(new TightLoopFrame(iterations));
                Scheduler.Run();
            }, 5, new ExplorationOptions { MaxStepsWithoutSwitch = 50_000 });
            var error = Assert.IsType<TimeoutException>(run.Exception);
            Assert.Contains("took 50,000 steps (loop back-edges and [Tasklet] calls) without a switch", error.Message);
            // The budget counts from the last switch: the step check that finds it spent is step 50,001.
            Assert.Equal(50_001, iterations[0]);
            Assert.True(spinner!.IsPaused);
            Assert.True(spinner.IsAlive);
        }

        [Fact]
        public void ARunWaitingForATaskThatNeverCompletes_FailsAfterTheRealTimeLimit()
        {
            var never = new TaskCompletionSource();
            ExplorationResult result = TaskletExplorer.Explore(
                () => Tasklet.Await(never.Task), // main waits for another thread that never comes: no step is taken
                new ExplorationOptions { Runs = 5, RunTimeout = TimeSpan.FromMilliseconds(200), Shrink = false });
            Assert.Equal(1, result.RunsTried);
            var error = Assert.IsType<TimeoutException>(result.Exception);
            Assert.StartsWith("The scenario did not finish in 0.2 s of real time", error.Message);
            Assert.Null(result.ShrunkSchedule);
        }

        [Fact]
        public void AScenarioThatFailsOnEverySchedule_IsReportedAtTheFirstRun()
        {
            ExplorationResult result = TaskletExplorer.Explore(() => throw new FormatException("always"), runs: 50, seed: 3);
            Assert.True(result.Failed);
            Assert.Equal(1, result.RunsTried);
            Assert.IsType<FormatException>(result.Exception);
            Assert.Equal(0, result.Decisions);
            Assert.Equal(0, result.ShrunkSchedule!.Count);
            Assert.Throws<FormatException>(() => TaskletExplorer.Replay(() => throw new FormatException("always"), result.FailingSeed!.Value));
        }

        [Fact]
        public void ADeadlockOnlySomeSchedulesReach_IsFound()
        {
            // "taker" takes a value only if "giver" has not given up yet; giver gives up on its first turn if it runs first.
            ExplorationResult result = TaskletExplorer.Explore(() =>
            {
                var ch = new Channel<int>();
                bool givenUp = false;
                var log = new List<string>();
                TaskletFrame.Spawn(new ScriptFrame("taker", log, new ActionStep(f => { if (givenUp) f.Write("none"); })));
                TaskletFrame.Spawn(new ScriptFrame("giver", log, new ActionStep(_ => givenUp = true)));
                Scheduler.Run();
                if (log.Contains("taker none"))
                    ch.Receive(); // main waits for a value nobody sends
            }, runs: 50);
            Assert.IsType<DeadlockException>(result.Exception);
            Assert.Equal("1", result.ShrunkSchedule!.ToString()); // the giver first
        }

        [Fact]
        public void AnErrorThatEscapesATasklet_FailsTheRun()
        {
            ExplorationResult result = TaskletExplorer.Explore(() =>
            {
                TaskletFrame.Spawn(new ActionFrame(() => throw new ArithmeticException("in a tasklet")));
                Scheduler.Run();
            }, runs: 10);
            Assert.Equal("in a tasklet", Assert.IsType<ArithmeticException>(result.Exception).Message);
            Assert.Equal(1, result.RunsTried);
        }

        [Fact]
        public void BadInput()
        {
            Assert.Throws<ArgumentNullException>(() => TaskletExplorer.Explore(null!));
            Assert.Throws<ArgumentNullException>(() => TaskletExplorer.Replay(null!, 1));
            Assert.Throws<ArgumentNullException>(() => TaskletExplorer.Replay(() => { }, (ExplorationSchedule)null!));
            Assert.Equal("runs", Assert.Throws<ArgumentOutOfRangeException>(() => TaskletExplorer.Explore(() => { }, runs: 0)).ParamName);
            Assert.Throws<ArgumentOutOfRangeException>(() => TaskletExplorer.Explore(() => { }, runs: -5));
            Assert.Throws<ArgumentOutOfRangeException>(() => new ExplorationOptions { MaxSteps = 0 });
            Assert.Throws<FormatException>(() => ExplorationSchedule.Parse("1,x"));
            Assert.Throws<FormatException>(() => ExplorationSchedule.Parse("-1"));

            Isolated.Run(() =>
            {
                Exception? caught = null;
                TaskletFrame.Spawn(new ActionFrame(() =>
                {
                    try { TaskletExplorer.Explore(() => { }); }
                    catch (Exception ex) { caught = ex; }
                }));
                Scheduler.Run();
                var refused = Assert.IsType<InvalidOperationException>(caught);
                Assert.Contains("TaskletExplorer.Explore() was called inside", refused.Message);
            });
        }
    }
}
