using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Stackless;
using Stackless.CompilerServices;
using Xunit;

namespace Stackless.Runtime.Tests
{
    /// <summary>
    /// Issue 15: a value in transit is no field of the tasklet. A woken receiver's waits in its scheduler's slot table beside
    /// its run-queue slot, a blocked sender's in its channel beside its place. These follow a value through every way a
    /// woken tasklet can leave its slot before it runs (paused, switched to, the slot table compacted), and check that a
    /// killed sender's value is dropped, not kept alive by the channel it sat in.
    /// </summary>
    public class ValueInTransitTests
    {
        private static Tasklet SpawnReceiver<T>(Channel<T> ch, List<T> got) =>
            TaskletFrame.Spawn(new LoopFrame(1, (f, _) => ch.BeginReceive(f), (f, _) => got.Add(ch.EndReceive(f))));

        private static Tasklet SpawnSender<T>(Channel<T> ch, T value) =>
            TaskletFrame.Spawn(new LoopFrame(1, (f, _) => ch.BeginSend(f, value), (f, _) => ch.EndSend(f)));

        [Fact]
        public void WokenReceiver_PausedAndInsertedBeforeItRuns_StillGetsItsValue()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<string> { Preference = 0 }; // the sender continues: the receiver waits, woken, in the run queue
                var got = new List<string>();
                Tasklet r = SpawnReceiver(ch, got);
                Scheduler.Run();
                ch.Send("kept");
                Assert.True(r.IsScheduled);
                r.Remove(); // out of the run queue with the value in transit
                Assert.True(r.IsPaused);
                Scheduler.Run();
                Assert.Empty(got);
                r.Insert();
                Scheduler.Run();
                Assert.Equal(new[] { "kept" }, got);
                Assert.False(r.IsAlive);
            });
        }

        [Fact]
        public void WokenReceiver_SwitchedToBeforeItRuns_GetsItsValue()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<long> { Preference = 0 };
                var got = new List<long>();
                Tasklet other = SpawnReceiver(new Channel<long>(), new List<long>()); // queued ahead of the woken one
                Tasklet r = SpawnReceiver(ch, got);
                Scheduler.Run();
                ch.Send(long.MinValue + 7);
                r.Run(); // taken out of its place and put at the front
                Assert.Equal(new[] { long.MinValue + 7 }, got);
                other.Kill();
            });
        }

        [Fact]
        public void WokenReceivers_KeepTheirValues_WhenTheSlotTableIsCompacted()
        {
            Isolated.Run(() =>
            {
                const int Woken = 50, Others = 20_000;
                var ch = new Channel<string> { Preference = 0 };
                var got = new List<string>();
                var receivers = new Tasklet[Woken];
                for (int i = 0; i < Woken; i++)
                    receivers[i] = SpawnReceiver(ch, got);
                Scheduler.Run();
                // Many short tasklets first, so the slot table grows; the woken receivers queue behind them with their values.
                for (int i = 0; i < Others; i++)
                    TaskletFrame.Spawn(new LoopFrame(0, (f, _) => false, (f, _) => { }));
                for (int i = 0; i < Woken; i++)
                    ch.Send("v" + i);
                // As the short ones end, the table shrinks (renumbering every queued tasklet) while the values wait.
                Scheduler.Run();
                var expected = new List<string>();
                for (int i = 0; i < Woken; i++)
                    expected.Add("v" + i);
                Assert.Equal(expected, got);
            });
        }

        [Fact]
        public void AKilledSender_DropsTheValueItOffered()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<object>();
                WeakReference offered = BlockAndKillASenderOfFresh(ch);
                Assert.Equal(0, ch.Balance);
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                Assert.False(offered.IsAlive, "a killed sender's value stayed in the channel");
                GC.KeepAlive(ch);
            });
        }

        /// <summary>Out of line, so that nothing but the channel could still refer to the value (the dead frame's closure holds it too).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static WeakReference BlockAndKillASenderOfFresh(Channel<object> ch)
        {
            var value = new object();
            Tasklet sender = SpawnSender(ch, value);
            Scheduler.Run(); // the sender blocks, its value beside its place in the queue
            Assert.Equal(1, ch.Balance);
            sender.Kill();
            return new WeakReference(value);
        }

        [Fact]
        public void AWokenReceiverKilledBeforeItRuns_DropsItsValue_AndTheNextOneGetsItsOwn()
        {
            // The first woken receiver's value sits in the scheduler's hand-off, not in the slot table (session 11): a kill
            // must clear it, and the hand-off serves the next one.
            Isolated.Run(() =>
            {
                var ch = new Channel<object> { Preference = 0 };
                var got = new List<object>();
                WeakReference handed = WakeAndKillAReceiverOfFresh(ch, got);
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                Assert.False(handed.IsAlive, "a killed receiver's value stayed in its scheduler");
                SpawnReceiver(ch, got);
                SpawnReceiver(ch, got);
                Scheduler.Run();
                ch.Send("first"); // the hand-off
                ch.Send("second"); // the slot table: the hand-off is taken
                Scheduler.Run();
                Assert.Equal(new object[] { "first", "second" }, got);
            });
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static WeakReference WakeAndKillAReceiverOfFresh(Channel<object> ch, List<object> got)
        {
            Tasklet r = SpawnReceiver(ch, got);
            Scheduler.Run();
            var value = new object();
            ch.Send(value); // preference 0: r is woken with the value and waits in the run queue
            Assert.True(r.IsScheduled);
            r.Kill();
            Assert.Empty(got);
            return new WeakReference(value);
        }

        [Fact]
        public void BlockedSenders_KeepTheirValues_WhenTheRingSqueezesOutTheKilled()
        {
            // The ring is full of senders with holes (killed ones): growing it renumbers the rest, and each value moves with its sender.
            Isolated.Run(() =>
            {
                var ch = new Channel<string>();
                var senders = new List<Tasklet>();
                for (int i = 0; i < 64; i++)
                    senders.Add(SpawnSender(ch, "a" + i));
                Scheduler.Run();
                for (int i = 1; i < 64; i += 2)
                    senders[i].Kill();
                for (int i = 0; i < 100; i++)
                    SpawnSender(ch, "b" + i);
                Scheduler.Run();
                var expected = new List<string>();
                for (int i = 0; i < 64; i += 2)
                    expected.Add("a" + i);
                for (int i = 0; i < 100; i++)
                    expected.Add("b" + i);
                var got = new List<string>();
                while (ch.Balance > 0)
                    got.Add(ch.Receive());
                Assert.Equal(expected, got);
            });
        }

        [Fact]
        public void AParkFrame_Is56Bytes()
        {
            // [Tasklet] int Park(Channel<int> ch) => ch.Receive(): the tasklet's own fields, the channel and the result. With its
            // place in the channel's queue (8 B), a parked tasklet is 64 B (issue 15, goal 2); the value in transit is elsewhere.
            var ch = new Channel<int>();
            var first = new ParkSizeFrame(ch); // the type is loaded before measuring
            long before = GC.GetAllocatedBytesForCurrentThread();
            var frame = new ParkSizeFrame(ch);
            long size = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(IntPtr.Size == 8 ? 56 : size, size);
            GC.KeepAlive(first);
            GC.KeepAlive(frame);
        }

        /// <summary>The generated frame of <c>[Tasklet] int Park(Channel&lt;int&gt; ch) =&gt; ch.Receive()</c>, hand-written in its shape.</summary>
        private sealed class ParkSizeFrame(Channel<int> ch) : TaskletFrame<int>
        {
            private readonly Channel<int> ch = ch;

            protected override void MoveNext()
            {
                if (State == 1) goto Resume1;
                State = 1;
                if (ch.BeginReceive(this)) return;
            Resume1:
                State = -1;
                Return(ch.EndReceive(this));
            }
        }
    }
}
