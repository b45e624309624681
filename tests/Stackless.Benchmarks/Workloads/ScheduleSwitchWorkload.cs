using System.Threading.Tasks;
using Stackless.Benchmarks.Frames;
using Stackless.Benchmarks.Tasklets;
using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Workloads
{
    /// <summary><c>Scheduler.Schedule()</c> in a loop in N tasklets, against <c>await Task.Yield()</c> in N tasks.</summary>
    internal static class ScheduleSwitchWorkload
    {
        /// <summary>Each of <paramref name="tasklets"/> tasklets switches <paramref name="switchesEach"/> times.</summary>
        public static void Ours(int tasklets, int switchesEach)
        {
            for (int t = 0; t < tasklets; t++)
                BenchmarkTasklets.SpawnScheduleLoop(switchesEach);
            Scheduler.Run();
        }

        /// <summary>The same with the hand-written frame (the floor the generated code is held to).</summary>
        public static void Floor(int tasklets, int switchesEach)
        {
            for (int t = 0; t < tasklets; t++)
                TaskletFrame.Spawn(new ScheduleLoopFrame(switchesEach));
            Scheduler.Run();
        }

        /// <summary>The C# equivalent: N tasks each awaiting <c>Task.Yield()</c> (thread pool, no synchronization context).</summary>
        public static void Baseline(int tasks, int yieldsEach)
        {
            var all = new Task[tasks];
            for (int t = 0; t < tasks; t++)
                all[t] = YieldLoop(yieldsEach);
            Task.WaitAll(all);
        }

        private static async Task YieldLoop(int count)
        {
            for (int i = 0; i < count; i++)
                await Task.Yield();
        }
    }
}
