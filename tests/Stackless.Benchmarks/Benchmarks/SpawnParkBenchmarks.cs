using System.Collections.Generic;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Stackless.Benchmarks.Workloads;

namespace Stackless.Benchmarks.Benchmarks
{
    /// <summary>
    /// design.md §6: spawn a tasklet that then blocks on a receive, warm (bar ≤ 100 ns). Each invocation spawns a
    /// batch that parks; the iteration cleanup (not timed) wakes them all so their memory is reused.
    /// </summary>
    [MemoryDiagnoser]
    public class SpawnParkBenchmarks
    {
        private const int Batch = 100_000;

        private readonly Stackless.Channel<int> ours = new();
        private System.Threading.Channels.Channel<int> theirs = SpawnParkWorkload.CreateBaselineChannel();
        private readonly List<Task<int>[]> theirTasks = new();

        [Benchmark(OperationsPerInvoke = Batch)]
        public void StacklessSpawnPark() => SpawnParkWorkload.OursSpawn(ours, Batch);

        [Benchmark(OperationsPerInvoke = Batch)]
        public void StacklessHandWrittenFloor() => SpawnParkWorkload.FloorSpawn(ours, Batch);

        [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
        public void TaskSpawnPark()
        {
            var tasks = new Task<int>[Batch];
            SpawnParkWorkload.BaselineSpawn(theirs, tasks);
            theirTasks.Add(tasks);
        }

        [IterationCleanup]
        public void Release()
        {
            SpawnParkWorkload.OursRelease(ours);
            foreach (Task<int>[] tasks in theirTasks)
                SpawnParkWorkload.BaselineRelease(theirs, tasks);
            theirTasks.Clear();
            theirs = SpawnParkWorkload.CreateBaselineChannel();
        }
    }
}
