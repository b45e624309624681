using System.Threading.Channels;
using Bcl = System.Threading.Channels;
using System.Threading.Tasks;
using Stackless.Benchmarks.Frames;
using Stackless.Benchmarks.Tasklets;
using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Workloads
{
    /// <summary>Fan-in: many senders send to one channel, one receiver takes every message. Returns the sum received.</summary>
    internal static class FanInWorkload
    {
        public static long Ours(int senders, int messagesEach)
        {
            var ch = new Channel<int>();
            Tasklet<long> gather = BenchmarkTasklets.SpawnGather(ch, senders * messagesEach);
            for (int s = 0; s < senders; s++)
                BenchmarkTasklets.SpawnSender(ch, messagesEach);
            Scheduler.Run();
            return gather.Result;
        }

        /// <summary>The same with the hand-written frames (the floor).</summary>
        public static long Floor(int senders, int messagesEach)
        {
            var ch = new Channel<int>();
            var gather = TaskletFrame.Spawn(new GatherFrame(ch, senders * messagesEach));
            for (int s = 0; s < senders; s++)
                TaskletFrame.Spawn(new SenderFrame(ch, messagesEach));
            Scheduler.Run();
            return gather.Result;
        }

        /// <summary>The C# equivalent, bounded to one item so senders wait as on a rendezvous.</summary>
        public static long BaselineBounded(int senders, int messagesEach) =>
            Baseline(senders, messagesEach, System.Threading.Channels.Channel.CreateBounded<int>(
                new BoundedChannelOptions(1) { SingleReader = true }));

        /// <summary>The C# equivalent with an unbounded channel (senders never wait).</summary>
        public static long BaselineUnbounded(int senders, int messagesEach) =>
            Baseline(senders, messagesEach, System.Threading.Channels.Channel.CreateUnbounded<int>(
                new UnboundedChannelOptions { SingleReader = true }));

        private static long Baseline(int senders, int messagesEach, Bcl.Channel<int> ch)
        {
            Task<long> gather = GatherAsync(ch.Reader, senders * messagesEach);
            var all = new Task[senders];
            for (int s = 0; s < senders; s++)
                all[s] = SenderAsync(ch.Writer, messagesEach);
            Task.WaitAll(all);
            return gather.GetAwaiter().GetResult();
        }

        private static async Task SenderAsync(ChannelWriter<int> output, int count)
        {
            for (int i = 0; i < count; i++)
                await output.WriteAsync(i);
        }

        private static async Task<long> GatherAsync(ChannelReader<int> input, int count)
        {
            long sum = 0;
            for (int i = 0; i < count; i++)
                sum += await input.ReadAsync();
            return sum;
        }
    }
}
