using System.Threading.Channels;
using Bcl = System.Threading.Channels;
using System.Threading.Tasks;
using Stackless.Benchmarks.Frames;
using Stackless.Benchmarks.Tasklets;
using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Workloads
{
    /// <summary>
    /// Request/reply, Go style: a client sends a server each request as a fresh reply channel and receives the answer on
    /// it. The inbox prefers its sender (Preference = 1, Go's order: a send readies the receiver and the sender goes on), so
    /// the client's receive parks on the fresh channel before the server answers. One operation = one request: a new channel
    /// that one tasklet waits on once, two rendezvous. Returns the sum of the answers (<c>i &amp; 7</c> for request i).
    /// </summary>
    internal static class RequestReplyWorkload
    {
        public static long Ours(int requests)
        {
            var inbox = new Channel<Channel<int>> { Preference = 1 };
            BenchmarkTasklets.SpawnReplyServer(inbox, requests);
            Tasklet<long> client = BenchmarkTasklets.SpawnRequestClient(inbox, requests);
            Scheduler.Run();
            return client.Result;
        }

        /// <summary>The same with the hand-written frames (the floor).</summary>
        public static long Floor(int requests)
        {
            var inbox = new Channel<Channel<int>> { Preference = 1 };
            TaskletFrame.Spawn(new ReplyServerFrame(inbox, requests));
            var client = TaskletFrame.Spawn(new RequestClientFrame(inbox, requests));
            Scheduler.Run();
            return client.Result;
        }

        /// <summary>The sum the workload must compute.</summary>
        public static long Expected(int requests) => (requests / 8) * 28L + (requests % 8) * (requests % 8 - 1) / 2;

        /// <summary>The C# equivalent: tasks, an unbounded single-reader channel of requests, a fresh bounded(1) reply channel per request.</summary>
        public static long Baseline(int requests)
        {
            var inbox = Bcl.Channel.CreateUnbounded<Bcl.Channel<int>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            Task server = ServerAsync(inbox.Reader, requests);
            Task<long> client = ClientAsync(inbox.Writer, requests);
            server.GetAwaiter().GetResult();
            return client.GetAwaiter().GetResult();
        }

        private static async Task ServerAsync(ChannelReader<Bcl.Channel<int>> inbox, int count)
        {
            for (int i = 0; i < count; i++)
            {
                Bcl.Channel<int> reply = await inbox.ReadAsync();
                await reply.Writer.WriteAsync(i & 7);
            }
        }

        private static async Task<long> ClientAsync(ChannelWriter<Bcl.Channel<int>> inbox, int count)
        {
            long sum = 0;
            for (int i = 0; i < count; i++)
            {
                var reply = Bcl.Channel.CreateBounded<int>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
                await inbox.WriteAsync(reply);
                sum += await reply.Reader.ReadAsync();
            }
            return sum;
        }
    }
}
