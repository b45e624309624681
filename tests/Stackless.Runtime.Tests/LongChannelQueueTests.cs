using System.Collections.Generic;
using Stackless;
using Stackless.CompilerServices;
using Xunit;

namespace Stackless.Runtime.Tests
{
    /// <summary>
    /// A channel queue longer than one segment (4,096 waiters): it leaves the ring for segments, keeps FIFO order across
    /// them with holes (killed waiters) and a select waiter among them, and is an ordinary small ring again once empty.
    /// </summary>
    public class LongChannelQueueTests
    {
        private const int Waiters = 10_000; // two segment boundaries and more

        private static Tasklet SpawnReceiver(Channel<int> ch, int id, List<(int Id, int Value)> got) =>
            TaskletFrame.Spawn(new LoopFrame(1, (f, _) => ch.BeginReceive(f), (f, _) => got.Add((id, ch.EndReceive(f)))));

        [Fact]
        public void Senders_BeyondWhatTheValueRingCovers_DeliverInOrder_SkippingTheKilled()
        {
            // 70,000 blocked senders of strings (references): past one segment (4,096) and past 65,536 (where a layout that
            // keeps senders' values beside the queue changes form, issue 15), FIFO, and a kill on either side of each line
            // drops that sender and its value.
            Isolated.Run(() =>
            {
                const int Senders = 70_000;
                var ch = new Channel<string>();
                var senders = new Tasklet[Senders];
                for (int i = 0; i < Senders; i++)
                {
                    string value = "v" + i;
                    senders[i] = TaskletFrame.Spawn(new LoopFrame(1, (f, _) => ch.BeginSend(f, value), (f, _) => ch.EndSend(f)));
                }
                Scheduler.Run();
                Assert.Equal(Senders, ch.Balance);
                int[] killed = { 0, 5, 4_095, 4_096, 65_535, 65_536, 65_537, 69_999 };
                foreach (int k in killed)
                    senders[k].Kill();
                Assert.Equal(Senders - killed.Length, ch.Balance);
                Assert.Same(senders[1], ch.Queue);
                var expected = new List<string>();
                for (int i = 0; i < Senders; i++)
                    if (System.Array.IndexOf(killed, i) < 0)
                        expected.Add("v" + i);
                var got = new List<string>();
                while (ch.Balance > 0)
                    got.Add(ch.Receive());
                Assert.Equal(expected, got);
                Scheduler.Run();
                Assert.All(senders, t => Assert.False(t.IsAlive));
                Assert.Equal(1, Scheduler.RunCount);
            });
        }

        [Fact]
        public void Receivers_BeyondOneSegment_AreWokenInOrder_SkippingTheKilled()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                var got = new List<(int Id, int Value)>();
                var receivers = new Tasklet[Waiters];
                for (int i = 0; i < Waiters; i++)
                    receivers[i] = SpawnReceiver(ch, i, got);
                Scheduler.Run();
                Assert.Equal(-Waiters, ch.Balance);

                // Kill every third one, in the middle of the segments and at their edges alike.
                var alive = new List<int>();
                for (int i = 0; i < Waiters; i++)
                {
                    if (i % 3 == 0)
                        receivers[i].Kill();
                    else
                        alive.Add(i);
                }
                Assert.Equal(-alive.Count, ch.Balance);
                Assert.Same(receivers[1], ch.Queue);

                // Main sends value k; preference −1: the k-th surviving receiver runs at once and logs it.
                for (int k = 0; k < alive.Count; k++)
                    ch.Send(k);
                Assert.Equal(alive.Count, got.Count);
                for (int k = 0; k < alive.Count; k++)
                    Assert.Equal((alive[k], k), got[k]);
                Assert.Equal(0, ch.Balance);
                Assert.Null(ch.Queue);
                Assert.Equal(1, Scheduler.RunCount);

                // Empty again: a small queue on the same channel works as before.
                got.Clear();
                SpawnReceiver(ch, 1, got);
                SpawnReceiver(ch, 2, got);
                Scheduler.Run();
                ch.Send(10);
                ch.Send(20);
                Assert.Equal(new[] { (1, 10), (2, 20) }, got);
            });
        }


        [Fact]
        public void AQueueThatStaysInSegments_WhileWaitersComeAndGo_KeepsItsOrder()
        {
            // 5,000 receivers (past one segment), then 12,000 times: the first is woken, a new one queues at the end. The
            // queue stays in segments while its front empties segment after segment and its end needs new ones: an emptied
            // segment is kept as the spare (in the channel's ring field, issue 15) and taken by the end.
            Isolated.Run(() =>
            {
                const int Standing = 5_000, Turns = 12_000;
                var ch = new Channel<int>();
                var got = new List<(int Id, int Value)>();
                for (int i = 0; i < Standing; i++)
                    SpawnReceiver(ch, i, got);
                Scheduler.Run();
                for (int k = 0; k < Turns; k++)
                {
                    ch.Send(k); // the receiver that queued k-th runs at once
                    SpawnReceiver(ch, Standing + k, got);
                    Scheduler.Run();
                    Assert.Equal(-Standing, ch.Balance);
                }
                for (int k = 0; k < Turns; k++)
                    Assert.Equal((k, k), got[k]);
                for (int k = 0; k < Standing; k++)
                    ch.Send(Turns + k);
                for (int k = Turns; k < Turns + Standing; k++)
                    Assert.Equal((k, k), got[k]);
                Assert.Equal(0, ch.Balance);
                Assert.Null(ch.Queue);
            });
        }
        [Fact]
        public void Senders_BeyondOneSegment_WithASelectAmongThem_AreTakenInOrder()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                var other = new Channel<int>();
                var log = new List<string>();
                const int SelectAt = 5_000;
                for (int i = 0; i < Waiters; i++)
                {
                    if (i == SelectAt)
                    {
                        var select = new Select();
                        select.Receive(other);
                        select.Send(ch, -1);
                        TaskletFrame.Spawn(new ScriptFrame("S", log, new SelectStep(select)));
                    }
                    int value = i;
                    TaskletFrame.Spawn(new LoopFrame(1, (f, _) => ch.BeginSend(f, value), (f, _) => ch.EndSend(f)));
                }
                Scheduler.Run();
                Assert.Equal(Waiters + 1, ch.Balance);
                Assert.Equal(-1, other.Balance);

                var received = new List<int>();
                for (int k = 0; k <= Waiters; k++)
                    received.Add(ch.Receive());
                var expected = new List<int>();
                for (int i = 0; i < Waiters; i++)
                {
                    if (i == SelectAt)
                        expected.Add(-1);
                    expected.Add(i);
                }
                Assert.Equal(expected, received);
                Scheduler.Run();
                Assert.Contains("S fired 1", log);
                Assert.Equal(0, other.Balance); // the select left the other channel when its send fired
                Assert.Equal(0, ch.Balance);
            });
        }

        [Fact]
        public void ALongQueue_EmptiedByKillsAlone_IsUsableAgain()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                var got = new List<(int Id, int Value)>();
                var receivers = new Tasklet[Waiters];
                for (int i = 0; i < Waiters; i++)
                    receivers[i] = SpawnReceiver(ch, i, got);
                Scheduler.Run();
                for (int i = Waiters - 1; i >= 0; i--)
                    receivers[i].Kill();
                Assert.Equal(0, ch.Balance);
                Assert.Null(ch.Queue);
                Assert.Empty(got);

                // Refill past a segment again, then drain it in order.
                for (int i = 0; i < Waiters; i++)
                    SpawnReceiver(ch, i, got);
                Scheduler.Run();
                Assert.Equal(-Waiters, ch.Balance);
                for (int k = 0; k < Waiters; k++)
                    ch.Send(k);
                Assert.Equal(Waiters, got.Count);
                for (int k = 0; k < Waiters; k++)
                    Assert.Equal((k, k), got[k]);
            });
        }
    }
}
