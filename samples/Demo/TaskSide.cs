using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Stackless.Samples.Demo
{
    /// <summary>
    /// The same measures with what C# offers out of the box: async methods, Task, and
    /// System.Threading.Channels, on the thread pool (all cores, which only helps the baseline).
    /// </summary>
    public static class TaskSide
    {
        private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

        /// <summary>Starts <paramref name="count"/> async methods that each await a read on one shared channel.</summary>
        /// <returns>Time to create and park them, and live bytes per parked Task.</returns>
        public static (TimeSpan Elapsed, double BytesEach) SpawnParked(int count)
        {
            var wakeUp = Channel.CreateUnbounded<int>();
            var parking = new Parking(count);
            long before = GC.GetTotalMemory(forceFullCollection: true);
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < count; i++)
                _ = Park(wakeUp.Reader, parking);     // runs to its first await and returns
            clock.Stop();
            long after = GC.GetTotalMemory(forceFullCollection: true);

            wakeUp.Writer.Complete();                 // every WaitToReadAsync completes with false
            if (!parking.AllDone.Task.Wait(Patience))
                throw new TimeoutException("parked Tasks did not finish");
            GC.KeepAlive(wakeUp);
            return (clock.Elapsed, (after - before) / (double)count);
        }

        private sealed class Parking(int count)
        {
            public int Remaining = count;
            public readonly TaskCompletionSource AllDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        private static async Task Park(ChannelReader<int> wakeUp, Parking parking)
        {
            while (await wakeUp.WaitToReadAsync().ConfigureAwait(false))
                while (wakeUp.TryRead(out int message))
                    GC.KeepAlive(message);
            if (Interlocked.Decrement(ref parking.Remaining) == 0)
                parking.AllDone.SetResult();
        }

        /// <summary>Two async methods taking turns with Task.Yield(): <paramref name="switches"/> yields in all.</summary>
        public static TimeSpan Switches(int switches)
        {
            var clock = Stopwatch.StartNew();
            Task a = Task.Run(() => Yielder(switches / 2));
            Task b = Task.Run(() => Yielder(switches - switches / 2));
            if (!Task.WaitAll([a, b], Patience))
                throw new TimeoutException("Task.Yield loop did not finish");
            return clock.Elapsed;
        }

        private static async Task Yielder(int count)
        {
            for (int i = 0; i < count; i++)
                await Task.Yield();
        }

        /// <summary>Ping-pong over two channels (unbounded, single reader and writer: their fastest kind).</summary>
        public static TimeSpan PingPong(int messages)
        {
            var options = new UnboundedChannelOptions { SingleReader = true, SingleWriter = true };
            var ping = Channel.CreateUnbounded<int>(options);
            var pong = Channel.CreateUnbounded<int>(options);
            int rounds = messages / 2;
            var clock = Stopwatch.StartNew();
            Task<long> server = Task.Run(() => Serve(ping.Reader, pong.Writer, rounds));
            Task<long> client = Task.Run(() => Play(ping.Writer, pong.Reader, rounds));
            if (!Task.WaitAll([server, client], Patience))
                throw new TimeoutException("ping-pong did not finish");
            clock.Stop();
            if (client.Result != (long)rounds * (rounds + 1) / 2 || server.Result != (long)rounds * (rounds - 1) / 2)
                throw new InvalidOperationException("ping-pong lost a message");
            return clock.Elapsed;
        }

        private static async Task<long> Play(ChannelWriter<int> ping, ChannelReader<int> pong, int rounds)
        {
            long sum = 0;
            for (int i = 0; i < rounds; i++)
            {
                await ping.WriteAsync(i).ConfigureAwait(false);
                sum += await pong.ReadAsync().ConfigureAwait(false);
            }
            return sum;
        }

        private static async Task<long> Serve(ChannelReader<int> ping, ChannelWriter<int> pong, int rounds)
        {
            long sum = 0;
            for (int i = 0; i < rounds; i++)
            {
                int ball = await ping.ReadAsync().ConfigureAwait(false);
                sum += ball;
                await pong.WriteAsync(ball + 1).ConfigureAwait(false);
            }
            return sum;
        }

        /// <summary>
        /// An async recursion <paramref name="depth"/> calls deep on a thread with a
        /// <paramref name="stackBytes"/> stack. Each level completes synchronously, so the native stack
        /// grows with it; it stops where the runtime says the stack is nearly exhausted (a real stack
        /// overflow would kill the process) and reports the depth it reached.
        /// </summary>
        public static (long Reached, TimeSpan Elapsed) Recursion(int depth, int stackBytes)
        {
            long reached = 0;
            var clock = new Stopwatch();
            var thread = new Thread(() =>
            {
                clock.Start();
                reached = Depth(depth).GetAwaiter().GetResult();
                clock.Stop();
            }, stackBytes);
            thread.Start();
            thread.Join();
            return (reached, clock.Elapsed);
        }

        private static async Task<long> Depth(int n)
        {
            if (n == 0 || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
                return 0;
            return await Depth(n - 1) + 1;
        }
    }
}
