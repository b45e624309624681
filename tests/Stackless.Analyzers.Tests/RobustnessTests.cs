using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Stackless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Stackless.Analyzers.Tests
{
    /// <summary>Code being typed does not compile: the analyzer must neither throw (AD0001) nor guess.</summary>
    public class RobustnessTests
    {
        [Fact]
        public Task BrokenCodeInAndAroundTaskletsReportsOnlyWhatBinds()
        {
            var test = new AnalyzerVerifier.Test
            {
                CompilerDiagnostics = CompilerDiagnostics.None,
                TestCode = """
                    using System.Threading;
                    using Stackless;

                    partial class C
                    {
                        [Tasklet]
                        static void M(Channel<int> ch)
                        {
                            Thread.Sleeep(1);
                            Undefined(ch);
                            ch.Send(Missing.Value);
                            Helper(1, 2);
                            Thread.{|TSK101:Sleep(1)|};
                            ch.
                        }

                        static void Helper() => ch.Send(1);

                        [Tasklet]
                        static int Broken(Channel<int> ch) => Recurse(ch) +;

                        static int Recurse(Channel<int> ch) => Recurse(ch);
                    }
                    """,
            };
            return test.RunAsync(CancellationToken.None);
        }
    }
}
