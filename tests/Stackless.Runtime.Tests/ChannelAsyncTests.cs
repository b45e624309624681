using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Stackless;
using Stackless.CompilerServices;
using Xunit;

namespace Stackless.Runtime.Tests
{
    public class ChannelAsyncTests
    {
        [Fact]
        public void ProducerThreads_SendAsync_NoneLostNoneDuplicated()
        {
            Bounded.Run(() =>
            {
                const int producers = 4, perProducer = 5_000;
                var ch = new Channel<int>();
                var sum = TaskletFrame.Spawn(new SumFrame(ch));
                Scheduler.Schedule(); // the summing tasklet waits on the channel, which is now bound to this thread
                var threads = Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
                {
                    for (int i = 0; i < perProducer; i++)
                        await ch.SendAsync(p * perProducer + i);
                })).ToArray();
                Tasklet.Await(Task.WhenAll(threads)); // each send completed: a tasklet took its value
                ch.Close();
                Scheduler.Run();
                long n = producers * perProducer;
                Assert.Equal(n * (n - 1) / 2, sum.Result);
            });
        }

        [Fact]
        public void ProducerThreads_SendAsync_EachValueExactlyOnce()
        {
            Bounded.Run(() =>
            {
                const int producers = 3, perProducer = 2_000;
                var ch = new Channel<int>();
                var seen = new List<int>();
                TaskletFrame.Spawn(new CollectFrame(ch, seen));
                Scheduler.Schedule();
                var tasks = Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
                {
                    for (int i = 0; i < perProducer; i++)
                        await ch.SendAsync(p * perProducer + i);
                })).ToArray();
                Tasklet.Await(Task.WhenAll(tasks));
                ch.Close();
                Scheduler.Run();
                Assert.Equal(Enumerable.Range(0, producers * perProducer), seen.OrderBy(x => x));
                // and each producer's values arrived in its own order
                for (int p = 0; p < producers; p++)
                {
                    var mine = seen.Where(v => v / perProducer == p).ToList();
                    Assert.Equal(mine.OrderBy(x => x), mine);
                }
            });
        }

        [Fact]
        public void ReceiveAsync_FromAnotherThread_GetsTheTaskletsValuesInOrder()
        {
            Bounded.Run(() =>
            {
                var ch = new Channel<int>();
                TaskletFrame.Spawn(new ProduceFrame(ch, 500));
                Scheduler.Schedule(); // binds the channel; the producer blocks on its first send
                var reader = Task.Run(async () =>
                {
                    var values = new List<int>();
                    try
                    {
                        while (true)
                            values.Add(await ch.ReceiveAsync());
                    }
                    catch (ChannelClosedException)
                    {
                    }
                    return values;
                });
                var got = Tasklet.Await(reader);
                Assert.Equal(Enumerable.Range(0, 500), got);
            });
        }

        [Fact]
        public void AsyncOps_TakeTheirFifoTurnWithTheTasklets()
        {
            Bounded.Run(() =>
            {
                var ch = new Channel<string>();
                var log = new List<string>();
                TaskletFrame.Spawn(new SendOneFrame<string>(ch, "A"));
                Scheduler.Run(); // A waits first
                var b = ch.SendAsync("B"); // from this very thread: handed through the inbox like any other
                Tasklet.Await(Task.Delay(1)); // the scheduler delivers it: it queues behind A
                Assert.Equal(2, ch.Balance);
                TaskletFrame.Spawn(new SendOneFrame<string>(ch, "C"));
                Scheduler.Run();
                Assert.Equal(3, ch.Balance);
                Assert.Equal("A", ch.Receive());
                Assert.Equal("B", ch.Receive());
                Assert.Equal("C", ch.Receive());
                Tasklet.Await(b);
                Assert.True(b.IsCompletedSuccessfully);
            });
        }

        [Fact]
        public void CancelledReceive_LeavesTheChannel()
        {
            Bounded.Run(() =>
            {
                var ch = new Channel<int>();
                Scheduler.Schedule();
                ch.Close(); ch.Open(); // binds the channel to this thread
                using var cts = new CancellationTokenSource();
                var r = ch.ReceiveAsync(cts.Token);
                Tasklet.Await(Task.Delay(1));
                Assert.Equal(-1, ch.Balance);
                cts.Cancel();
                Assert.ThrowsAny<OperationCanceledException>(() => Tasklet.Await(r));
                Assert.Equal(0, ch.Balance);
                Assert.Null(ch.Queue);
            });
        }

        [Fact]
        public void CancelledSend_ItsValueIsNeverDelivered()
        {
            Bounded.Run(() =>
            {
                var ch = new Channel<int>();
                ch.Close(); ch.Open();
                using var cts = new CancellationTokenSource();
                var s = ch.SendAsync(42, cts.Token);
                Tasklet.Await(Task.Delay(1));
                Assert.Equal(1, ch.Balance);
                cts.Cancel();
                Assert.ThrowsAny<OperationCanceledException>(() => Tasklet.Await(s));
                Assert.Equal(0, ch.Balance);
                TaskletFrame.Spawn(new SendOneFrame<int>(ch, 7));
                Assert.Equal(7, ch.Receive());
                // Already cancelled: never handed over.
                Assert.True(ch.SendAsync(1, cts.Token).IsCanceled);
                Assert.True(ch.ReceiveAsync(cts.Token).IsCanceled);
            });
        }

        [Fact]
        public void CancellationRacingDelivery_ACancelledSendIsNeverReceived_ACompletedOneAlwaysIs()
        {
            Bounded.Run(() =>
            {
                const int n = 3_000;
                var ch = new Channel<int>();
                var seen = new List<int>();
                TaskletFrame.Spawn(new CollectFrame(ch, seen));
                Scheduler.Schedule();
                var sends = new Task[n];
                var producer = Task.Run(() =>
                {
                    var rnd = new Random(5);
                    for (int i = 0; i < n; i++)
                    {
                        var cts = new CancellationTokenSource();
                        sends[i] = ch.SendAsync(i, cts.Token).AsTask();
                        if (rnd.Next(3) == 0) cts.Cancel();
                        else if (rnd.Next(3) == 0) cts.CancelAfter(rnd.Next(2));
                    }
                });
                Tasklet.Await(producer);
                Tasklet.Await(Task.WhenAll(sends).ContinueWith(_ => { }));
                ch.Close();
                Scheduler.Run();
                var delivered = Enumerable.Range(0, n).Where(i => sends[i].IsCompletedSuccessfully).ToList();
                Assert.All(Enumerable.Range(0, n).Where(i => !sends[i].IsCompletedSuccessfully), i => Assert.True(sends[i].IsCanceled));
                Assert.Equal(delivered, seen.OrderBy(x => x));
                Assert.True(delivered.Count > 0 && delivered.Count < n);
            });
        }

        [Fact]
        public void OnAnUnusedChannel_AsyncOpsWait_AndAreHandedToTheFirstSchedulerThatUsesIt()
        {
            Bounded.Run(() =>
            {
                var ch = new Channel<int>();
                var sent = Task.Run(async () => { await ch.SendAsync(1); await ch.SendAsync(2); });
                var received = Task.Run(async () => await ch.ReceiveAsync());
                Thread.Sleep(30); // both handed over, with no scheduler yet
                Assert.False(sent.IsCompleted);
                // The first use binds it: the waiting operations take their turn first (the receive may have met the first send already).
                var got = new List<int>();
                int expected = received.IsCompleted ? 1 : 2;
                TaskletFrame.Spawn(new CollectFrame(ch, got));
                Tasklet.Await(Task.WhenAll(sent, received));
                Assert.Equal(3, got.Sum() + received.Result);
                Assert.True(expected >= 1);
            });
        }

        [Fact]
        public void SynchronousOpFromAnotherThread_NamesTheAsyncMethods()
        {
            Bounded.Run(() =>
            {
                var ch = new Channel<int>();
                TaskletFrame.Spawn(new SendOneFrame<int>(ch, 1));
                Scheduler.Run(); // bound here
                var ex = Task.Run(() => Assert.Throws<InvalidOperationException>(() => ch.Receive())).Result;
                Assert.Contains("SendAsync", ex.Message);
                Assert.Contains("ReceiveAsync", ex.Message);
                Assert.Equal(1, ch.Receive());
            });
        }

        [Fact]
        public void ReceiveAsync_OnAClosedChannel_Throws_AndAWaitingOneIsWokenByClose()
        {
            Bounded.Run(() =>
            {
                var ch = new Channel<int>();
                ch.Close();
                Assert.Throws<ChannelClosedException>(() => Tasklet.Await(ch.ReceiveAsync()));
                Assert.Throws<ChannelClosedException>(() => Tasklet.Await(ch.SendAsync(1)));
                ch.Open();
                var waiting = ch.ReceiveAsync();
                Tasklet.Await(Task.Delay(1));
                Assert.Equal(-1, ch.Balance);
                ch.Close();
                Assert.Throws<ChannelClosedException>(() => Tasklet.Await(waiting));
            });
        }

        [Fact]
        public void MainReceive_WithAnAsyncSendInTheInbox_IsNotADeadlock()
        {
            Bounded.Run(() =>
            {
                var ch = new Channel<int>();
                ch.Close(); ch.Open();
                ValueTask send = default;
                var thread = new Thread(() => send = ch.SendAsync(5));
                thread.Start();
                thread.Join(); // the send is in the inbox (not yet delivered: nothing ran the scheduler)
                Assert.Equal(5, ch.Receive());
                Tasklet.Await(send);
            });
        }
    }

    /// <summary>[Tasklet] void Collect(Channel&lt;int&gt; ch, List&lt;int&gt; seen) { foreach (var x in ch) seen.Add(x); }</summary>
    internal sealed class CollectFrame : TaskletFrame
    {
        private readonly Channel<int> ch;
        private readonly List<int> seen;
        private int x;

        public CollectFrame(Channel<int> ch, List<int> seen)
        {
            this.ch = ch;
            this.seen = seen;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
        Loop:
            State = 1;
            if (ch.BeginReceive(this)) return;
        Resume1:
            if (!ch.EndReceiveNext(this, out x)) goto Break;
            seen.Add(x);
            goto Loop;
        Break:
            Return();
        }
    }

    /// <summary>[Tasklet] void SendOne&lt;T&gt;(Channel&lt;T&gt; ch, T v) => ch.Send(v);</summary>
    internal sealed class SendOneFrame<T> : TaskletFrame
    {
        private readonly Channel<T> ch;
        private readonly T v;

        public SendOneFrame(Channel<T> ch, T v)
        {
            this.ch = ch;
            this.v = v;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
            State = 1;
            if (ch.BeginSend(this, v)) return;
        Resume1:
            ch.EndSend(this);
            Return();
        }
    }
}
