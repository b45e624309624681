using BenchmarkDotNet.Attributes;
using Stackless.Benchmarks.Workloads;

namespace Stackless.Benchmarks.Benchmarks
{
    /// <summary>design.md §6: <c>Scheduler.Schedule()</c> switch with 2 and 1,000 tasklets (bar ≤ 11 ns), against <c>await Task.Yield()</c>.</summary>
    [MemoryDiagnoser]
    public class ScheduleSwitchBenchmarks
    {
        private const int Switches = 200_000;

        [Params(2, 1_000)]
        public int Tasklets { get; set; }

        [Benchmark(OperationsPerInvoke = Switches)]
        public void StacklessSchedule() => ScheduleSwitchWorkload.Ours(Tasklets, Switches / Tasklets);

        [Benchmark(OperationsPerInvoke = Switches)]
        public void StacklessHandWrittenFloor() => ScheduleSwitchWorkload.Floor(Tasklets, Switches / Tasklets);

        [Benchmark(Baseline = true, OperationsPerInvoke = Switches)]
        public void TaskYield() => ScheduleSwitchWorkload.Baseline(Tasklets, Switches / Tasklets);
    }
}
