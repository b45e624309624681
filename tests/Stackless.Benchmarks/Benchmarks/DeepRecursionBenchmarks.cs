using System;
using BenchmarkDotNet.Attributes;
using Stackless.Benchmarks.Workloads;

namespace Stackless.Benchmarks.Benchmarks
{
    /// <summary>
    /// design.md §6: recursion 1,000,000 [Tasklet] frames deep, then unwind (bar ≤ 50 ns a frame), against plain
    /// recursion and async recursion at a depth they survive (10,000: async overflows the stack below 50,000).
    /// </summary>
    [MemoryDiagnoser]
    public class DeepRecursionBenchmarks
    {
        private const int Depth = 1_000_000;
        private const int NativeDepth = 10_000;

        [Benchmark(OperationsPerInvoke = Depth)]
        public long StacklessFrames() => Check(DeepRecursionWorkload.Ours(Depth), Depth);

        [Benchmark(OperationsPerInvoke = Depth)]
        public long StacklessHandWrittenFloor() => Check(DeepRecursionWorkload.Floor(Depth), Depth);

        [Benchmark(Baseline = true, OperationsPerInvoke = NativeDepth)]
        public long AsyncRecursion() => Check(DeepRecursionWorkload.Async(NativeDepth).GetAwaiter().GetResult(), NativeDepth);

        [Benchmark(OperationsPerInvoke = NativeDepth)]
        public long PlainRecursion() => Check(DeepRecursionWorkload.Plain(NativeDepth), NativeDepth);

        private static long Check(long depth, long expected) =>
            depth == expected ? depth : throw new InvalidOperationException($"depth {depth}, expected {expected}");
    }
}
