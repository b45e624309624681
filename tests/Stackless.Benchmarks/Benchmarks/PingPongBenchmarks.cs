using BenchmarkDotNet.Attributes;
using Stackless.Benchmarks.Workloads;

namespace Stackless.Benchmarks.Benchmarks
{
    /// <summary>design.md §6: unbuffered channel ping-pong, one round trip (bar ≤ 55 ns), against System.Threading.Channels.</summary>
    [MemoryDiagnoser]
    public class PingPongBenchmarks
    {
        private const int RoundTrips = 100_000;

        [Benchmark(OperationsPerInvoke = RoundTrips)]
        public void StacklessChannel() => PingPongWorkload.Ours(1, RoundTrips);

        [Benchmark(OperationsPerInvoke = RoundTrips)]
        public void StacklessHandWrittenFloor() => PingPongWorkload.Floor(1, RoundTrips);

        [Benchmark(Baseline = true, OperationsPerInvoke = RoundTrips)]
        public void ChannelsUnbounded() => PingPongWorkload.BaselineUnbounded(1, RoundTrips);

        [Benchmark(OperationsPerInvoke = RoundTrips)]
        public void ChannelsBounded1() => PingPongWorkload.BaselineBounded(1, RoundTrips);
    }
}
