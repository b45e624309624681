using System;
using System.Diagnostics;

namespace Stackless.Samples.Demo
{
    /// <summary>The Stackless half of each measure: [Tasklet] methods on one thread's scheduler.</summary>
    public static partial class StacklessSide
    {
        private static long finished;

        /// <summary>Spawns <paramref name="count"/> tasklets and runs them until each is parked on a receive.</summary>
        /// <returns>Time to create and park them, and live bytes per parked tasklet.</returns>
        public static (TimeSpan Elapsed, double BytesEach) SpawnParked(int count)
        {
            var wakeUp = new Channel<int>();
            finished = 0;
            long before = GC.GetTotalMemory(forceFullCollection: true);
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < count; i++)
                SpawnPark(wakeUp);
            Scheduler.Run();                          // each runs to its receive and blocks there
            clock.Stop();
            long after = GC.GetTotalMemory(forceFullCollection: true);
            if (wakeUp.Balance != -count)
                throw new InvalidOperationException($"expected {count} receivers parked, channel balance is {wakeUp.Balance}");

            wakeUp.Close();                           // wakes every receiver: its foreach ends
            Scheduler.Run();
            if (finished != count)
                throw new InvalidOperationException($"{count - finished} parked tasklets did not finish");
            GC.KeepAlive(wakeUp);
            return (clock.Elapsed, (after - before) / (double)count);
        }

        [Tasklet]
        private static void Park(Channel<int> wakeUp)
        {
            foreach (int message in wakeUp)
                GC.KeepAlive(message);
            finished++;
        }

        /// <summary>Two tasklets taking turns with Scheduler.Schedule(): <paramref name="switches"/> switches in all.</summary>
        public static TimeSpan Switches(int switches)
        {
            SpawnYielder(switches / 2);
            SpawnYielder(switches - switches / 2);
            var clock = Stopwatch.StartNew();
            Scheduler.Run();
            return clock.Elapsed;
        }

        [Tasklet]
        private static void Yielder(int count)
        {
            for (int i = 0; i < count; i++)
                Scheduler.Schedule();
        }

        /// <summary>Ping-pong over two rendezvous channels: <paramref name="messages"/> messages in all.</summary>
        public static TimeSpan PingPong(int messages)
        {
            var ping = new Channel<int>();
            var pong = new Channel<int>();
            int rounds = messages / 2;
            Tasklet<long> server = SpawnServe(ping, pong, rounds);
            Tasklet<long> client = SpawnPlay(ping, pong, rounds);
            var clock = Stopwatch.StartNew();
            Scheduler.Run();
            clock.Stop();
            if (client.Result != (long)rounds * (rounds + 1) / 2 || server.Result != (long)rounds * (rounds - 1) / 2)
                throw new InvalidOperationException("ping-pong lost a message");
            return clock.Elapsed;
        }

        [Tasklet]
        private static long Play(Channel<int> ping, Channel<int> pong, int rounds)
        {
            long sum = 0;
            for (int i = 0; i < rounds; i++)
            {
                ping.Send(i);
                sum += pong.Receive();
            }
            return sum;
        }

        [Tasklet]
        private static long Serve(Channel<int> ping, Channel<int> pong, int rounds)
        {
            long sum = 0;
            for (int i = 0; i < rounds; i++)
            {
                int ball = ping.Receive();
                sum += ball;
                pong.Send(ball + 1);
            }
            return sum;
        }

        /// <summary>A [Tasklet] recursion <paramref name="depth"/> calls deep and back; returns the depth reached.</summary>
        public static (long Reached, TimeSpan Elapsed) Recursion(int depth)
        {
            var clock = Stopwatch.StartNew();
            Tasklet<long> dive = SpawnDepth(depth);
            Scheduler.Run();
            clock.Stop();
            return (dive.Result, clock.Elapsed);
        }

        [Tasklet]
        private static long Depth(int n) => n == 0 ? 0 : Depth(n - 1) + 1;
    }
}
