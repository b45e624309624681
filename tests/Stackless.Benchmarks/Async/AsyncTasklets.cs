using System.Threading;
using System.Threading.Tasks;

namespace Stackless.Benchmarks.Async
{
    /// <summary>The async benchmarks' workloads as [Tasklet] methods (compiled by the generator).</summary>
    internal static partial class AsyncTasklets
    {
        /// <summary>Awaits <paramref name="count"/> tasks, each completed by another thread.</summary>
        [Tasklet]
        internal static void AwaitLoop(Completer completer, int count)
        {
            for (int i = 0; i < count; i++)
                Tasklet.Await(completer.Next());
        }

        /// <summary>Stage 1 of the pipeline: works on each item, then hands it to stage 2's thread.</summary>
        [Tasklet]
        internal static void Produce(Channel<long> next, int first, int count, int work)
        {
            for (int i = first; i < first + count; i++)
                Tasklet.Await(next.SendAsync(Work.Spin(i, work)));
        }

        /// <summary>Stage 2: receives on its own thread, works, counts; the tally signals the last item.</summary>
        [Tasklet]
        internal static void Consume(Channel<long> input, int work, PipelineTally tally)
        {
            while (true)
            {
                long x = input.Receive();
                tally.Add(Work.Spin(x, work));
            }
        }
    }

    /// <summary>Counts what stage 2 finished (on stage 2's thread only) and signals the end.</summary>
    internal sealed class PipelineTally
    {
        private readonly int expected;
        private int seen;
        private long sum;
        public readonly TaskCompletionSource<long> Done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);

        public PipelineTally(int expected) => this.expected = expected;

        public void Add(long v)
        {
            sum += v;
            if (++seen == expected)
                Done.TrySetResult(sum);
        }
    }

    internal static class Work
    {
        /// <summary>About <paramref name="units"/> × a few ns of CPU work that the JIT cannot remove.</summary>
        public static long Spin(long seed, int units)
        {
            long x = seed;
            for (int i = 0; i < units; i++)
                x = x * 6364136223846793005L + 1442695040888963407L;
            return x;
        }
    }

    /// <summary>
    /// Another thread that completes each task handed to it: <see cref="Next"/> gives a new task and wakes the thread,
    /// which completes it at once.
    /// </summary>
    internal sealed class Completer : System.IDisposable
    {
        private readonly SemaphoreSlim request = new SemaphoreSlim(0);
        private readonly Thread thread;
        private readonly TaskCreationOptions options;
        private TaskCompletionSource<int>? pending;
        private volatile bool stop;

        public Completer(bool continueAsynchronously)
        {
            options = continueAsynchronously ? TaskCreationOptions.RunContinuationsAsynchronously : TaskCreationOptions.None;
            thread = new Thread(Loop) { IsBackground = true, Name = "completer" };
            thread.Start();
        }

        public Task<int> Next()
        {
            var tcs = new TaskCompletionSource<int>(options);
            Volatile.Write(ref pending, tcs);
            request.Release();
            return tcs.Task;
        }

        private void Loop()
        {
            while (true)
            {
                request.Wait();
                if (stop) return;
                Interlocked.Exchange(ref pending, null)!.SetResult(1);
            }
        }

        public void Dispose()
        {
            stop = true;
            request.Release();
            thread.Join();
        }
    }
}
