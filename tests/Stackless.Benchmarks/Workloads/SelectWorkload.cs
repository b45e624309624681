using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Stackless.Benchmarks.Frames;
using Stackless.Benchmarks.Tasklets;
using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Workloads
{
    /// <summary>
    /// Select over two channels, one ready, round trip (design.md §6 v2, bar ≤ 2× ping-pong): ping-pong whose answering
    /// side selects over the ping channel and a quit channel that never fires until the end (Go's usual worker loop).
    /// </summary>
    internal static class SelectWorkload
    {
        /// <summary>Both sides generated [Tasklet] code.</summary>
        public static void Ours(int roundTrips)
        {
            var ping = new Channel<int>();
            var pong = new Channel<int>();
            var quit = new Channel<int>();
            BenchmarkTasklets.SpawnSelectPong(ping, pong, quit);
            BenchmarkTasklets.SpawnPing(ping, pong, roundTrips);
            Finish(quit);
        }

        /// <summary>Both sides hand-written.</summary>
        public static void Floor(int roundTrips)
        {
            var ping = new Channel<int>();
            var pong = new Channel<int>();
            var quit = new Channel<int>();
            TaskletFrame.Spawn(new SelectPongFrame(ping, pong, quit));
            TaskletFrame.Spawn(new PingFrame(ping, pong, roundTrips));
            Finish(quit);
        }

        private static void Finish(Channel<int> quit)
        {
            Scheduler.Run(); // returns with the selecting tasklet waiting on ping and quit
            quit.Close();
            Scheduler.Run();
        }

        /// <summary>C# has no select: the closest idiom is a read that a cancellation token (the quit signal) can end.</summary>
        public static void Baseline(int roundTrips)
        {
            var ping = System.Threading.Channels.Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            var pong = System.Threading.Channels.Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            using var quit = new CancellationTokenSource();
            Task answering = PongAsync(ping.Reader, pong.Writer, quit.Token);
            PingAsync(ping.Writer, pong.Reader, roundTrips).Wait();
            quit.Cancel();
            answering.Wait();
        }

        private static async Task PingAsync(ChannelWriter<int> ping, ChannelReader<int> pong, int count)
        {
            for (int i = 0; i < count; i++)
            {
                await ping.WriteAsync(i);
                await pong.ReadAsync();
            }
        }

        private static async Task PongAsync(ChannelReader<int> ping, ChannelWriter<int> pong, CancellationToken quit)
        {
            while (true)
            {
                int x;
                try { x = await ping.ReadAsync(quit); }
                catch (OperationCanceledException) { return; }
                await pong.WriteAsync(x);
            }
        }
    }
}
