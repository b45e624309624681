using System;
using Stackless;
using Stackless.CompilerServices;
using Xunit;

namespace Stackless.Runtime.Tests
{
    public class ScaleAndAllocationTests
    {
        [Fact]
        public void AMillionTasklets_EachPassingTenMessages_NoneLostOrDuplicated()
        {
            Isolated.Run(() =>
            {
                const int Tasklets = 1_000_000;
                const int PerTasklet = 10;
                var ch = new Channel<long>();
                for (int id = 0; id < Tasklets; id++)
                    TaskletFrame.Spawn(new MessengerFrame(ch, id, PerTasklet));

                // Each message is id * 16 + k; per sender they must arrive in order, each exactly once.
                var nextSeq = new byte[Tasklets];
                long received = 0;
                for (long n = 0; n < (long)Tasklets * PerTasklet; n++)
                {
                    long m = ch.Receive();
                    int id = (int)(m >> 4);
                    int k = (int)(m & 15);
                    Assert.True(k == nextSeq[id], $"sender {id}: got message {k}, expected {nextSeq[id]}");
                    nextSeq[id]++;
                    received++;
                }
                Assert.Equal((long)Tasklets * PerTasklet, received);
                Assert.All(nextSeq, s => Assert.Equal(PerTasklet, s));
                Scheduler.Run();
                Assert.Equal(0, ch.Balance);
                Assert.Equal(1, Scheduler.RunCount);
            });
        }

        [Fact]
        public void ASwitch_AllocatesNothing()
        {
            Isolated.Run(() =>
            {
                var counter = new int[1];
                TaskletFrame.Spawn(new SpinFrame(1_000_000, counter));
                TaskletFrame.Spawn(new SpinFrame(1_000_000, counter));
                Scheduler.Schedule(); // warm up: both started, JIT done
                Scheduler.Schedule();
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 1000; i++)
                    Scheduler.Schedule(); // each: main -> A -> B -> main, three switches
                long after = GC.GetAllocatedBytesForCurrentThread();
                Assert.Equal(0, after - before);
                Assert.Equal(2 * 1002, counter[0]);
            });
        }

        [Fact]
        public void ARendezvous_AllocatesNothing()
        {
            Isolated.Run(() =>
            {
                var ping = new Channel<int>();
                var pong = new Channel<int>();
                const int Rounds = 10_000;
                TaskletFrame.Spawn(new EchoFrame(ping, pong, Rounds));
                Tasklet<long> server = TaskletFrame.Spawn(new ServeFrame(ping, pong, Rounds));
                // Warm up: let both tasklets run a few rounds so every path is jitted.
                for (int i = 0; i < 10; i++) Scheduler.Schedule();
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 1000; i++) Scheduler.Schedule();
                long after = GC.GetAllocatedBytesForCurrentThread();
                Assert.Equal(0, after - before);
                Scheduler.Run();
                // sum of (i + 1) for i in [0, Rounds)
                Assert.Equal((long)Rounds * (Rounds + 1) / 2, server.Result);
            });
        }

        [Fact]
        public void MainPingPong_AllocatesNothingPerRoundTrip()
        {
            Isolated.Run(() =>
            {
                var ping = new Channel<int>();
                var pong = new Channel<int>();
                TaskletFrame.Spawn(new EchoFrame(ping, pong, 2000));
                for (int i = 0; i < 10; i++) { ping.Send(i); Assert.Equal(i + 1, pong.Receive()); }
                long before = GC.GetAllocatedBytesForCurrentThread();
                int sum = 0;
                for (int i = 0; i < 1000; i++) { ping.Send(i); sum += pong.Receive(); }
                long after = GC.GetAllocatedBytesForCurrentThread();
                Assert.Equal(0, after - before);
                Assert.Equal(1000 * 1001 / 2, sum);
            });
        }
    }
}
