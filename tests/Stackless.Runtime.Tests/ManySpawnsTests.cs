using System;
using System.Collections.Generic;
using System.Linq;
using Stackless;
using Stackless.CompilerServices;
using Xunit;

namespace Stackless.Runtime.Tests
{
    /// <summary>
    /// Thousands of spawns in a row, more than the slot table holds: they wait for a slot in the spawn queue, and the run
    /// queue's order and every tasklet's state stay exactly those of plain appends.
    /// </summary>
    public class ManySpawnsTests
    {
        private const int Many = 10_000;

        private static Tasklet SpawnYielder(int id, List<string> log) =>
            TaskletFrame.Spawn(new ScriptFrame($"T{id}", log, new ScriptFrame.ScheduleStep()));

        [Fact]
        public void ManySpawns_RunInSpawnOrder_AndYieldersQueueBehindTheRest()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                for (int i = 0; i < Many; i++)
                    SpawnYielder(i, log);
                Assert.Equal(Many + 1, Scheduler.RunCount);
                Assert.Equal(Many + 1, Scheduler.Tasklets.Count); // the census lists the queued ones too, and not the queue
                Scheduler.Run();
                var expected = new List<string>();
                for (int i = 0; i < Many; i++)
                    expected.Add($"T{i} schedule");
                for (int i = 0; i < Many; i++)
                {
                    expected.Add($"T{i} resumed");
                    expected.Add($"T{i} done");
                }
                Assert.Equal(expected, log);
                Assert.Equal(1, Scheduler.RunCount);
            });
        }

        [Fact]
        public void QueuedSpawns_ThatFailAtTheirFirstStep_AreEachReported_AndTheRestRunInSpawnOrder()
        {
            // A queued spawn's first step runs from the spawn queue's turn: its exception must reach the same handler, for
            // that tasklet, as one run by the trampoline directly.
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var failed = new List<(Tasklet Tasklet, string Message)>();
                Scheduler.ErrorHandler = (t, e) => failed.Add((t, e.Message));
                var spawned = new Tasklet[Many];
                for (int i = 0; i < Many; i++)
                {
                    int id = i;
                    spawned[i] = TaskletFrame.Spawn(new ScriptFrame($"T{i}", log,
                        new ScriptFrame.ActionStep(_ => { if (id % 1000 == 999) throw new InvalidOperationException($"fail {id}"); }),
                        new ScriptFrame.ScheduleStep()));
                }
                Scheduler.Run();
                var expected = new List<string>();
                for (int i = 0; i < Many; i++)
                    expected.Add(i % 1000 == 999 ? $"T{i} InvalidOperationException" : $"T{i} schedule");
                for (int i = 0; i < Many; i++)
                {
                    if (i % 1000 == 999)
                        continue;
                    expected.Add($"T{i} resumed");
                    expected.Add($"T{i} done");
                }
                Assert.Equal(expected, log);
                Assert.Equal(Enumerable.Range(0, Many / 1000).Select(k => 1000 * k + 999).ToArray(),
                    failed.Select(f => Array.IndexOf(spawned, f.Tasklet)).ToArray());
                Assert.All(failed, f => Assert.Equal($"fail {Array.IndexOf(spawned, f.Tasklet)}", f.Message));
                Assert.All(spawned, t => Assert.False(t.IsAlive));
                Assert.Equal(1, Scheduler.RunCount);
            });
        }

        [Fact]
        public void QueuedSpawns_UnderABudget_EachGetAWholeBudget_AsPlainAppendsDo()
        {
            // A budgeted run gives every tasklet it switches to a whole budget of checks (WatchdogTests: a budget of N lets N
            // bodies run and interrupts at the next check). Tasklet 5,000 is far down the spawn queue and loops 2,000 times,
            // the others 3 times: it alone is interrupted, after exactly 1,000 bodies, with the ones before it done and the ones
            // after it not started; that is so only if its turn from the queue is a switch like any other.
            Isolated.Run(() =>
            {
                const int Long = 5_000;
                var progress = new long[Many];
                var spawned = new Tasklet[Many];
                for (int i = 0; i < Many; i++)
                {
                    int id = i;
                    spawned[i] = TaskletFrame.Spawn(new CheckedLoopFrame(id == Long ? 2_000 : 3, _ => { progress[id]++; return CheckedLoopOp.Continue; }));
                }
                Tasklet? victim = Scheduler.Run(1_000);
                Assert.Same(spawned[Long], victim);
                Assert.Equal(1_000, progress[Long]);
                Assert.True(victim!.IsPaused);
                Assert.All(Enumerable.Range(0, Long), i => Assert.Equal(3, progress[i]));
                Assert.All(Enumerable.Range(Long + 1, Many - Long - 1), i => Assert.Equal(0, progress[i]));
                victim.Insert();
                Scheduler.Run();
                Assert.Equal(2_000, progress[Long]);
                Assert.All(Enumerable.Range(0, Many).Where(i => i != Long), i => Assert.Equal(3, progress[i]));
                Assert.Equal(1, Scheduler.RunCount);
            });
        }

        [Fact]
        public void QueuedSpawns_WhoseFirstStepsParkYieldEndSpawnWakeOrCall_RunAsTurnByTurn()
        {
            // The queue's turn runs queued tasklets one after another while it is the head again after each first step
            // (a plain run only). A budgeted run takes every turn in the trampoline: with a budget nothing spends, the two
            // runs must log the same, in spawn order. A tasklet whose first step calls a nested frame is still the head
            // after it: its call goes on before the next queued tasklet (the Debug runtime asserts the queue is the head).
            static List<string> Scenario(bool turnByTurn)
            {
                var log = new List<string>();
                var deep = new List<(int Depth, DepthFrame Frame)>();
                var ch = new Channel<int>();
                for (int i = 0; i < Many; i++)
                {
                    int id = i;
                    switch (i % 6)
                    {
                        case 0: TaskletFrame.Spawn(new ScriptFrame($"R{i}", log, new ScriptFrame.ReceiveStep(ch))); break;
                        case 1: TaskletFrame.Spawn(new ScriptFrame($"Y{i}", log, new ScriptFrame.ScheduleStep())); break;
                        case 2: TaskletFrame.Spawn(new ScriptFrame($"E{i}", log)); break;
                        case 3:
                            TaskletFrame.Spawn(new ScriptFrame($"P{i}", log, new ScriptFrame.ActionStep(f =>
                            {
                                f.Write("spawns");
                                TaskletFrame.Spawn(new ScriptFrame($"C{id}", log));
                            })));
                            break;
                        case 4: TaskletFrame.Spawn(new ScriptFrame($"S{i}", log, new ScriptFrame.SendStep(ch, i))); break;
                        default:
                            TaskletFrame.Spawn(new ScriptFrame($"D{i}", log, new ScriptFrame.ActionStep(f =>
                            {
                                deep.Add((3 + id % 4, TaskletFrame.Spawn(new DepthFrame(3 + id % 4))));
                                f.Write("spawns a call");
                            })));
                            break;
                    }
                }
                if (turnByTurn)
                    Assert.Null(Scheduler.Run(int.MaxValue));
                else
                    Scheduler.Run();
                Assert.Equal(-1, ch.Balance); // 1,667 receivers, 1,666 senders: the last receiver stays parked
                Assert.Equal(1, Scheduler.RunCount);
                Assert.Equal(1_666, deep.Count); // i % 6 == 5 below 10,000
                Assert.All(deep, d => Assert.Equal(d.Depth, d.Frame.Result));
                return log;
            }

            List<string>? plain = null, turns = null;
            Isolated.Run(() => plain = Scenario(turnByTurn: false));
            Isolated.Run(() => turns = Scenario(turnByTurn: true));
            Assert.Equal(turns, plain);
            // The first steps run in spawn order: every tasklet's first line comes before any second line of a queued one.
            var firsts = plain!.Select(l => l.Split(' ')[0]).Where(n => n[0] != 'C').Distinct().Take(Many).ToList();
            Assert.Equal(Enumerable.Range(0, Many).Select(i => "RYEPSD"[i % 6] + i.ToString()), firsts);
            // Each sender's value went to the receiver before it, in order: R0 got 4, R6 got 10, …, R9990 got 9994.
            var got = plain!.Where(l => l.StartsWith('R') && l.Contains(" got ", StringComparison.Ordinal)).ToList();
            Assert.Equal(Enumerable.Range(0, Many / 6).Select(k => $"R{6 * k} got {6 * k + 4}"), got);
            Assert.Equal(1_667, plain!.Count(l => l.StartsWith('C') && l.EndsWith(" done", StringComparison.Ordinal)));
        }

        [Fact]
        public void MainWokenByAClose_BehindTensOfThousands_RaisesItsClosedReceive_AfterThem()
        {
            // A close wakes the receivers in order into the spawn queue, main among them when it waits behind 10,000 tasklets:
            // main's turn from the queue returns to main (its receive raises), it is no frame to run.
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var ch = new Channel<int>();
                var errors = new List<Exception>();
                Scheduler.ErrorHandler = (t, e) => errors.Add(e);
                for (int i = 0; i < Many; i++)
                    TaskletFrame.Spawn(new ScriptFrame($"T{i}", log, new ScriptFrame.ReceiveStep(ch)));
                Scheduler.Run();
                Assert.Equal(-Many, ch.Balance);
                TaskletFrame.Spawn(new ScriptFrame("closer", log, new ScriptFrame.ActionStep(_ => ch.Close())));
                log.Clear();
                Exception? mains = Record.Exception(() => ch.Receive());
                Assert.All(errors, e => Assert.IsType<ChannelClosedException>(e)); // the closer's own failure would show here
                Assert.IsType<ChannelClosedException>(mains);
                Assert.Equal(Many, errors.Count);
                // Every receiver ahead of main ran before main's turn; the closer before them all.
                var expected = new List<string> { "closer done" };
                for (int i = 0; i < Many; i++)
                    expected.Add($"T{i} ChannelClosedException");
                Assert.Equal(expected, log);
                Assert.True(Scheduler.Main.IsCurrent);
                Assert.Equal(1, Scheduler.RunCount);
            });
        }

        [Fact]
        public void MainWaitingWhenACloseWakesTensOfThousands_TheSlotTableDoesNotGrow()
        {
            // Main, blocked, keeps slot 0 but is not counted as runnable: the spawn queue started one wake too late, on a full
            // table, and its own slot grew the table from 4,096 to 8,192 slots (a 128 KB large object; the Debug build's
            // assertion in StartSpawnQueue said so). A close with main waiting behind 10,000 receivers allocates the queue's
            // segments (32 KB each, two at most here), main's exception and small things: less than 100 KB.
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                var woken = new List<int>(Many);
                for (int i = 0; i < Many; i++)
                {
                    int id = i;
                    TaskletFrame.Spawn(new LoopFrame(1, (f, _) => ch.BeginReceive(f), (f, _) => { Assert.False(ch.EndReceiveNext(f, out _)); woken.Add(id); }));
                }
                Scheduler.Run();
                TaskletFrame.Spawn(new LoopFrame(1, (f, _) => { ch.Close(); return false; }, (f, _) => { }));
                long before = GC.GetAllocatedBytesForCurrentThread();
                Exception? mains = Record.Exception(() => ch.Receive());
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.IsType<ChannelClosedException>(mains);
                Assert.Equal(Enumerable.Range(0, Many), woken);
                Assert.True(allocated < 100_000, $"the close and the run allocated {allocated:N0} B");
            });
        }

        [Fact]
        public void AWokenTasklet_BetweenTwoRunsOfSpawns_RunsBetweenThem()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var ch = new Channel<int>();
                TaskletFrame.Spawn(new ScriptFrame("X", log, new ScriptFrame.ReceiveStep(ch)));
                Scheduler.Run(); // X waits on ch
                log.Clear();
                for (int i = 0; i < Many / 2; i++)
                    SpawnYielder(i, log);
                Assert.True(ch.TrySend(7)); // X is appended after the first half
                for (int i = Many / 2; i < Many; i++)
                    SpawnYielder(i, log);
                Scheduler.Schedule(); // one round: each runs to its Schedule(), X to its end
                var expected = new List<string>();
                for (int i = 0; i < Many / 2; i++)
                    expected.Add($"T{i} schedule");
                expected.Add("X got 7");
                expected.Add("X done");
                for (int i = Many / 2; i < Many; i++)
                    expected.Add($"T{i} schedule");
                Assert.Equal(expected, log);
                Scheduler.Run();
            });
        }

        [Fact]
        public void QueuedSpawns_CanBeKilledRemovedInsertedAndRun_BeforeTheirTurn()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var tasklets = new Tasklet[Many];
                for (int i = 0; i < Many; i++)
                    tasklets[i] = SpawnYielder(i, log);
                Tasklet killed = tasklets[5_000], removed = tasklets[6_000], moved = tasklets[7_000], run = tasklets[8_000];
                Assert.True(killed.IsScheduled);
                Assert.Equal("tasklet #" + killed.Id + " (scheduled)", killed.ToString());

                killed.Kill();                                  // never started: it ends without running
                Assert.False(killed.IsAlive);
                removed.Remove();
                Assert.True(removed.IsPaused);
                Assert.False(removed.IsScheduled);
                moved.Remove();
                moved.Insert();                                 // now last in the run queue
                Assert.True(moved.IsScheduled);
                Assert.Equal(Many + 1 - 2, Scheduler.RunCount); // killed and removed are out
                run.Run();                                      // runs now, to its Schedule()
                Assert.Equal(new[] { "T8000 schedule" }, log);
                log.Clear();

                // One round: T8000 yielded back to main right after it, so it comes last, behind T7000 (inserted at the end).
                Scheduler.Schedule();
                var expected = Enumerable.Range(0, Many).Where(i => i != 5_000 && i != 6_000 && i != 7_000 && i != 8_000)
                    .Select(i => $"T{i} schedule").ToList();
                expected.AddRange(new[] { "T7000 schedule", "T8000 resumed", "T8000 done" });
                Assert.Equal(expected, log);
                Scheduler.Run();
                Assert.DoesNotContain(log, e => e.StartsWith("T5000 ") || e.StartsWith("T6000 "));
                Assert.True(removed.IsPaused);
                removed.Insert();
                Scheduler.Run();
                Assert.Contains("T6000 done", log);
                Assert.Equal(1, Scheduler.RunCount);
            });
        }

        [Fact]
        public void TensOfThousandsOfQueuedSpawns_ParkAndWakeInSpawnOrder_AcrossSegmentEdgesAndHoles()
        {
            // 40,000 spawns: the spawn queue spans ten 4,096-place segments (its directory grows from 4 to 16), and the
            // tasklets park on one channel, whose queue goes into segments too. Kills before the start and while parked
            // leave holes (single ones at and near segment edges, and runs longer than the 8 places either queue fetches
            // ahead), which both queues skip: every other tasklet parks and is woken in spawn order.
            Isolated.Run(() =>
            {
                const int count = 40_000;
                var log = new List<string>();
                var ch = new Channel<int>();
                var tasklets = new Tasklet[count];
                for (int i = 0; i < count; i++)
                    tasklets[i] = TaskletFrame.Spawn(new ScriptFrame($"T{i}", log, new ScriptFrame.ReceiveStep(ch)));
                var neverStarted = new HashSet<int>(Enumerable.Range(0, count).Where(i => i % 4_093 == 0 || i == count - 1)
                    .Concat(Enumerable.Range(20_000, 20)));
                foreach (int i in neverStarted)
                    tasklets[i].Kill();
                Assert.Equal(count - neverStarted.Count + 1, Scheduler.RunCount);
                Scheduler.Run();
                Assert.Equal(-(count - neverStarted.Count), ch.Balance);
                Assert.Equal(Enumerable.Range(0, count).Where(i => !neverStarted.Contains(i)).Select(i => $"T{i} recv"), log);

                var killedParked = new HashSet<int>(Enumerable.Range(0, count).Where(i => i % 4_099 == 1)
                    .Concat(Enumerable.Range(30_000, 20)).Where(i => !neverStarted.Contains(i)));
                foreach (int i in killedParked)
                    tasklets[i].Kill();
                int parked = count - neverStarted.Count - killedParked.Count;
                Assert.Equal(-parked, ch.Balance);
                log.Clear();

                for (int k = 0; k < parked; k++)
                    Assert.True(ch.TrySend(k));
                Scheduler.Run();
                var expected = new List<string>();
                int value = 0;
                for (int i = 0; i < count; i++)
                {
                    if (neverStarted.Contains(i) || killedParked.Contains(i))
                        continue;
                    expected.Add($"T{i} got {value++}");
                    expected.Add($"T{i} done");
                }
                Assert.Equal(expected, log);
                Assert.Equal(0, ch.Balance);
                Assert.Equal(1, Scheduler.RunCount);

                // A second round takes the segment the emptied queue kept (all null): nothing of the first round shows.
                log.Clear();
                for (int i = 0; i < 10_000; i++)
                    TaskletFrame.Spawn(new ScriptFrame($"U{i}", log, new ScriptFrame.ReceiveStep(ch)));
                Scheduler.Run();
                Assert.Equal(-10_000, ch.Balance);
                Assert.Equal(Enumerable.Range(0, 10_000).Select(i => $"U{i} recv"), log);
                for (int k = 0; k < 10_000; k++)
                    Assert.True(ch.TrySend(k));
                Scheduler.Run();
                Assert.Equal("U9999 done", log[^1]);
                Assert.Equal(1, Scheduler.RunCount);
            });
        }

        [Fact]
        public void AClose_WakesTensOfThousandsInOrder_AndAWarmRoundAllocatesNoSlotTable()
        {
            // Issue 15, session 11: a close woke every receiver into a slot of its own (20,000 slots: the table doubled into
            // the large object heap), and the spawn queue's own slot grew a full 4,096-slot table to 8,192 (128 KB) in every
            // round of 10,000 spawns. Now both wait in the spawn queue: the order is the queue's, and a second round of the
            // same size allocates the frames and the queues' segments, not a table.
            Isolated.Run(() =>
            {
                const int count = 20_000;
                var ch = new Channel<int>();
                var woken = new List<int>(count);
                LoopFrame Make(int id) =>
                    new LoopFrame(1, (f, _) => ch.BeginReceive(f), (f, _) => { Assert.False(ch.EndReceiveNext(f, out _)); woken.Add(id); });
                long Round()
                {
                    woken.Clear();
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    for (int i = 0; i < count; i++)
                        TaskletFrame.Spawn(Make(i));
                    Scheduler.Run();
                    Assert.Equal(-count, ch.Balance);
                    ch.Close(); // every receiver is woken at once
                    Scheduler.Run();
                    ch.Open();
                    long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    Assert.Equal(Enumerable.Range(0, count), woken);
                    Assert.Equal(1, Scheduler.RunCount);
                    return allocated;
                }
                Round();
                long before = GC.GetAllocatedBytesForCurrentThread();
                GC.KeepAlive(Make(-1));
                long perSpawn = GC.GetAllocatedBytesForCurrentThread() - before;
                long second = Round();
                long beyond = second - count * perSpawn;
                // Beyond the frames: the channel's and the spawn queue's segments (32 KB each; 394 KB when written). Before, with
                // the slot table regrown every round (to 8,192 slots for the spawns, to 32,768 for the close): 1.6 MB.
                Assert.True(beyond < 700_000, $"a warm round of {count:N0} allocated {beyond:N0} B beyond its frames ({perSpawn} B each)");
            });
        }

        [Fact]
        public void ManySleepersDueAtOnce_WakeInOrder()
        {
            // Due sleepers are woken into the spawn queue too (they hold no value): 20,000 due at the same instant wake in
            // the order they went to sleep.
            Isolated.Run(() =>
            {
                const int count = 20_000;
                var woken = new List<int>(count);
                Scheduler.VirtualTime = true;
                for (int i = 0; i < count; i++)
                {
                    int id = i;
                    TaskletFrame.Spawn(new LoopFrame(1, (f, _) => Scheduler.BeginSleep(f, TimeSpan.FromMilliseconds(5)), (f, _) => { Scheduler.EndSleep(f); woken.Add(id); }));
                }
                Scheduler.Run();
                Assert.Equal(Enumerable.Range(0, count), woken);
                Assert.Equal(1, Scheduler.RunCount);
            });
        }
    }
}
