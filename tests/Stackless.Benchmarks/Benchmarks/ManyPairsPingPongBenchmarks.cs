using BenchmarkDotNet.Attributes;
using Stackless.Benchmarks.Workloads;

namespace Stackless.Benchmarks.Benchmarks
{
    /// <summary>Ping-pong with 1,000 pairs at once (a run queue and working set far bigger than one pair's); ns per round trip.</summary>
    [MemoryDiagnoser]
    public class ManyPairsPingPongBenchmarks
    {
        private const int Pairs = 1_000;
        private const int RoundTripsEach = 100;

        [Benchmark(OperationsPerInvoke = Pairs * RoundTripsEach)]
        public void StacklessChannel() => PingPongWorkload.Ours(Pairs, RoundTripsEach);

        [Benchmark(OperationsPerInvoke = Pairs * RoundTripsEach)]
        public void StacklessHandWrittenFloor() => PingPongWorkload.Floor(Pairs, RoundTripsEach);

        [Benchmark(Baseline = true, OperationsPerInvoke = Pairs * RoundTripsEach)]
        public void ChannelsUnbounded() => PingPongWorkload.BaselineUnbounded(Pairs, RoundTripsEach);
    }
}
