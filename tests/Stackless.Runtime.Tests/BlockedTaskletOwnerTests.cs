using System;
using System.Collections.Generic;
using System.Threading;
using Stackless;
using Stackless.CompilerServices;
using Xunit;
using static Stackless.Runtime.Tests.ScriptFrame;

namespace Stackless.Runtime.Tests
{
    /// <summary>
    /// A tasklet blocked on a channel keeps its thread: while it waits, the tasklet names its channel instead of its
    /// scheduler (one field for both), and the scheduler is found through the channel. Its thread is still checked,
    /// and once woken it is its scheduler's again.
    /// </summary>
    public class BlockedTaskletOwnerTests
    {
        private static Exception? FromAnotherThread(Action action)
        {
            Exception? caught = null;
            var other = new Thread(() =>
            {
                try { action(); }
                catch (Exception ex) { caught = ex; }
            });
            other.Start();
            other.Join();
            return caught;
        }

        [Fact]
        public void BlockedOnReceive_KillFromAnotherThreadIsRefused_AndTheWakeStillDelivers()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var ch = new Channel<int>();
                Tasklet receiver = TaskletFrame.Spawn(new ScriptFrame("R", log, new ReceiveStep(ch), new ScheduleStep()));
                Scheduler.Run();
                Assert.True(receiver.IsBlocked);
                Assert.Same(receiver, ch.Queue);

                Exception? there = FromAnotherThread(() => receiver.Kill());
                Assert.IsType<InvalidOperationException>(there);
                Assert.Contains("belongs to another thread's scheduler", there!.Message);
                Assert.True(receiver.IsBlocked);
                Assert.Equal(-1, ch.Balance);

                ch.Send(7); // preference -1: the receiver runs at once, up to its Schedule(), and main goes on behind it
                Assert.False(receiver.IsBlocked);
                Assert.True(receiver.IsScheduled);
                Assert.Null(ch.Queue);
                Assert.Equal(new[] { "R recv", "R got 7", "R schedule" }, log);

                there = FromAnotherThread(() => receiver.Kill());
                Assert.IsType<InvalidOperationException>(there); // runnable again: its own scheduler answers
                Scheduler.Run();
                Assert.Equal("R done", log[^1]);
                Assert.False(receiver.IsAlive);
            });
        }

        [Fact]
        public void BlockedInSelect_WokenByTheCaseItIsNotNamedBy_IsNoLongerBlocked()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var a = new Channel<int>();
                var b = new Channel<int>();
                var select = new Select();
                select.Receive(a);
                select.Receive(b);
                Tasklet waiter = TaskletFrame.Spawn(new ScriptFrame("S", log, new SelectStep(select), new ReceiveStep(a)));
                Scheduler.Run();
                Assert.True(waiter.IsBlocked);
                Assert.Same(waiter, a.Queue);
                Assert.Same(waiter, b.Queue);

                Exception? there = FromAnotherThread(() => waiter.Kill());
                Assert.IsType<InvalidOperationException>(there);

                b.Send(3); // the second case fires: the select leaves both queues
                Assert.Equal(new[] { "S select", "S fired 1", "S recv" }, log);
                Assert.True(waiter.IsBlocked); // blocked again, now on a alone
                Assert.Same(waiter, a.Queue);
                Assert.Null(b.Queue);

                waiter.Kill(); // on its own thread: it leaves a's queue and dies
                Assert.False(waiter.IsAlive);
                Assert.False(waiter.IsBlocked);
                Assert.Null(a.Queue);
                Assert.Equal(0, a.Balance);
                Assert.Equal("S TaskletExit", log[^1]);
            });
        }
    }
}
