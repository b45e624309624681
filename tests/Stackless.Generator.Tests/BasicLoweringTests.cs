using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    public class BasicLoweringTests
    {
        [Fact]
        public void ProduceAndSum_PipelineOfDesignDoc()
        {
            string trace = Differential.Same("""
                static Channel<int> ch = new();
                [Tasklet]
                static void Produce(Channel<int> output, int count)
                {
                    for (int i = 0; i < count; i++)
                        output.Send(i);
                    output.Close();
                }
                [Tasklet]
                static int Sum(Channel<int> input)
                {
                    int total = 0;
                    foreach (int x in input)
                        total += x;
                    return total;
                }
                """, "Sum(ch)", init: "ch = new Channel<int>();", partners: "SpawnProduce(ch, 1000);");
            Assert.Equal("result 499500", trace);
        }
    }
}
