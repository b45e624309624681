using System.Threading.Tasks;
using Stackless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Stackless.Analyzers.Tests
{
    public class SmokeTests
    {
        [Fact]
        public Task SleepInTasklet() => AnalyzerVerifier.VerifyAsync("""
            using System.Threading;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void M(Channel<int> ch)
                {
                    Thread.{|TSK101:Sleep(100)|};
                    ch.Send(1);
                }
            }
            """);
    }
}
