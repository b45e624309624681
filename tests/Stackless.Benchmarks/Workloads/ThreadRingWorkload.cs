using System.Threading.Channels;
using Bcl = System.Threading.Channels;
using System.Threading.Tasks;
using Stackless.Benchmarks.Frames;
using Stackless.Benchmarks.Tasklets;
using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Workloads
{
    /// <summary>
    /// The thread-ring (Computer Language Benchmarks Game): <c>nodes</c> tasklets in a ring, each with an
    /// input channel; a token starting at <c>passes</c> is passed on and decremented until it reaches 0.
    /// Returns the id of the node holding it then (passes mod nodes).
    /// </summary>
    internal static class ThreadRingWorkload
    {
        public static int Ours(int nodes, int passes)
        {
            var ring = new Ring(nodes);
            for (int id = 0; id < nodes; id++)
                BenchmarkTasklets.SpawnRingNode(ring, id);
            ring.Channels[0].Send(passes);
            Scheduler.Run();
            return ring.Winner;
        }

        /// <summary>The same with the hand-written frames (the floor).</summary>
        public static int Floor(int nodes, int passes)
        {
            var ring = new Ring(nodes);
            for (int id = 0; id < nodes; id++)
                TaskletFrame.Spawn(new RingNodeFrame(ring, id));
            ring.Channels[0].Send(passes);
            Scheduler.Run();
            return ring.Winner;
        }

        /// <summary>The C# equivalent: one task per node, unbounded single-reader channels (Channels' fastest configuration).</summary>
        public static int Baseline(int nodes, int passes)
        {
            var channels = new Bcl.Channel<int>[nodes];
            for (int i = 0; i < nodes; i++)
                channels[i] = System.Threading.Channels.Channel.CreateUnbounded<int>(
                    new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            var winner = new int[] { -1 };
            var all = new Task[nodes];
            for (int id = 0; id < nodes; id++)
                all[id] = NodeAsync(channels, id, winner);
            channels[0].Writer.TryWrite(passes);
            Task.WaitAll(all);
            return winner[0];
        }

        private static async Task NodeAsync(Bcl.Channel<int>[] channels, int id, int[] winner)
        {
            ChannelReader<int> input = channels[id].Reader;
            ChannelWriter<int> output = channels[(id + 1) % channels.Length].Writer;
            while (await input.WaitToReadAsync())
            {
                while (input.TryRead(out int token))
                {
                    if (token == 0)
                    {
                        winner[0] = id;
                        foreach (Bcl.Channel<int> ch in channels)
                            ch.Writer.TryComplete();
                        return;
                    }
                    output.TryWrite(token - 1);
                }
            }
        }
    }
}
