using System;
using System.Collections.Generic;
using System.Threading;
using Stackless;
using Stackless.CompilerServices;
using Xunit;

namespace Stackless.Runtime.Tests
{
    /// <summary>Select.Timeout and the timed TryReceive/TrySend, under virtual time (each run is exact and repeatable).</summary>
    public class SelectTimeoutTests
    {
        private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

        // Virtual time continues from the clock's reading when it is turned on: times are measured from then.
        [ThreadStatic] private static TimeSpan t0;

        private static void VirtualTime()
        {
            Scheduler.VirtualTime = true;
            t0 = Scheduler.Now;
        }

        private static TimeSpan Elapsed => Scheduler.Now - t0;

        /// <summary>A tasklet that sleeps <paramref name="delay"/>, then does <paramref name="then"/> (one suspension point) once.</summary>
        private static Tasklet SleepThen(TimeSpan delay, Func<LoopFrame, bool> then, Action<LoopFrame> end) =>
            TaskletFrame.Spawn(new LoopFrame(2,
                (f, i) => i == 0 ? Scheduler.BeginSleep(f, delay) : then(f),
                (f, i) => { if (i == 0) Scheduler.EndSleep(f); else end(f); }));

        private static Tasklet WaitIn(Select select, List<string> log) =>
            TaskletFrame.Spawn(new LoopFrame(1, (f, i) => select.BeginWait(f), (f, i) => log.Add($"fired {select.EndWait(f)} at {Elapsed.TotalSeconds}")));

        [Fact]
        public void ATimeoutFires_WhenNoPartnerCame_AndTheTaskletLeavesEveryQueue()
        {
            Isolated.Run(() =>
            {
                VirtualTime();
                var log = new List<string>();
                var a = new Channel<int>();
                var b = new Channel<int>();
                var select = new Select();
                select.Receive(a);
                select.Send(b, 1);
                int it = select.Timeout(S(5));
                Tasklet t = WaitIn(select, log);
                Scheduler.Schedule();
                Assert.Equal((-1, 1), (a.Balance, b.Balance));
                Scheduler.Run();
                Assert.Equal(new[] { $"fired {it} at 5" }, log);
                Assert.Equal((0, 0), (a.Balance, b.Balance));
                Assert.False(b.TryReceive(out _)); // the send case's value is not delivered later
                Assert.False(select.Closed(it));
                Assert.Throws<InvalidOperationException>(() => select.Value(a));
            });
        }

        [Fact]
        public void APartnerBeforeTheTimeout_Wins_AndTheTimerIsCancelled()
        {
            Isolated.Run(() =>
            {
                VirtualTime();
                var log = new List<string>();
                var a = new Channel<int>();
                var select = new Select();
                select.Receive(a);
                select.Timeout(S(5));
                WaitIn(select, log);
                SleepThen(S(2), f => a.BeginSend(f, 7), f => a.EndSend(f));
                Scheduler.Run();
                Assert.Equal(new[] { "fired 0 at 2" }, log);
                Assert.Equal(7, select.Value(a));
                Assert.Equal(S(2), Elapsed); // no timer was left to run the clock on to 5 s
            });
        }

        [Fact]
        public void TheSoonestTimeoutFires_ZeroActsAsDefault_InfiniteNever()
        {
            Isolated.Run(() =>
            {
                VirtualTime();
                var log = new List<string>();
                var a = new Channel<int>();
                var select = new Select();
                select.Receive(a);
                select.Timeout(S(3));
                int soon = select.Timeout(S(1));
                select.Timeout(Timeout.InfiniteTimeSpan);
                WaitIn(select, log);
                Scheduler.Run();
                Assert.Equal(new[] { $"fired {soon} at 1" }, log);

                var zero = new Select();
                int ia = zero.Receive(a);
                int iz = zero.Timeout(TimeSpan.Zero);
                Assert.Equal(iz, zero.Wait()); // nothing ready: fires at once, no time passes
                Assert.Equal(S(1), Elapsed);
                SleepThen(TimeSpan.Zero, f => a.BeginSend(f, 1), f => a.EndSend(f));
                Scheduler.Schedule();
                Scheduler.Schedule();
                Assert.Equal(1, a.Balance);
                Assert.Equal(ia, zero.Wait()); // a ready case wins over a zero timeout

                var never = new Select();
                never.Timeout(Timeout.InfiniteTimeSpan);
                Assert.Throws<DeadlockException>(() => never.Wait()); // main, nothing runnable or pending
                Assert.Throws<ArgumentOutOfRangeException>(() => never.Timeout(S(-1)));
            });
        }

        [Fact]
        public void MainWaitsInASelectWithATimeout()
        {
            Isolated.Run(() =>
            {
                VirtualTime();
                var a = new Channel<int>();
                var select = new Select();
                select.Receive(a);
                int it = select.Timeout(S(30));
                Assert.Equal(it, select.Wait());
                Assert.Equal(S(30), Elapsed);
                Assert.Equal(0, a.Balance);
                Assert.Equal(it, select.Wait()); // each wait counts from its own start
                Assert.Equal(S(60), Elapsed);
            });
        }

        [Fact]
        public void KillingATimeoutOnlySelect_LeavesNoTimer()
        {
            Isolated.Run(() =>
            {
                VirtualTime();
                var log = new List<string>();
                var select = new Select();
                select.Timeout(S(10));
                Tasklet t = WaitIn(select, log);
                Scheduler.Schedule();
                Assert.True(t.IsBlocked);
                Assert.False(t.IsPaused);
                Assert.Throws<InvalidOperationException>(() => t.Insert());
                t.Kill();
                Assert.False(t.IsAlive);
                Scheduler.Run(); // nothing pending: returns at once
                Assert.Equal(TimeSpan.Zero, Elapsed);
                Assert.Empty(log);
            });
        }

        // ---- timed TryReceive / TrySend ----

        [Fact]
        public void TimedTryReceive_TimesOut_OrGetsTheValue()
        {
            Isolated.Run(() =>
            {
                VirtualTime();
                var ch = new Channel<int>();
                Assert.False(ch.TryReceive(out int v, S(3)));
                Assert.Equal(0, v);
                Assert.Equal(S(3), Elapsed);
                Assert.Equal(0, ch.Balance);

                SleepThen(S(1), f => ch.BeginSend(f, 42), f => ch.EndSend(f));
                Assert.True(ch.TryReceive(out v, S(3)));
                Assert.Equal(42, v);
                Assert.Equal(S(4), Elapsed);

                // From a tasklet: the same through the frame API.
                var log = new List<string>();
                TaskletFrame.Spawn(new LoopFrame(2, (f, i) => ch.BeginTryReceive(f, S(2)),
                    (f, i) => log.Add($"{ch.EndTryReceive(f, out int got)} {got} at {Elapsed.TotalSeconds}")));
                SleepThen(S(3), f => ch.BeginSend(f, 5), f => ch.EndSend(f));
                Scheduler.Run();
                // The first try times out at 6; the second begins at 6 and the sender comes at 7.
                Assert.Equal(new[] { "False 0 at 6", "True 5 at 7" }, log);
            });
        }

        [Fact]
        public void TimedTrySend_ThatTimedOut_IsNeverDeliveredLater()
        {
            Isolated.Run(() =>
            {
                VirtualTime();
                var ch = new Channel<string>();
                Assert.False(ch.TrySend("late", S(2)));
                Assert.Equal(0, ch.Balance);
                var log = new List<string>();
                TaskletFrame.Spawn(new LoopFrame(1, (f, i) => ch.BeginTryReceive(f, S(1)), (f, i) => log.Add($"{ch.EndTryReceive(f, out string? got)} {got ?? "null"}")));
                Scheduler.Run();
                Assert.Equal(new[] { "False null" }, log);

                TaskletFrame.Spawn(new LoopFrame(1, (f, i) => ch.BeginReceive(f), (f, i) => log.Add(ch.EndReceive(f))));
                Assert.True(ch.TrySend("on time", S(2)));
                Scheduler.Run();
                Assert.Equal("on time", log[^1]);
            });
        }

        [Fact]
        public void ATimeoutAndATransfer_NeverBothHappen_EvenAtTheSameInstant()
        {
            Isolated.Run(() =>
            {
                VirtualTime();
                for (int round = 0; round < 2; round++)
                {
                    var ch = new Channel<int>();
                    var log = new List<string>();
                    // round 0: the receiver starts its 5 s timeout first; round 1: the sender starts its 5 s sleep first.
                    void Receiver() => TaskletFrame.Spawn(new LoopFrame(1, (f, i) => ch.BeginTryReceive(f, S(5)), (f, i) => log.Add($"received {ch.EndTryReceive(f, out int v)} {v}")));
                    void Sender() => SleepThen(S(5), f => ch.BeginTrySend(f, 9, TimeSpan.Zero), f => log.Add($"sent {ch.EndTrySend(f)}"));
                    if (round == 0) { Receiver(); Sender(); } else { Sender(); Receiver(); }
                    Scheduler.Run();
                    Assert.Equal(0, ch.Balance);
                    Assert.Equal(2, log.Count);
                    bool received = log.Contains("received True 9");
                    bool sent = log.Contains("sent True");
                    Assert.Equal(received, sent); // both or neither: never a value sent and lost, or received twice
                    // Timers due together all fire before anything runs: the receive has timed out when the sender wakes.
                    Assert.False(received);
                }
            });
        }

        [Fact]
        public void TimedOperations_BadInput_ZeroAndInfinite()
        {
            Isolated.Run(() =>
            {
                VirtualTime();
                var ch = new Channel<int>();
                Assert.Throws<ArgumentOutOfRangeException>(() => ch.TryReceive(out _, S(-1)));
                Assert.Throws<ArgumentOutOfRangeException>(() => ch.TrySend(1, TimeSpan.FromTicks(-1)));
                Assert.False(ch.TryReceive(out _, TimeSpan.Zero));
                Assert.False(ch.TrySend(1, TimeSpan.Zero));
                Assert.Equal(TimeSpan.Zero, Elapsed);
                Assert.Throws<DeadlockException>(() => ch.TryReceive(out _, Timeout.InfiniteTimeSpan));
                SleepThen(S(100), f => { ch.Close(); return false; }, f => { });
                Assert.False(ch.TryReceive(out _, Timeout.InfiniteTimeSpan)); // closed and drained: false, no exception
                Assert.Equal(S(100), Elapsed);
                Assert.False(ch.TrySend(1, S(1))); // closing, no receiver
            });
        }

        [Fact]
        public void KillDuringATimedReceive_LeavesTheQueueAndTheTimer()
        {
            Isolated.Run(() =>
            {
                VirtualTime();
                var ch = new Channel<int>();
                var log = new List<string>();
                Tasklet t = TaskletFrame.Spawn(new LoopFrame(1, (f, i) => ch.BeginTryReceive(f, S(10)), (f, i) => { ch.EndTryReceive(f, out _); log.Add("resumed"); }));
                Scheduler.Schedule();
                Assert.Equal(-1, ch.Balance);
                t.Kill();
                Assert.Equal(0, ch.Balance);
                Scheduler.Run();
                Assert.Equal(TimeSpan.Zero, Elapsed);
                Assert.Empty(log);
            });
        }

        [Fact]
        public void TimedReceivesInALoop_AllocateNothingAfterWarmUp()
        {
            Isolated.Run(() =>
            {
                VirtualTime();
                var ch = new Channel<int>();
                var select = new Select();
                select.Receive(ch);
                select.Timeout(S(1));
                for (int i = 0; i < 10; i++) { ch.TryReceive(out _, S(1)); select.Wait(); }
                long before = GC.GetAllocatedBytesForCurrentThread();
                int timedOut = 0;
                for (int i = 0; i < 1000; i++)
                {
                    if (!ch.TryReceive(out _, S(1))) timedOut++;
                    if (select.Wait() == 1) timedOut++;
                }
                long after = GC.GetAllocatedBytesForCurrentThread();
                Assert.Equal(0, after - before);
                Assert.Equal(2000, timedOut);
            });
        }


        [Fact]
        public void Stress_TimedSendersAndSelectsWithTimeouts_LoseAndDuplicateNothing()
        {
            Isolated.Run(() =>
            {
                VirtualTime();
                Scheduler.Seed = 11;
                const int PerSender = 300, Senders = 3, Total = PerSender * Senders;
                var chans = new[] { new Channel<int>(), new Channel<int> { Preference = 1 } };
                var received = new List<int>();
                int retries = 0, timeouts = 0;
                for (int s = 0; s < Senders; s++)
                {
                    int me = s, sent = 0, attempts = 0;
                    bool pause = false;
                    Channel<int> ch = chans[0];
                    // Every fifth round the sender pauses (all three at once, now and then), so receivers time out too.
                    TaskletFrame.Spawn(new WhileFrame(() => sent < PerSender,
                        f => (pause = ++attempts % 5 == 0) ? Scheduler.BeginSleep(f, S(3)) : (ch = chans[(me + sent) % 2]).BeginTrySend(f, me * PerSender + sent, S(1 + me)),
                        f =>
                        {
                            if (pause) Scheduler.EndSleep(f);
                            else if (ch.EndTrySend(f)) sent++;
                            else retries++;
                        }));
                }
                for (int r = 0; r < 3; r++)
                {
                    int rounds = 0;
                    bool slept = false;
                    var select = new Select();
                    select.Receive(chans[0]);
                    select.Receive(chans[1]);
                    int timeout = select.Timeout(S(0.5));
                    TaskletFrame.Spawn(new WhileFrame(() => received.Count < Total,
                        f => (slept = ++rounds % 4 == 0) ? Scheduler.BeginSleep(f, S(2)) : select.BeginWait(f),
                        f =>
                        {
                            if (slept) { Scheduler.EndSleep(f); return; }
                            int fired = select.EndWait(f);
                            if (fired == timeout) timeouts++;
                            else received.Add(select.Value(chans[fired]));
                        }));
                }
                Scheduler.Run();
                Assert.Equal(System.Linq.Enumerable.Range(0, Total), System.Linq.Enumerable.OrderBy(received, v => v));
                Assert.Equal((0, 0), (chans[0].Balance, chans[1].Balance));
                Assert.True(retries > 0 && timeouts > 0, $"retries {retries}, timeouts {timeouts}: the test must exercise both");
            });
        }
    }
}
