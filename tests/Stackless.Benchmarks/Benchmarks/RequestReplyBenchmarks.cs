using System;
using BenchmarkDotNet.Attributes;
using Stackless.Benchmarks.Workloads;

namespace Stackless.Benchmarks.Benchmarks
{
    /// <summary>
    /// Request/reply with a fresh reply channel per request (Go style), ns per request: a channel that one tasklet waits
    /// on once and then drops. Guards the census (issue 14): watching every such channel made this ~20x slower once.
    /// </summary>
    [MemoryDiagnoser]
    public class RequestReplyBenchmarks
    {
        private const int Requests = 100_000;
        private const int BaselineRequests = 10_000;

        [Benchmark(OperationsPerInvoke = Requests)]
        public long StacklessRequestReply() => Check(RequestReplyWorkload.Ours(Requests), RequestReplyWorkload.Expected(Requests));

        [Benchmark(OperationsPerInvoke = Requests)]
        public long StacklessHandWrittenFloor() => Check(RequestReplyWorkload.Floor(Requests), RequestReplyWorkload.Expected(Requests));

        [Benchmark(Baseline = true, OperationsPerInvoke = BaselineRequests)]
        public long TaskChannelsRequestReply() => Check(RequestReplyWorkload.Baseline(BaselineRequests), RequestReplyWorkload.Expected(BaselineRequests));

        private static long Check(long sum, long expected) =>
            sum == expected ? sum : throw new InvalidOperationException($"request/reply sum {sum}, expected {expected}");
    }
}
