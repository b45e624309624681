using Stackless;
using Stackless.CompilerServices;
using Xunit;

namespace Stackless.Runtime.Tests
{
    public class SmokeTests
    {
        [Fact]
        public void ProduceAndSum_ReturnsTheSum()
        {
            var ch = new Channel<int>();
            TaskletFrame.Spawn(new ProduceFrame(ch, 1000));
            Tasklet<int> sum = TaskletFrame.Spawn(new SumFrame(ch));
            Scheduler.Run();
            Assert.Equal(499500, sum.Result);
            Assert.False(sum.IsAlive);
            Assert.Equal(1, Scheduler.RunCount);
        }

        [Fact]
        public void MillionDeepFrameChain_CompletesWithoutStackOverflow()
        {
            Tasklet<long> t = TaskletFrame.Spawn(new DepthFrame(1_000_000));
            Scheduler.Run();
            Assert.Equal(1_000_000L, t.Result);
        }
    }
}
