using System.Threading.Channels;
using Bcl = System.Threading.Channels;
using System.Threading.Tasks;
using Stackless.Benchmarks.Frames;
using Stackless.Benchmarks.Tasklets;
using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Workloads
{
    /// <summary>
    /// Spawn a tasklet that runs and blocks on a receive. Measured warm: <see cref="OursSpawn"/> is the
    /// timed part, <see cref="OursRelease"/> (untimed) wakes and ends them so the memory is reused.
    /// </summary>
    internal static class SpawnParkWorkload
    {
        /// <summary>Spawns <paramref name="count"/> tasklets and runs them until all are parked on <paramref name="ch"/>.</summary>
        public static void OursSpawn(Channel<int> ch, int count)
        {
            for (int i = 0; i < count; i++)
                BenchmarkTasklets.SpawnPark(ch);
            Scheduler.Run();
        }

        /// <summary>The same with the hand-written frame (the floor).</summary>
        public static void FloorSpawn(Channel<int> ch, int count)
        {
            for (int i = 0; i < count; i++)
                TaskletFrame.Spawn(new ParkFrame(ch));
            Scheduler.Run();
        }

        /// <summary>Wakes every parked tasklet with a value; each returns and ends.</summary>
        public static void OursRelease(Channel<int> ch)
        {
            while (ch.Balance < 0)
                ch.Send(1);
        }

        /// <summary>The C# equivalent: an async method that awaits a read, called (it runs until it parks).</summary>
        public static void BaselineSpawn(Bcl.Channel<int> ch, Task<int>[] tasks)
        {
            ChannelReader<int> reader = ch.Reader;
            for (int i = 0; i < tasks.Length; i++)
                tasks[i] = ParkAsync(reader);
        }

        public static void BaselineRelease(Bcl.Channel<int> ch, Task<int>[] tasks)
        {
            for (int i = 0; i < tasks.Length; i++)
                ch.Writer.TryWrite(1);
            Task.WaitAll(tasks);
        }

        public static Bcl.Channel<int> CreateBaselineChannel() => Bcl.Channel.CreateUnbounded<int>();

        private static async Task<int> ParkAsync(ChannelReader<int> reader) => await reader.ReadAsync();
    }
}
