using System.Threading.Channels;
using System.Threading.Tasks;
using Stackless.Benchmarks.Frames;
using Stackless.Benchmarks.Tasklets;
using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Workloads
{
    /// <summary>
    /// Unbuffered ping-pong: a ping tasklet sends on one channel and waits for the answer on another.
    /// One round trip = two rendezvous. With <c>pairs</c> &gt; 1, that many independent pairs run at once.
    /// </summary>
    internal static class PingPongWorkload
    {
        public static void Ours(int pairs, int roundTrips)
        {
            for (int p = 0; p < pairs; p++)
            {
                var ping = new Channel<int>();
                var pong = new Channel<int>();
                BenchmarkTasklets.SpawnPong(ping, pong, roundTrips);
                BenchmarkTasklets.SpawnPing(ping, pong, roundTrips);
            }
            Scheduler.Run();
        }

        /// <summary>The same with the hand-written frames (the floor).</summary>
        public static void Floor(int pairs, int roundTrips)
        {
            for (int p = 0; p < pairs; p++)
            {
                var ping = new Channel<int>();
                var pong = new Channel<int>();
                TaskletFrame.Spawn(new PongFrame(ping, pong, roundTrips));
                TaskletFrame.Spawn(new PingFrame(ping, pong, roundTrips));
            }
            Scheduler.Run();
        }

        /// <summary>System.Threading.Channels, unbounded, single reader and single writer (its fastest configuration).</summary>
        public static void BaselineUnbounded(int pairs, int roundTrips) =>
            Baseline(pairs, roundTrips, () => System.Threading.Channels.Channel.CreateUnbounded<int>(
                new UnboundedChannelOptions { SingleReader = true, SingleWriter = true }));

        /// <summary>System.Threading.Channels, bounded to one item (the closest to a rendezvous).</summary>
        public static void BaselineBounded(int pairs, int roundTrips) =>
            Baseline(pairs, roundTrips, () => System.Threading.Channels.Channel.CreateBounded<int>(
                new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true }));

        private static void Baseline(int pairs, int roundTrips, System.Func<Channel<int, int>> create)
        {
            var all = new Task[2 * pairs];
            for (int p = 0; p < pairs; p++)
            {
                Channel<int, int> ping = create();
                Channel<int, int> pong = create();
                all[2 * p] = PongAsync(ping.Reader, pong.Writer, roundTrips);
                all[2 * p + 1] = PingAsync(ping.Writer, pong.Reader, roundTrips);
            }
            Task.WaitAll(all);
        }

        private static async Task PingAsync(ChannelWriter<int> ping, ChannelReader<int> pong, int count)
        {
            for (int i = 0; i < count; i++)
            {
                await ping.WriteAsync(i);
                await pong.ReadAsync();
            }
        }

        private static async Task PongAsync(ChannelReader<int> ping, ChannelWriter<int> pong, int count)
        {
            for (int i = 0; i < count; i++)
            {
                int x = await ping.ReadAsync();
                await pong.WriteAsync(x);
            }
        }
    }
}
