using System.Threading.Tasks;
using Stackless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Stackless.Analyzers.Tests
{
    /// <summary>
    /// TSK117: a loop (or backward goto) of a [Tasklet] method that the watchdog cannot interrupt — in a lambda, an
    /// anonymous method, or a local function that may run later — and none where the generator checks or counts it.
    /// </summary>
    public class UninterruptibleLoopTests
    {
        private const string LaterFunction = "(made a delegate, called from a lambda, async or an iterator)";

        [Fact]
        public Task LoopsInClosuresThatMayRunLaterAreReported() => AnalyzerVerifier.VerifyAsync(
            """
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static int M(int[] xs)
                {
                    int total = 0;
                    Array.ForEach(xs, x => { {|#0:while|} (x > 1) { x /= 2; total++; } });
                    Func<int, int> f = delegate (int v) { int s = 0; {|#1:for|} (int i = 0; i < v; i++) s += i; return s; };
                    void Stored() { {|#2:foreach|} (int x in xs) total += x; }
                    Action a = Stored;
                    void FromLambda() { int i = 0; {|#3:do|} i++; while (i < 3); }
                    Action b = () => FromLambda();
                    async Task Later() { await Task.Yield(); {|#4:while|} (total > 0) total--; }
                    IEnumerable<int> Numbers() { {|#5:for|} (int i = 0; ; i++) yield return i; }
                    Action c = () => { int k = 0; again: k++; if (k < 3) {|#6:goto|} again; };
                    a(); b(); c();
                    return total + f(3) + Later().Id + Numbers().GetEnumerator().Current;
                }
            }
            """,
            AnalyzerVerifier.Diagnostic("TSK117").WithLocation(0).WithArguments("a lambda"),
            AnalyzerVerifier.Diagnostic("TSK117").WithLocation(1).WithArguments("an anonymous method"),
            AnalyzerVerifier.Diagnostic("TSK117").WithLocation(2).WithArguments("local function 'Stored' " + LaterFunction),
            AnalyzerVerifier.Diagnostic("TSK117").WithLocation(3).WithArguments("local function 'FromLambda' " + LaterFunction),
            AnalyzerVerifier.Diagnostic("TSK117").WithLocation(4).WithArguments("local function 'Later' " + LaterFunction),
            AnalyzerVerifier.Diagnostic("TSK117").WithLocation(5).WithArguments("local function 'Numbers' " + LaterFunction),
            AnalyzerVerifier.Diagnostic("TSK117").WithLocation(6).WithArguments("a lambda"));

        [Fact]
        public Task CheckedOrCountedLoopsAndLoopsOutsidePreemptibleTaskletsAreNotReported() => AnalyzerVerifier.VerifyAsync("""
            using System;
            using System.Linq;
            using Stackless;

            partial class C
            {
                // Ordinary code: the watchdog never applied.
                static int Plain(int[] xs)
                {
                    Func<int, int> f = v => { while (v > 1) v /= 2; return v; };
                    return f(xs[0]);
                }

                // Preemptible = false asked for no checks.
                [Tasklet(Preemptible = false)]
                static int Quiet(int[] xs)
                {
                    Func<int, int> f = v => { while (v > 1) v /= 2; return v; };
                    return f(xs[0]);
                }

                // The body's loops are checked; the local functions it only calls (static, nested, recursive, calling each
                // other) count their steps; lambdas without loops and a forward goto in a lambda are no loops.
                [Tasklet]
                static int Counted(int[] xs)
                {
                    int total = 0;
                    foreach (int x in xs) total += x;
                    int Sum(int n) { int s = 0; for (int i = 0; i < n; i++) s += Inner(i); return s; int Inner(int v) { while (v > 9) v /= 10; return v; } }
                    static int Digits(int v) { int d = 0; do { d++; v /= 10; } while (v != 0); return d; }
                    int Back(int v) { int k = 0; again: k++; if (k < v) goto again; return k + (v > 0 ? Back(v - 1) : 0); }
                    Action<int> forward = v => { if (v > 0) goto done; v++; done: ; };
                    forward(1);
                    Scheduler.Schedule();
                    return total + Sum(3) + Digits(1234) + Back(2) + xs.Where(x => x > 1).Select(x => x * 2).Sum() + nameof(Sum).Length;
                }
            }
            """);
    }
}
