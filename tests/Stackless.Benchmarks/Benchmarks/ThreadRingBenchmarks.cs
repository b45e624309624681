using System;
using BenchmarkDotNet.Attributes;
using Stackless.Benchmarks.Workloads;

namespace Stackless.Benchmarks.Benchmarks
{
    /// <summary>design.md §6: thread-ring of 503 tasklets, ns per pass (bar ≤ 27 ns).</summary>
    [MemoryDiagnoser]
    public class ThreadRingBenchmarks
    {
        private const int Nodes = 503;
        private const int Passes = 1_000_000;
        private const int BaselinePasses = 100_000;

        [Benchmark(OperationsPerInvoke = Passes)]
        public int StacklessRing() => Check(ThreadRingWorkload.Ours(Nodes, Passes), Passes % Nodes);

        [Benchmark(OperationsPerInvoke = Passes)]
        public int StacklessHandWrittenFloor() => Check(ThreadRingWorkload.Floor(Nodes, Passes), Passes % Nodes);

        [Benchmark(Baseline = true, OperationsPerInvoke = BaselinePasses)]
        public int TaskChannelsRing() => Check(ThreadRingWorkload.Baseline(Nodes, BaselinePasses), BaselinePasses % Nodes);

        private static int Check(int winner, int expected) =>
            winner == expected ? winner : throw new InvalidOperationException($"ring winner {winner}, expected {expected}");
    }
}
