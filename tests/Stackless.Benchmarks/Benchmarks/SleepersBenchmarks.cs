using BenchmarkDotNet.Attributes;
using Stackless.Benchmarks.Workloads;

namespace Stackless.Benchmarks.Benchmarks
{
    /// <summary>
    /// design.md §6 v2: 1,000,000 tasklets asleep at once under virtual time; sleep + wake (bar ≤ 100 ns). The setup
    /// (not timed) spawns them and runs each to its first sleep; the benchmark wakes each three times (two more sleeps
    /// and the end). Bytes per sleeper: <c>--memory</c>.
    /// </summary>
    [InvocationCount(1)]
    public class SleepersBenchmarks
    {
        private const int Sleepers = 1_000_000;
        private const int Rounds = 3;

        /// <summary>False: every tasklet sleeps 10 ms (wakes in sleep order); true: delays spread over 1-1,000 ms.</summary>
        [Params(false, true)]
        public bool Spread { get; set; }

        [IterationSetup]
        public void SpawnAsleep() => SleepersWorkload.SpawnAsleep(Sleepers, Rounds, Spread);

        [Benchmark(OperationsPerInvoke = Sleepers * Rounds)]
        public void SleepAndWake() => SleepersWorkload.WakeAll(Sleepers, Rounds, Spread);
    }
}
