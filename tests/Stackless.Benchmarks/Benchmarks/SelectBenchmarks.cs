using BenchmarkDotNet.Attributes;
using Stackless.Benchmarks.Workloads;

namespace Stackless.Benchmarks.Benchmarks
{
    /// <summary>design.md §6 v2: select over 2 channels, one ready, round trip (bar ≤ 2× ping-pong), beside ping-pong itself.</summary>
    [MemoryDiagnoser]
    public class SelectBenchmarks
    {
        private const int RoundTrips = 100_000;

        [Benchmark(OperationsPerInvoke = RoundTrips)]
        public void StacklessSelect() => SelectWorkload.Ours(RoundTrips);

        [Benchmark(OperationsPerInvoke = RoundTrips)]
        public void StacklessSelectHandWrittenFloor() => SelectWorkload.Floor(RoundTrips);

        [Benchmark(Baseline = true, OperationsPerInvoke = RoundTrips)]
        public void StacklessPingPong() => PingPongWorkload.Ours(1, RoundTrips);

        [Benchmark(OperationsPerInvoke = RoundTrips)]
        public void ChannelsReadAsyncWithCancellation() => SelectWorkload.Baseline(RoundTrips);
    }
}
