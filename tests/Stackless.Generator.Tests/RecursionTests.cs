using System.Reflection;
using System.Threading;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    public class RecursionTests
    {
        [Fact]
        public void RecursionOneMillionDeep_ThroughAGeneratedTasklet_Completes()
        {
            GeneratorOutcome outcome = TestCompiler.CompileClean("""
                using Stackless;
                public static partial class Deep
                {
                    [Tasklet]
                    static long Depth(int n) => n == 0 ? 0 : Depth(n - 1) + 1;

                    [Tasklet]
                    static long SumTo(int n)
                    {
                        if (n == 0) return 0;
                        long rest = SumTo(n - 1);
                        return rest + n;
                    }

                    public static string Run()
                    {
                        Tasklet<long> depth = SpawnDepth(1_000_000);
                        Tasklet<long> sum = SpawnSumTo(1_000_000);
                        Scheduler.Run();
                        return depth.Result + " " + sum.Result;
                    }
                }
                """);
            Assembly asm = TestCompiler.Load(outcome.Output);
            string result = "";
            // A small native stack proves the trampoline: the frames live on the heap.
            var thread = new Thread(() => result = (string)asm.GetType("Deep")!.GetMethod("Run")!.Invoke(null, null)!, 256 * 1024);
            thread.Start();
            thread.Join();
            Assert.Equal("1000000 500000500000", result);
        }
    }
}
