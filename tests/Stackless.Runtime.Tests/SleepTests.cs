using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using Stackless;
using Stackless.CompilerServices;
using Xunit;
using static Stackless.Runtime.Tests.ScriptFrame;

namespace Stackless.Runtime.Tests
{
    /// <summary>Scheduler.Sleep under virtual time: order, the clock, Run()'s and deadlock's new rules, kill and throw.</summary>
    public class SleepTests
    {
        private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

        [Fact]
        public void SleepersWakeInDueOrder_AndTheVirtualClockJumpsToEachDueTime()
        {
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                TimeSpan start = Scheduler.Now;
                var log = new List<string>();
                TaskletFrame.Spawn(new ScriptFrame("A", log, new SleepStep(Ms(30))));
                TaskletFrame.Spawn(new ScriptFrame("B", log, new SleepStep(Ms(10))));
                TaskletFrame.Spawn(new ScriptFrame("C", log, new SleepStep(Ms(20))));
                Scheduler.Run();
                double s = start.TotalMilliseconds;
                Assert.Equal(new[]
                {
                    "A sleep 30", "B sleep 10", "C sleep 20",
                    $"B woke at {s + 10}", "B done",
                    $"C woke at {s + 20}", "C done",
                    $"A woke at {s + 30}", "A done",
                }, log);
                Assert.Equal(start + Ms(30), Scheduler.Now);
            });
        }

        [Fact]
        public void SleepersDueTogether_WakeInTheOrderTheySlept()
        {
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                var log = new List<string>();
                // D sleeps 10 after C started a 20 ms sleep; both are due at +20, and D slept later.
                TaskletFrame.Spawn(new ScriptFrame("C", log, new SleepStep(Ms(20))));
                TaskletFrame.Spawn(new ScriptFrame("D", log, new SleepStep(Ms(10)), new SleepStep(Ms(10))));
                TaskletFrame.Spawn(new ScriptFrame("E", log, new SleepStep(Ms(20))));
                for (int i = 0; i < 5; i++)
                    TaskletFrame.Spawn(new ScriptFrame("F" + i, log, new SleepStep(Ms(5))));
                Scheduler.Run();
                string[] wakes = log.Where(l => l.Contains("woke")).Select(l => l.Split(' ')[0]).ToArray();
                Assert.Equal(new[] { "F0", "F1", "F2", "F3", "F4", "D", "C", "E", "D" }, wakes);
            });
        }

        [Fact]
        public void SleepZero_BehavesAsSchedule()
        {
            Isolated.Run(() =>
            {
                var withSleep = new List<string>();
                var withSchedule = new List<string>();
                TaskletFrame.Spawn(new ScriptFrame("A", withSleep, new SleepStep(TimeSpan.Zero), new SleepStep(TimeSpan.Zero)));
                TaskletFrame.Spawn(new ScriptFrame("B", withSleep, new SleepStep(TimeSpan.Zero)));
                Scheduler.Run();
                TaskletFrame.Spawn(new ScriptFrame("A", withSchedule, new ScheduleStep(), new ScheduleStep()));
                TaskletFrame.Spawn(new ScriptFrame("B", withSchedule, new ScheduleStep()));
                Scheduler.Run();
                Assert.Equal(
                    withSchedule.Select(l => l.Replace("schedule", "sleep 0").Replace("resumed", "woke")).ToArray(),
                    withSleep.Select(l => l.Contains("woke") ? l[..(l.IndexOf("woke") + 4)] : l).ToArray());
                // From main, alone: returns at once, with nothing pending.
                Scheduler.Sleep(TimeSpan.Zero);
                Assert.Equal(1, Scheduler.RunCount);
            });
        }

        [Fact]
        public void NegativeDelay_IsArgumentOutOfRange_FromMainAndFromAFrame()
        {
            Isolated.Run(() =>
            {
                Assert.Throws<ArgumentOutOfRangeException>(() => Scheduler.Sleep(Ms(-1.5)));
                Assert.Throws<ArgumentOutOfRangeException>(() => Scheduler.Sleep(TimeSpan.MinValue));
                var log = new List<string>();
                Exception? seen = null;
                Scheduler.ErrorHandler = (_, ex) => seen = ex;
                TaskletFrame.Spawn(new ScriptFrame("A", log, new SleepStep(Ms(-2))));
                Scheduler.Run();
                Assert.IsType<ArgumentOutOfRangeException>(seen);
                Assert.Equal(new[] { "A sleep -2", "A ArgumentOutOfRangeException" }, log);
                Assert.Equal(0, PendingTimers());
            });
        }

        [Fact]
        public void InfiniteSleep_WaitsUntilKilled_AndIsNotPending()
        {
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                TimeSpan start = Scheduler.Now;
                var log = new List<string>();
                Tasklet t = TaskletFrame.Spawn(new GuardedSleepFrame(Timeout.InfiniteTimeSpan, log));
                Scheduler.Run(); // returns: a tasklet sleeping forever will not become runnable by itself
                Assert.Equal(start, Scheduler.Now);
                Assert.True(t.IsAlive);
                Assert.True(t.IsBlocked);
                Assert.True(t.IsScheduled);
                Assert.False(t.IsPaused);
                Assert.Contains("sleeping", t.ToString());
                Assert.Empty(log);
                t.Kill();
                Assert.Equal(new[] { "TaskletExit", "finally" }, log);
                Assert.False(t.IsAlive);
            });
        }

        [Fact]
        public void MainSleepingForever_IsADeadlock_AloneAtOnce_OrWhenTheLastTaskletEnds()
        {
            Isolated.Run(() =>
            {
                Assert.Throws<DeadlockException>(() => Scheduler.Sleep(Timeout.InfiniteTimeSpan));
                Assert.Equal(1, Scheduler.RunCount);

                var log = new List<string>();
                TaskletFrame.Spawn(new ScriptFrame("A", log, new ScheduleStep()));
                var ex = Assert.Throws<DeadlockException>(() => Scheduler.Sleep(Timeout.InfiniteTimeSpan));
                Assert.Contains("sleeping forever", ex.Message);
                Assert.Equal(new[] { "A schedule", "A resumed", "A done" }, log);
                Assert.True(Scheduler.Main.IsScheduled && !Scheduler.Main.IsBlocked);
            });
        }

        [Fact]
        public void HugeDelays_SaturateInsteadOfOverflowing()
        {
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                var log = new List<string>();
                TaskletFrame.Spawn(new ScriptFrame("A", log, new SleepStep(TimeSpan.MaxValue), new SleepStep(TimeSpan.MaxValue)));
                Scheduler.Run();
                Assert.Equal(TimeSpan.MaxValue, Scheduler.Now);
                Assert.Equal(2, log.Count(l => l.Contains("woke")));
                Scheduler.Sleep(Ms(1)); // main, at the end of time
                Assert.Equal(TimeSpan.MaxValue, Scheduler.Now);
            });
        }

        [Fact]
        public void MainSleeps_OthersRunMeanwhile_AndMainWakesOnTime()
        {
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                TimeSpan start = Scheduler.Now;
                var log = new List<string>();
                TaskletFrame.Spawn(new ScriptFrame("A", log, new SleepStep(Ms(10)), new SleepStep(Ms(10))));
                Scheduler.Sleep(Ms(15));
                Assert.Equal(start + Ms(15), Scheduler.Now);
                Assert.Equal(new[] { "A sleep 10", $"A woke at {(start + Ms(10)).TotalMilliseconds}", "A sleep 10" }, log);
                Assert.True(Scheduler.Main.IsCurrent);
                Scheduler.Run();
                Assert.Equal(start + Ms(20), Scheduler.Now);
            });
        }

        [Fact]
        public void VirtualClock_StandsStillWhileAnythingCanRun()
        {
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                TimeSpan start = Scheduler.Now;
                var log = new List<string>();
                int turns = 0;
                TaskletFrame.Spawn(new ScriptFrame("A", log, new SleepStep(Ms(1))));
                TaskletFrame.Spawn(new ScheduleUntilFrame(() => ++turns == 10_000));
                Thread.Sleep(5); // real time passes; the virtual clock does not
                Scheduler.Run();
                Assert.Equal($"A woke at {(start + Ms(1)).TotalMilliseconds}", log[1]);
                Assert.Equal(start + Ms(1), Scheduler.Now);
            });
        }

        [Fact]
        public void VirtualTime_ContinuesFromNow_BothWays_AndCannotChangeWhileATimerIsPending()
        {
            Isolated.Run(() =>
            {
                Assert.False(Scheduler.VirtualTime);
                Thread.Sleep(2);
                TimeSpan real = Scheduler.Now;
                Assert.True(real > TimeSpan.Zero);
                Scheduler.VirtualTime = true;
                TimeSpan v = Scheduler.Now;
                Assert.True(v >= real);
                Thread.Sleep(2);
                Assert.Equal(v, Scheduler.Now);
                Scheduler.Sleep(TimeSpan.FromDays(365)); // a simulated year, at once
                Assert.Equal(v + TimeSpan.FromDays(365), Scheduler.Now);

                Tasklet t = TaskletFrame.Spawn(new SleepLoopFrame(1, Ms(5)));
                Scheduler.Schedule(); // t starts its sleep
                Assert.True(t.IsBlocked);
                Assert.Throws<InvalidOperationException>(() => Scheduler.VirtualTime = false);
                Scheduler.VirtualTime = true; // unchanged: allowed
                Scheduler.Run();

                Scheduler.VirtualTime = false;
                TimeSpan after = Scheduler.Now;
                Assert.True(after >= v + TimeSpan.FromDays(365) + Ms(5));
                Assert.True(after < v + TimeSpan.FromDays(365) + TimeSpan.FromMinutes(1));
            });
        }

        [Fact]
        public void TimeProvider_DefaultsToSystem_AndRefusesNull()
        {
            Isolated.Run(() =>
            {
                Assert.Same(TimeProvider.System, Scheduler.TimeProvider);
                Assert.Throws<ArgumentNullException>(() => Scheduler.TimeProvider = null!);
            });
        }

        [Fact]
        public void Run_WaitsForSleepers_ButNotForTaskletsBlockedOnChannels()
        {
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                TimeSpan start = Scheduler.Now;
                var ch = new Channel<int>();
                var log = new List<string>();
                Tasklet blocked = TaskletFrame.Spawn(new ScriptFrame("R", log, new ReceiveStep(ch)));
                TaskletFrame.Spawn(new ScriptFrame("S", log, new SleepStep(Ms(50))));
                Scheduler.Run();
                Assert.Contains($"S woke at {(start + Ms(50)).TotalMilliseconds}", log);
                Assert.True(blocked.IsBlocked);
                Assert.Equal(start + Ms(50), Scheduler.Now);

                // Main alone in the run queue with only a sleeper pending: Run() still waits for it.
                TaskletFrame.Spawn(new ScriptFrame("T", log, new SleepStep(Ms(5))));
                Scheduler.Schedule(); // T starts sleeping; now main is the only runnable tasklet
                Assert.Equal(1, Scheduler.RunCount);
                Scheduler.Run();
                Assert.Equal("T done", log[^1]);
            });
        }

        [Fact]
        public void MainBlockedOnAChannel_WhileOthersSleep_IsWaitingNotDeadlocked()
        {
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                var ch = new Channel<int>();
                var log = new List<string>();
                TaskletFrame.Spawn(new ScriptFrame("S", log, new SleepStep(Ms(10)), new SendStep(ch, 42)));
                Assert.Equal(42, ch.Receive());

                // Paused main while a sleeper will insert it: not a deadlock either.
                Tasklet main = Scheduler.Main;
                TaskletFrame.Spawn(new ScriptFrame("I", log, new SleepStep(Ms(10)), new ActionStep(_ => main.Insert())));
                Scheduler.ScheduleRemove();
                Assert.True(main.IsCurrent);
            });
        }

        [Fact]
        public void Deadlock_IsNothingRunnableAndNothingPending()
        {
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                var ch = new Channel<int>();
                var log = new List<string>();
                // The sleeper wakes and ends without sending: then main's receive deadlocks.
                TaskletFrame.Spawn(new ScriptFrame("S", log, new SleepStep(Ms(10))));
                Assert.Throws<DeadlockException>(() => ch.Receive());
                Assert.Equal("S done", log[^1]);
                Assert.Equal(0, ch.Balance);
                // Nothing pending any more: at once.
                Assert.Throws<DeadlockException>(() => ch.Receive());
                Assert.Throws<DeadlockException>(() => Scheduler.ScheduleRemove());
            });
        }

        [Fact]
        public void KilledSleeper_RunsItsFinally_AndLeavesNoTimer()
        {
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                TimeSpan start = Scheduler.Now;
                var log = new List<string>();
                Tasklet t = TaskletFrame.Spawn(new GuardedSleepFrame(TimeSpan.FromHours(1), log));
                Tasklet other = TaskletFrame.Spawn(new SleepLoopFrame(1, Ms(5)));
                Scheduler.Schedule();
                Assert.True(t.IsBlocked);
                Assert.Equal(2, PendingTimers());
                t.Kill();
                Assert.Equal(new[] { "TaskletExit", "finally" }, log);
                Assert.Equal(1, PendingTimers());
                Scheduler.Run();
                // Had its timer stayed, the virtual clock would have jumped to +1 h.
                Assert.Equal(start + Ms(5), Scheduler.Now);
                Assert.False(other.IsAlive);
            });
        }

        [Fact]
        public void ThrownIntoSleeper_RaisesAtItsSleep_AndNeverWakesLater()
        {
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                TimeSpan start = Scheduler.Now;
                var log = new List<string>();
                Exception? seen = null;
                Scheduler.ErrorHandler = (_, ex) => seen = ex;
                Tasklet t = TaskletFrame.Spawn(new GuardedSleepFrame(Ms(100), log));
                Scheduler.Schedule();
                t.Throw(new FormatException("boom"), pending: true);
                Assert.Equal(0, PendingTimers());
                Assert.True(t.IsScheduled && !t.IsBlocked);
                Scheduler.Run();
                Assert.Equal(new[] { "FormatException", "finally" }, log);
                Assert.IsType<FormatException>(seen);
                Assert.Equal(start, Scheduler.Now);
            });
        }

        [Fact]
        public void KilledSleeper_IsGarbage_WhileALiveOneIsKeptByItsTimer()
        {
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                (WeakReference killed, WeakReference sleeping) = SleepTwoAndKillOne();
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                Assert.False(killed.IsAlive);
                Assert.True(sleeping.IsAlive); // its timer will wake it: it must not be lost
                Scheduler.Run();
                Assert.False(((Tasklet)sleeping.Target!).IsAlive);
            });
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static (WeakReference, WeakReference) SleepTwoAndKillOne()
        {
            var log = new List<string>();
            Tasklet a = TaskletFrame.Spawn(new GuardedSleepFrame(TimeSpan.FromHours(1), log));
            Tasklet b = TaskletFrame.Spawn(new GuardedSleepFrame(TimeSpan.FromHours(2), log));
            Scheduler.Schedule();
            Assert.True(a.IsBlocked && b.IsBlocked);
            a.Kill();
            return (new WeakReference(a), new WeakReference(b));
        }

        [Fact]
        public void ASleeper_CannotBeInsertedRemovedOrRun()
        {
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                Tasklet t = TaskletFrame.Spawn(new SleepLoopFrame(1, Ms(1)));
                Scheduler.Schedule();
                Assert.True(t.IsBlocked && t.IsScheduled && !t.IsPaused);
                Assert.Throws<InvalidOperationException>(() => t.Insert());
                Assert.Throws<InvalidOperationException>(() => t.Remove());
                Assert.Throws<InvalidOperationException>(() => t.Run());
                Assert.Equal(1, PendingTimers());
                Scheduler.Run();
                Assert.False(t.IsAlive);
            });
        }

        [Fact]
        public void SleepFromOrdinaryCodeInsideATasklet_NamesTheMethodToMark()
        {
            Isolated.Run(() =>
            {
                Exception? seen = null;
                Scheduler.ErrorHandler = (_, ex) => seen = ex;
                var log = new List<string>();
                TaskletFrame.Spawn(new ScriptFrame("A", log, new ActionStep(_ => Scheduler.Sleep(Ms(1)))));
                Scheduler.Run();
                var ex = Assert.IsType<InvalidOperationException>(seen);
                Assert.Contains("Scheduler.Sleep()", ex.Message);
            });
        }

        [Fact]
        public void MainSleeping_GetsAFailedTaskletsError_AndLeavesItsTimer()
        {
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                TimeSpan start = Scheduler.Now;
                var log = new List<string>();
                TaskletFrame.Spawn(new ScriptFrame("A", log, new SleepStep(Ms(1)), new ActionStep(_ => throw new FormatException("x"))));
                Assert.Throws<FormatException>(() => Scheduler.Sleep(TimeSpan.FromHours(1)));
                Assert.Equal(start + Ms(1), Scheduler.Now);
                Assert.Equal(0, PendingTimers());
                Assert.True(Scheduler.Main.IsCurrent);
            });
        }

        [Fact]
        public void ManySleepersWithTiesAndKills_WakeExactlyAsAModelSays()
        {
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                long start = Scheduler.Now.Ticks;
                var rng = new Random(11);
                const int n = 5_000;
                var wakes = new List<long>[n];
                var tasklets = new Tasklet[n];
                var delays = new TimeSpan[n];
                var woke = new List<int>();
                for (int i = 0; i < n; i++)
                {
                    delays[i] = Ms(rng.Next(0, 50) * 10 + 10); // many ties
                    wakes[i] = new List<long>();
                    int me = i;
                    var log = new List<string>();
                    tasklets[i] = TaskletFrame.Spawn(new ScriptFrame("T", log, new SleepStep(delays[i]), new ActionStep(_ => woke.Add(me))));
                }
                Scheduler.Schedule(); // all start sleeping, in index order
                Assert.Equal(n, PendingTimers());
                var killed = new HashSet<int>();
                for (int i = 0; i < n; i += rng.Next(1, 7))
                {
                    tasklets[i].Kill();
                    killed.Add(i);
                }
                Assert.Equal(n - killed.Count, PendingTimers());
                Scheduler.Run();
                int[] expected = Enumerable.Range(0, n).Where(i => !killed.Contains(i))
                    .OrderBy(i => delays[i]).ThenBy(i => i).ToArray();
                Assert.Equal(expected, woke.ToArray());
                Assert.Equal(start + delays[expected[^1]].Ticks, Scheduler.Now.Ticks);
                Assert.Equal(0, PendingTimers());
            });
        }

        [Fact]
        public void DistinctDueTimes_SleepersKilledMidRun_WakeExactlyWhenAModelSays()
        {
            // Mostly distinct due times (as in a simulation with random delays): each timer has its own instant, so
            // the heap and the due-time map grow and shrink by one on every sleep and wake, and kills remove instants
            // from the middle of both.
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                long start = Scheduler.Now.Ticks;
                var rng = new Random(5);
                const int n = 2_000, rounds = 3;
                var delays = new long[n, rounds];
                var tasklets = new Tasklet[n];
                var woke = new List<(long Time, int Id, int Round)>();
                for (int i = 0; i < n; i++)
                {
                    var steps = new List<Step>();
                    for (int r = 0; r < rounds; r++)
                    {
                        delays[i, r] = 2 * rng.Next(1, 100_000); // even ticks: never at a kill's (odd) time
                        int me = i, round = r;
                        steps.Add(new SleepStep(TimeSpan.FromTicks(delays[i, r])));
                        steps.Add(new ActionStep(_ => woke.Add((Scheduler.Now.Ticks, me, round))));
                    }
                    tasklets[i] = TaskletFrame.Spawn(new ScriptFrame("T" + i, new List<string>(), steps.ToArray()));
                }
                var killedAt = new Dictionary<int, long>();
                var killerSteps = new List<Step>();
                for (int k = 0; k < 40; k++)
                {
                    killerSteps.Add(new SleepStep(TimeSpan.FromTicks(2 * rng.Next(1, 5_000) + (k == 0 ? 1 : 0)))); // odd times
                    killerSteps.Add(new ActionStep(_ =>
                    {
                        for (int j = 0; j < 30; j++)
                        {
                            int victim = rng.Next(n);
                            if (tasklets[victim].IsAlive)
                            {
                                tasklets[victim].Kill(pending: true); // from a step of a hand-written frame: it dies when it next runs
                                killedAt.TryAdd(victim, Scheduler.Now.Ticks);
                            }
                        }
                    }));
                }
                TaskletFrame.Spawn(new ScriptFrame("killer", new List<string>(), killerSteps.ToArray()));
                Scheduler.Run();

                var expected = new List<(long Time, int Id, int Round)>();
                for (int i = 0; i < n; i++)
                {
                    long t = start;
                    for (int r = 0; r < rounds; r++)
                    {
                        t += delays[i, r];
                        if (killedAt.TryGetValue(i, out long kill) && kill < t)
                            break;
                        expected.Add((t, i, r));
                    }
                }
                Assert.True(killedAt.Count > 100, "the test kills sleepers");
                for (int k = 1; k < woke.Count; k++)
                    Assert.True(woke[k - 1].Time <= woke[k].Time, "wakes in due order");
                Assert.Equal(expected.OrderBy(w => w.Id).ThenBy(w => w.Round), woke.OrderBy(w => w.Id).ThenBy(w => w.Round));
                Assert.Equal(0, PendingTimers());
            });
        }

        [Fact]
        public void FewSleepers_AroundTheSmallHeapSize_WakeInTheOrderOfAModel()
        {
            // 1-13 sleepers a phase (the timer heap finds up to 8 instants by a scan, and makes a due-time map beyond that
            // until it is empty again): random delays, from a small set (many ties) or a wide one (every instant new), and a
            // killer at odd times that takes sleepers out of the middle. A model replays each phase as a discrete-event
            // queue ordered by (due time, order of falling asleep): the wakes must be the model's, one by one.
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                var rng = new Random(3);
                for (int phase = 0; phase < 120; phase++)
                {
                    long start = Scheduler.Now.Ticks;
                    int n = rng.Next(1, 14);
                    const int rounds = 12;
                    bool ties = phase % 2 == 0;
                    var delays = new long[n, rounds];
                    for (int i = 0; i < n; i++)
                        for (int r = 0; r < rounds; r++)
                            delays[i, r] = 2 * (ties ? rng.Next(1, 4) : rng.Next(1, 1_000_000)); // even: never a kill's time
                    var killDelays = new long[6];
                    var victims = new int[killDelays.Length];
                    for (int k = 0; k < killDelays.Length; k++)
                    {
                        killDelays[k] = 2 * (ties ? rng.Next(1, 6) : rng.Next(1, 2_000_000)) + (k == 0 ? 1 : 0); // odd times
                        victims[k] = rng.Next(n);
                    }

                    var woke = new List<(long Time, int Id)>();
                    var tasklets = new Tasklet[n];
                    for (int i = 0; i < n; i++)
                    {
                        var steps = new List<Step>();
                        for (int r = 0; r < rounds; r++)
                        {
                            int me = i;
                            steps.Add(new SleepStep(TimeSpan.FromTicks(delays[i, r])));
                            steps.Add(new ActionStep(_ => woke.Add((Scheduler.Now.Ticks, me))));
                        }
                        tasklets[i] = TaskletFrame.Spawn(new ScriptFrame("T" + i, new List<string>(), steps.ToArray()));
                    }
                    var killerSteps = new List<Step>();
                    for (int k = 0; k < killDelays.Length; k++)
                    {
                        int victim = victims[k];
                        killerSteps.Add(new SleepStep(TimeSpan.FromTicks(killDelays[k])));
                        killerSteps.Add(new ActionStep(_ =>
                        {
                            if (tasklets[victim].IsAlive)
                                tasklets[victim].Kill(pending: true);
                        }));
                    }
                    TaskletFrame.Spawn(new ScriptFrame("killer", new List<string>(), killerSteps.ToArray()));
                    Scheduler.Run();

                    // The model: sleepers 0..n-1 then the killer fall asleep in spawn order; a wake logs, then sleeps again.
                    var queue = new SortedSet<(long Due, long Seq, int Id)>();
                    var pending = new Dictionary<int, (long Due, long Seq, int Id)>();
                    var round = new int[n + 1];
                    long seq = 0;
                    void Sleep(int id, long now)
                    {
                        long delay = id == n ? killDelays[round[id]] : delays[id, round[id]];
                        var e = (now + delay, seq++, id);
                        queue.Add(e);
                        pending[id] = e;
                    }
                    for (int i = 0; i <= n; i++)
                        Sleep(i, start);
                    var expected = new List<(long Time, int Id)>();
                    while (queue.Count > 0)
                    {
                        var e = queue.Min;
                        queue.Remove(e);
                        pending.Remove(e.Id);
                        if (e.Id == n)
                        {
                            if (pending.Remove(victims[round[n]], out var v))
                                queue.Remove(v); // a sleeper killed: its timer leaves, it never wakes again
                        }
                        else
                        {
                            expected.Add((e.Due, e.Id));
                        }
                        if (++round[e.Id] < (e.Id == n ? killDelays.Length : rounds))
                            Sleep(e.Id, e.Due);
                    }
                    Assert.Equal(expected, woke);
                    Assert.Equal(0, PendingTimers());
                }
            });
        }

        /// <summary>The number of armed timers of this thread's scheduler (internal state, read by reflection).</summary>
        internal static int PendingTimers()
        {
            Type scheduler = typeof(Scheduler).Assembly.GetType("Stackless.ThreadScheduler", throwOnError: true)!;
            object s = scheduler.GetProperty("ForCurrentThread", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
            object timers = scheduler.GetField("timers", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(s)!;
            return (int)timers.GetType().GetProperty("Count", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(timers)!;
        }
    }
}
