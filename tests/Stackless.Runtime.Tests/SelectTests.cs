using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Stackless;
using Stackless.CompilerServices;
using Xunit;
using static Stackless.Runtime.Tests.ScriptFrame;

namespace Stackless.Runtime.Tests
{
    public class SelectTests
    {
        private static Tasklet Spawn(string name, List<string> log, params Step[] steps) =>
            TaskletFrame.Spawn(new ScriptFrame(name, log, steps));

        // ---- a ready case fires at once ----

        [Fact]
        public void AReadyReceiveCase_TakesTheWaitingSendersValue_WithoutSuspending()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var a = new Channel<int>();
                var b = new Channel<int>();
                Spawn("S", log, new SendStep(b, 5));
                Scheduler.Schedule(); // S blocks on b
                Assert.Equal(1, b.Balance);

                var select = new Select();
                int ia = select.Receive(a);
                int ib = select.Receive(b);
                Assert.Equal((0, 1), (ia, ib));
                Assert.Equal(ib, select.Wait());
                Assert.Equal(5, select.Value(b));
                Assert.Equal(5, select.Value(b)); // reading it again gives it again
                Assert.False(select.Closed(ib));
                Assert.Equal(0, b.Balance);
                Assert.Equal(0, a.Balance);
                // Preference −1 and the woken one is the sender: the caller (main) continued, S is appended.
                Assert.DoesNotContain("S sent 5", log);
                Scheduler.Run();
                Assert.Equal(new[] { "S send 5", "S sent 5", "S done" }, log);
            });
        }

        [Fact]
        public void AReadySendCase_DeliversToTheWaitingReceiver_WhichRunsFirst()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var a = new Channel<int>();
                var b = new Channel<int>();
                Spawn("R", log, new ReceiveStep(b));
                Scheduler.Schedule();
                Assert.Equal(-1, b.Balance);

                var select = new Select();
                select.Send(a, 1);
                int ib = select.Send(b, 2);
                Assert.Equal(ib, select.Wait());
                // Preference −1: the woken receiver ran before Wait returned.
                Assert.Equal(new[] { "R recv", "R got 2", "R done" }, log);
                Assert.Equal(0, a.Balance);
                Assert.Throws<InvalidOperationException>(() => select.Value(b)); // a send case has no value
            });
        }

        // ---- waiting in several channels at once ----

        [Fact]
        public void AWaitingSelect_CountsInEveryBalance_TheFirstPartnerWins_AndItLeavesTheOtherQueues()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var a = new Channel<int>();
                var b = new Channel<int>();
                var c = new Channel<int>();
                var select = new Select();
                select.Receive(a);
                select.Receive(b);
                select.Send(c, 9);
                Tasklet t = Spawn("T", log, new SelectStep(select, (f, i) => f.Write($"value {select.Value(b)}")));
                Scheduler.Schedule();

                Assert.Equal((-1, -1, 1), (a.Balance, b.Balance, c.Balance));
                Assert.True(t.IsBlocked);
                Assert.True(t.IsScheduled);
                Assert.False(t.IsPaused);
                Assert.Same(t, a.Queue);
                Assert.Same(t, b.Queue);
                Assert.Same(t, c.Queue);
                Assert.Equal(1, Scheduler.RunCount);

                b.Send(7); // preference −1: the selecting receiver runs at once
                Assert.Equal(new[] { "T select", "T fired 1", "T value 7", "T done" }, log);
                Assert.Equal((0, 0, 0), (a.Balance, b.Balance, c.Balance));
                Assert.Null(a.Queue);
                Assert.Null(c.Queue);
                Assert.False(c.TryReceive(out _)); // the send case's value was not left behind
                Assert.False(a.TrySend(1));
            });
        }

        [Fact]
        public void AWaitingSendCase_IsTakenByAPlainReceive()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var a = new Channel<string>();
                var c = new Channel<string>();
                var select = new Select();
                select.Receive(a);
                select.Send(c, "hello");
                Spawn("T", log, new SelectStep(select));
                Scheduler.Schedule();
                Assert.Equal("hello", c.Receive());
                Assert.Equal(0, a.Balance);
                Assert.DoesNotContain("T fired 1", log); // the woken sender is appended; main continued
                Scheduler.Run();
                Assert.Contains("T fired 1", log);
            });
        }

        [Fact]
        public void TwoSelects_MeetOnAChannel()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var a = new Channel<long>();
                var c = new Channel<long>();
                var waiting = new Select();
                waiting.Receive(a);
                waiting.Send(c, long.MaxValue - 1);
                Spawn("T", log, new SelectStep(waiting));
                Scheduler.Schedule();

                var active = new Select();
                active.Receive(a);
                int ic = active.Receive(c);
                Assert.Equal(ic, active.Wait());
                Assert.Equal(long.MaxValue - 1, active.Value(c));
                Assert.Equal((0, 0), (a.Balance, c.Balance));
                Scheduler.Run();
                Assert.Contains("T fired 1", log);
            });
        }

        [Fact]
        public void TheFiredChannelsPreference_DecidesWhoRuns()
        {
            Isolated.Run(() =>
            {
                foreach (int preference in new[] { -1, 0, 1 })
                {
                    var log = new List<string>();
                    var a = new Channel<int> { Preference = -1 };
                    var b = new Channel<int> { Preference = preference };
                    var select = new Select();
                    select.Receive(a);
                    select.Receive(b);
                    Spawn("T", log, new SelectStep(select));
                    Scheduler.Schedule();
                    b.Send(1);
                    // −1: the woken receiver (T) ran before Send returned; 0 and 1: main continued.
                    Assert.Equal(preference < 0, log.Contains("T fired 1"));
                    Scheduler.Run();
                    Assert.Contains("T fired 1", log);
                }
            });
        }

        [Fact]
        public void ScheduleAll_OnTheFiredChannel_AppendsTheWokenSelectAndYields()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var b = new Channel<int> { ScheduleAll = true };
                var select = new Select();
                select.Receive(b);
                Spawn("T", log, new SelectStep(select));
                Spawn("X", log, new ActionStep(f => f.Write("runs")));
                Scheduler.Schedule(); // T waits, X runs and ends
                Assert.Equal(new[] { "T select", "X runs", "X done" }, log);
                Spawn("Y", log, new ActionStep(f => f.Write("runs")));
                b.Send(1); // Y, main, T in the queue: T is appended, main yields to Y
                Assert.Equal(new[] { "T select", "X runs", "X done", "Y runs", "Y done", "T fired 0", "T done" }, log);
            });
        }

        // ---- Kill and Throw while waiting ----

        [Fact]
        public void KillWhileWaitingInThreeQueues_LeavesNone()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var a = new Channel<int>();
                var b = new Channel<int>();
                var c = new Channel<int>();
                var select = new Select();
                select.Receive(a);
                select.Receive(b);
                select.Send(c, 3);
                Tasklet t = Spawn("T", log, new SelectStep(select));
                Scheduler.Schedule();
                Assert.Equal((-1, -1, 1), (a.Balance, b.Balance, c.Balance));

                t.Kill();
                Assert.False(t.IsAlive);
                Assert.Equal(new[] { "T select", "T TaskletExit" }, log);
                Assert.Equal((0, 0, 0), (a.Balance, b.Balance, c.Balance));
                Assert.Null(a.Queue);
                Assert.Null(b.Queue);
                Assert.Null(c.Queue);
                Assert.False(c.TryReceive(out _)); // its send value is never delivered
                Assert.False(a.TrySend(1));
                select.Clear(); // nobody waits in it any more
                select.Receive(a);
                select.Default();
                Assert.Equal(1, select.Wait());
            });
        }

        [Fact]
        public void ThrowWhileWaiting_LeavesEveryQueue_AndRaisesAtTheWait()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var errors = new List<Exception>();
                Scheduler.ErrorHandler = (t, e) => errors.Add(e);
                var a = new Channel<int>();
                var b = new Channel<int>();
                var select = new Select();
                select.Receive(a);
                select.Receive(b);
                Tasklet t = Spawn("T", log, new SelectStep(select));
                Scheduler.Schedule();
                t.Throw(new FormatException("boom"), pending: true);
                Assert.Equal((0, 0), (a.Balance, b.Balance));
                Assert.False(t.IsBlocked);
                Assert.True(t.IsScheduled);
                Scheduler.Run();
                Assert.Equal(new[] { "T select", "T FormatException" }, log);
                Assert.Equal("boom", Assert.Single(errors).Message);
            });
        }

        [Fact]
        public void ASentException_IsRaisedByTheWait()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var errors = new List<Exception>();
                Scheduler.ErrorHandler = (t, e) => errors.Add(e);
                var a = new Channel<int>();
                var b = new Channel<int>();
                var select = new Select();
                select.Receive(a);
                select.Receive(b);
                Spawn("T", log, new SelectStep(select));
                Scheduler.Schedule();
                a.SendException(new FormatException("sent"));
                Scheduler.Run();
                Assert.Equal(new[] { "T select", "T FormatException" }, log);
                Assert.Equal("sent", Assert.Single(errors).Message);
                Assert.Equal(0, b.Balance);

                // Ready at Wait time: the same.
                Spawn("S", log, new ActionStep(f => { }));
                var s = new Channel<int>();
                TaskletFrame.Spawn(new LoopFrame(1, (f, i) => s.BeginSendException(f, new FormatException("ready")), (f, i) => s.EndSend(f)));
                Scheduler.Schedule();
                var select2 = new Select();
                select2.Receive(s);
                Assert.Equal("ready", Assert.Throws<FormatException>(() => select2.Wait()).Message);
                Assert.Throws<InvalidOperationException>(() => select2.Value(s));
            });
        }

        // ---- closed channels ----

        [Fact]
        public void AReceiveCaseOnAChannelClosedWhileWaiting_FiresClosed_WithTheDefaultValue()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var a = new Channel<int>();
                var b = new Channel<int>();
                var select = new Select();
                select.Receive(a);
                int ib = select.Receive(b);
                Spawn("T", log, new SelectStep(select));
                Scheduler.Schedule();
                b.Close(); // never switches: T is appended
                Assert.Equal(0, a.Balance);
                Assert.True(b.IsClosed);
                Scheduler.Run();
                Assert.Contains($"T fired {ib}", log);
                Assert.True(select.Closed(ib));
                Assert.False(select.Closed(0));
                Assert.Equal(0, select.Value(b));
            });
        }

        [Fact]
        public void AReceiveCaseOnAClosedChannel_IsReady()
        {
            Isolated.Run(() =>
            {
                var a = new Channel<string>();
                var b = new Channel<string>();
                b.Close();
                var select = new Select();
                select.Receive(a);
                int ib = select.Receive(b);
                Assert.Equal(ib, select.Wait());
                Assert.True(select.Closed(ib));
                Assert.Null(select.Value(b));
                Assert.Equal(0, a.Balance);
            });
        }

        [Fact]
        public void ASendCaseChosenOnAClosingChannel_Throws()
        {
            Isolated.Run(() =>
            {
                var a = new Channel<int>();
                a.Close();
                var select = new Select();
                select.Send(a, 1);
                Assert.Throws<ChannelClosedException>(() => select.Wait());
                Assert.Throws<InvalidOperationException>(() => select.Value(a));
                Assert.Equal(0, a.Balance);
            });
        }

        // ---- Default, Prioritized, random choice ----

        [Fact]
        public void Default_FiresWhenNothingIsReady_AndOnlyThen()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var a = new Channel<int>();
                var select = new Select();
                int ia = select.Receive(a);
                int id = select.Default();
                Assert.Equal(id, select.Wait());
                Assert.Equal(0, a.Balance);
                Assert.False(select.Closed(id));
                Assert.Throws<InvalidOperationException>(() => select.Value(a));
                Assert.Throws<InvalidOperationException>(() => select.Default());

                Spawn("S", log, new SendStep(a, 4));
                Scheduler.Schedule();
                Assert.Equal(ia, select.Wait());
                Assert.Equal(4, select.Value(a));

                // From inside a tasklet, Wait with a default never suspends.
                bool suspended = true;
                TaskletFrame.Spawn(new LoopFrame(1, (f, i) => suspended = select.BeginWait(f), (f, i) => log.Add($"default {select.EndWait(f)}")));
                Scheduler.Run();
                Assert.False(suspended);
                Assert.Contains($"default {id}", log);
            });
        }

        // Two senders keep both channels ready; returns which case fired each time.
        private static List<int> ChooseMany(int channels, int rounds, bool prioritized)
        {
            var chans = Enumerable.Range(0, channels).Select(_ => new Channel<int>()).ToArray();
            foreach (var ch in chans)
                TaskletFrame.Spawn(new LoopFrame(rounds, (f, i) => ch.BeginSend(f, i), (f, i) => ch.EndSend(f)));
            Scheduler.Schedule(); // every sender blocks
            var select = new Select { Prioritized = prioritized };
            foreach (var ch in chans)
                select.Receive(ch);
            var fired = new List<int>();
            for (int r = 0; r < rounds; r++)
            {
                Assert.All(chans, ch => Assert.Equal(1, ch.Balance)); // all ready
                int f = select.Wait();
                fired.Add(f);
                Scheduler.Schedule(); // the woken sender offers its next value
            }
            foreach (var t in chans)
                while (t.TryReceive(out _)) Scheduler.Schedule();
            Scheduler.Run();
            return fired;
        }

        [Fact]
        public void SeveralReady_ChoosesUniformlyAtRandom_AndASeedReplaysTheChoices()
        {
            Isolated.Run(() =>
            {
                Assert.Equal(0, Scheduler.Seed);
                Scheduler.Seed = 42;
                Assert.Equal(42, Scheduler.Seed);
                List<int> first = ChooseMany(3, 3000, prioritized: false);
                int[] counts = new int[3];
                foreach (int f in first) counts[f]++;
                // 1000 expected each; σ ≈ 26. A bias toward any case (say the first ready) would show at once.
                Assert.All(counts, n => Assert.InRange(n, 850, 1150));
                // Not a fixed pattern either: the choice changes often.
                Assert.InRange(first.Zip(first.Skip(1)).Count(p => p.First != p.Second), 1700, 2300);

                Scheduler.Seed = 42;
                Assert.Equal(first, ChooseMany(3, 3000, prioritized: false));
                Scheduler.Seed = 43;
                Assert.NotEqual(first, ChooseMany(3, 3000, prioritized: false));
            });
        }

        [Fact]
        public void Prioritized_TheFirstReadyCaseWins_AndClearKeepsIt()
        {
            Isolated.Run(() =>
            {
                Assert.All(ChooseMany(3, 100, prioritized: true), f => Assert.Equal(0, f));
                var select = new Select { Prioritized = true };
                select.Clear();
                Assert.True(select.Prioritized);
            });
        }

        // ---- main waits in a select ----

        [Fact]
        public void Main_WaitsInASelect_UntilATaskletSends()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var a = new Channel<int>();
                var b = new Channel<int>();
                Spawn("S", log, new ScheduleStep(), new SendStep(b, 3));
                var select = new Select();
                select.Receive(a);
                select.Receive(b);
                Assert.Equal(1, select.Wait());
                Assert.Equal(3, select.Value(b));
                Assert.Equal(0, a.Balance);
            });
        }

        [Fact]
        public void Main_WaitingWithNothingRunnable_IsADeadlock_AndLeavesTheChannelsAsTheyWere()
        {
            Isolated.Run(() =>
            {
                var a = new Channel<int>();
                var b = new Channel<int>();
                var select = new Select();
                select.Receive(a);
                select.Send(b, 1);
                Assert.Throws<DeadlockException>(() => select.Wait());
                Assert.Equal((0, 0), (a.Balance, b.Balance));

                // Main waiting while the last other tasklet ends: woken with a deadlock, out of every queue.
                var log = new List<string>();
                Spawn("X", log, new ActionStep(f => f.Write("runs")));
                Assert.Throws<DeadlockException>(() => select.Wait());
                Assert.Equal((0, 0), (a.Balance, b.Balance));
                Assert.Equal(new[] { "X runs", "X done" }, log);
                select.Default();
                Assert.Equal(2, select.Wait()); // the select is free again
            });
        }

        [Fact]
        public void MainWaitingInASelect_GetsAFailedTaskletsError_AndLeavesTheQueues()
        {
            Isolated.Run(() =>
            {
                var a = new Channel<int>();
                var select = new Select();
                select.Receive(a);
                TaskletFrame.Spawn(new LoopFrame(1, (f, i) => throw new FormatException("tasklet failed"), (f, i) => { }));
                Assert.Equal("tasklet failed", Assert.Throws<FormatException>(() => select.Wait()).Message);
                Assert.Equal(0, a.Balance);
            });
        }

        [Fact]
        public void Main_WaitingInASelect_TakesAnAsyncSendOfAnotherThread_ThatWasWaitingInTheInbox()
        {
            Isolated.Run(() =>
            {
                var a = new Channel<int>();
                var b = new Channel<int>();
                Assert.False(b.TrySend(0)); // binds b to this thread
                System.Threading.Tasks.Task? sent = null;
                var other = new Thread(() => sent = b.SendAsync(7).AsTask()); // posted to this scheduler's inbox at once
                other.Start();
                other.Join();
                var select = new Select();
                select.Receive(a);
                int ib = select.Receive(b);
                // Nothing runnable or pending: before calling it a deadlock, main takes in what other threads posted.
                Assert.Equal(ib, select.Wait());
                Assert.Equal(7, select.Value(b));
                Scheduler.Run();
                Assert.True(sent!.Wait(TimeSpan.FromSeconds(30))); // the sender learns of the delivery
            });
        }

        // ---- bad input ----

        [Fact]
        public void BadInput_IsRefused()
        {
            Isolated.Run(() =>
            {
                var a = new Channel<int>();
                var b = new Channel<int>();
                var empty = new Select();
                Assert.Throws<InvalidOperationException>(() => empty.Wait());
                Assert.Throws<ArgumentNullException>(() => empty.Receive<int>(null!));
                Assert.Throws<ArgumentNullException>(() => empty.Send<int>(null!, 1));

                var both = new Select();
                both.Receive(a);
                both.Receive(a); // the same channel twice the same way is fine
                Assert.Throws<ArgumentException>(() => both.Send(a, 1)); // but not both ways (one queue, one direction)
                both.Send(b, 1);
                Assert.Throws<ArgumentException>(() => both.Receive(b));
                Assert.Equal(3, both.Count);

                var select = new Select();
                Assert.Throws<InvalidOperationException>(() => select.Value(a)); // nothing fired yet
                select.Receive(a);
                Assert.Throws<ArgumentOutOfRangeException>(() => select.Closed(1));
                Assert.Throws<ArgumentOutOfRangeException>(() => select.Closed(-1));
                select.Default();
                select.Wait();
                Assert.Throws<InvalidOperationException>(() => select.Value(a)); // the default fired
                Assert.Throws<InvalidOperationException>(() => select.Value(b)); // not a case at all

                // While a tasklet waits in it: no other wait, no new case, no clear.
                var log = new List<string>();
                var busy = new Select();
                busy.Receive(a);
                Spawn("T", log, new SelectStep(busy));
                Scheduler.Schedule();
                Assert.Throws<InvalidOperationException>(() => busy.Wait());
                Assert.Throws<InvalidOperationException>(() => busy.Receive(b));
                Assert.Throws<InvalidOperationException>(() => busy.Clear());
                Assert.Equal(-1, a.Balance);
                a.Send(1);
                Assert.Contains("T fired 0", log);

                // Another thread.
                Exception? fromOther = null, channelOfOther = null;
                var other = new Channel<int>();
                var t = new Thread(() =>
                {
                    try { select.Clear(); } catch (Exception ex) { fromOther = ex; }
                    other.TrySend(1); // binds `other` to that thread
                });
                t.Start();
                t.Join();
                Assert.IsType<InvalidOperationException>(fromOther);
                try { new Select().Receive(other); } catch (Exception ex) { channelOfOther = ex; }
                Assert.IsType<InvalidOperationException>(channelOfOther);
            });
        }

        [Fact]
        public void Wait_FromOrdinaryCodeInsideATasklet_IsRefused()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var select = new Select();
                select.Default();
                Exception? caught = null;
                Spawn("T", log, new ActionStep(f => { try { select.Wait(); } catch (Exception ex) { caught = ex; } }));
                Scheduler.Run();
                Assert.IsType<InvalidOperationException>(caught);
            });
        }

        // ---- reuse, growth, stress ----

        [Fact]
        public void AReusedSelect_AllocatesNothingAfterWarmUp()
        {
            Isolated.Run(() =>
            {
                var ping = new Channel<int>();
                var pong = new Channel<int>();
                var other = new Channel<int>();
                TaskletFrame.Spawn(new EchoFrame(ping, pong, 2000));
                var select = new Select();
                int sum = 0, wrong = 0;
                void Round(int i)
                {
                    ping.Send(i); // the echo runs at once and waits to send i + 1
                    select.Clear();
                    select.Receive(other);
                    int ip = select.Receive(pong);
                    if (select.Wait() != ip) wrong++; // (an Assert here would allocate)
                    sum += select.Value(pong);
                }
                for (int i = 0; i < 10; i++) Round(i);
                sum = 0;
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 1000; i++) Round(i);
                long after = GC.GetAllocatedBytesForCurrentThread();
                Assert.Equal(0, after - before);
                Assert.Equal(1000 * 1001 / 2, sum);
                Assert.Equal(0, wrong);
            });
        }

        [Fact]
        public void ManySelectWaiters_WithTheSameChannelTwice_SurviveTheQueueGrowingAndKills()
        {
            Isolated.Run(() =>
            {
                var a = new Channel<int>();
                var b = new Channel<int>();
                var got = new Dictionary<int, int>(); // waiter number → value
                var tasklets = new List<Tasklet>();
                void SpawnWaiters(int from, int n)
                {
                    for (int k = from; k < from + n; k++)
                    {
                        int me = k;
                        var select = new Select();
                        select.Receive(a);
                        select.Receive(b);
                        select.Receive(a); // the same channel twice: two places in its queue
                        tasklets.Add(TaskletFrame.Spawn(new LoopFrame(1, (f, i) => select.BeginWait(f),
                            (f, i) => { int c = select.EndWait(f); got.Add(me, c == 1 ? -select.Value(b) : select.Value(a)); })));
                    }
                    Scheduler.Schedule();
                }
                SpawnWaiters(0, 10);
                Assert.Equal((-20, -10), (a.Balance, b.Balance));
                foreach (int k in new[] { 0, 3, 4, 9 })
                    tasklets[k].Kill();
                Assert.Equal((-12, -6), (a.Balance, b.Balance));
                SpawnWaiters(10, 10); // the ring grows past its holes, renumbering the select waiters
                Assert.Equal((-32, -16), (a.Balance, b.Balance));

                for (int v = 1; v <= 10; v++)
                    Assert.True(a.TrySend(v));
                for (int v = 1; v <= 6; v++)
                    Assert.True(b.TrySend(v));
                Assert.False(a.TrySend(0));
                Assert.Equal((0, 0), (a.Balance, b.Balance));
                Scheduler.Run();
                Assert.Equal(16, got.Count);
                Assert.Equal(Enumerable.Range(1, 10).Concat(Enumerable.Range(1, 6).Select(v => -v)).OrderBy(v => v), got.Values.OrderBy(v => v));
                // FIFO per channel: the survivors of the first batch were queued first.
                Assert.Equal(new[] { 1, 2, 5, 6, 7, 8 }, got.Where(p => p.Value > 0 && p.Value <= 6).Select(p => p.Key).OrderBy(k => k));
            });
        }

        [Fact]
        public void Stress_SelectingSendersAndReceivers_LoseAndDuplicateNothing()
        {
            Isolated.Run(() =>
            {
                Scheduler.Seed = 7;
                const int PerTasklet = 2000;
                var c1 = new Channel<int>();
                var c2 = new Channel<int> { Preference = 1 };
                var c3 = new Channel<int> { Preference = 0 };
                var received = new List<int>();
                // Four selecting senders (unique values), one plain sender; four selecting receivers, one plain receiver.
                for (int s = 0; s < 4; s++)
                {
                    int me = s;
                    var select = new Select { Prioritized = s == 3 };
                    TaskletFrame.Spawn(new LoopFrame(PerTasklet, (f, i) =>
                    {
                        int v = me * PerTasklet + i;
                        select.Clear();
                        select.Send(c1, v);
                        select.Send(c2, v);
                        select.Send(c3, v);
                        return select.BeginWait(f);
                    }, (f, i) => select.EndWait(f)));
                }
                TaskletFrame.Spawn(new LoopFrame(PerTasklet, (f, i) => c2.BeginSend(f, 4 * PerTasklet + i), (f, i) => c2.EndSend(f)));
                for (int r = 0; r < 4; r++)
                {
                    var select = new Select();
                    var chans = new[] { c1, c2, c3 };
                    foreach (var ch in chans) select.Receive(ch);
                    TaskletFrame.Spawn(new LoopFrame(PerTasklet, (f, i) => select.BeginWait(f),
                        (f, i) => received.Add(select.Value(chans[select.EndWait(f)]))));
                }
                TaskletFrame.Spawn(new LoopFrame(PerTasklet, (f, i) => c3.BeginReceive(f), (f, i) => received.Add(c3.EndReceive(f))));
                Scheduler.Run();
                Assert.Equal(Enumerable.Range(0, 5 * PerTasklet), received.OrderBy(v => v));
                Assert.Equal((0, 0, 0), (c1.Balance, c2.Balance, c3.Balance));
            });
        }
    }
}
