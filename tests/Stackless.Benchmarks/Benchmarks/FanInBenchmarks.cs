using BenchmarkDotNet.Attributes;
using Stackless.Benchmarks.Workloads;

namespace Stackless.Benchmarks.Benchmarks
{
    /// <summary>Fan-in: 10,000 senders to one receiver; ns per message.</summary>
    [MemoryDiagnoser]
    public class FanInBenchmarks
    {
        private const int Senders = 10_000;
        private const int MessagesEach = 10;
        private const int BaselineMessagesEach = 2;

        [Benchmark(OperationsPerInvoke = Senders * MessagesEach)]
        public long StacklessFanIn() => FanInWorkload.Ours(Senders, MessagesEach);

        [Benchmark(OperationsPerInvoke = Senders * MessagesEach)]
        public long StacklessHandWrittenFloor() => FanInWorkload.Floor(Senders, MessagesEach);

        [Benchmark(Baseline = true, OperationsPerInvoke = Senders * BaselineMessagesEach)]
        public long ChannelsBounded1() => FanInWorkload.BaselineBounded(Senders, BaselineMessagesEach);

        [Benchmark(OperationsPerInvoke = Senders * BaselineMessagesEach)]
        public long ChannelsUnbounded() => FanInWorkload.BaselineUnbounded(Senders, BaselineMessagesEach);
    }
}
