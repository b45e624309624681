using System.Threading.Tasks;
using Stackless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Stackless.Analyzers.Tests
{
    /// <summary>TSK116: a [Tasklet] method called inside a lambda, anonymous method, local function or query clause of a [Tasklet] method.</summary>
    public class TaskletCallInClosureTests
    {
        [Fact]
        public Task TaskletCallsInsideClosuresOfATaskletAreReported() => AnalyzerVerifier.VerifyAsync(
            """
            using System;
            using System.Linq;
            using Stackless;

            partial class C
            {
                [Tasklet] static int Distance(int a, int b) => Math.Abs(a - b);
                [Tasklet] static bool IsOdd(int v) => v % 2 != 0;
                [Tasklet] int Scale(int v) => v * 2;

                static void Throws(Action action) { try { action(); } catch (Exception) { } }

                [Tasklet]
                int M(int[] xs, int y)
                {
                    Throws(() => {|#0:Distance(-1, y)|});
                    int total = xs.Select(x => {|#1:Distance(x, y)|}).Sum();
                    int Local(int v) => {|#2:Scale(v)|};
                    Func<int, int> f = delegate (int v) { return this.{|#3:Scale(v)|}; };
                    var odd = from x in xs where {|#4:IsOdd(x)|} select x;
                    Scheduler.Schedule();
                    return total + Local(1) + f(2) + odd.Count();
                }
            }
            """,
            AnalyzerVerifier.Diagnostic("TSK116").WithLocation(0).WithArguments("C.Distance", "lambda"),
            AnalyzerVerifier.Diagnostic("TSK116").WithLocation(1).WithArguments("C.Distance", "lambda"),
            AnalyzerVerifier.Diagnostic("TSK116").WithLocation(2).WithArguments("C.Scale", "local function"),
            AnalyzerVerifier.Diagnostic("TSK116").WithLocation(3).WithArguments("C.Scale", "anonymous method"),
            AnalyzerVerifier.Diagnostic("TSK116").WithLocation(4).WithArguments("C.IsOdd", "query"));

        [Fact]
        public Task TaskletCallsInTheBodyAndClosuresOutsideTaskletsAreNotReported() => AnalyzerVerifier.VerifyAsync("""
            using System;
            using System.Linq;
            using Stackless;

            partial class C
            {
                [Tasklet] static int Twice(int v) => 2 * v;
                static int Plain(int v) => v;

                static int Main()
                {
                    Func<int, int> f = v => Twice(v);   // ordinary code: any call there is ordinary
                    return f(1);
                }

                [Tasklet]
                static int M(int[] xs)
                {
                    int a = Twice(1);                                    // a nested frame
                    int b = xs.Select(x => Plain(x)).Sum();             // not [Tasklet]
                    var q = from x in xs select x;
                    Scheduler.Schedule();
                    return a + b + q.Count();
                }
            }
            """);
    }
}
