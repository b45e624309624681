using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// A [Tasklet] method called inside a lambda, anonymous method, local function or query clause of a [Tasklet]
    /// method is the ordinary call it is (nothing can suspend there; analyzer TSK116 warns), not a TSK007 refusal of
    /// the whole method. Each program runs spawned and called directly from main; expected values are worked out by hand.
    /// </summary>
    public class ClosureCallTests
    {
        [Fact]
        public void AssertThrowsLikeDelegate()
        {
            string trace = Differential.Same("""
                static T? Catch<T>(Action action) where T : Exception
                {
                    try { action(); } catch (T e) { return e; }
                    return null;
                }
                [Tasklet] static int Check(int x) { if (x < 0) throw new ArgumentException("negative " + x); return x; }
                [Tasklet]
                static string M()
                {
                    Scheduler.Schedule();
                    ArgumentException? e = Catch<ArgumentException>(() => Check(-1));
                    Scheduler.Schedule();
                    return e!.Message + "/" + (Catch<ArgumentException>(() => Check(2)) is null);
                }
                """, "M()");
            Assert.EndsWith("result negative -1/True", trace);
        }

        [Fact]
        public void SelectWithALambdaCallingATasklet()
        {
            string trace = Differential.Same("""
                [Tasklet] static int Distance(int a, int b) => Math.Abs(a - b);
                [Tasklet] static int Echo(int v) { Scheduler.Schedule(); return v; }
                [Tasklet]
                static int M(int[] xs, int y)
                {
                    Scheduler.Schedule();
                    int total = xs.Select(x => Distance(x, y)).Sum();
                    Scheduler.Schedule();
                    // Echo is a nested frame (it suspends); the lambda in its argument calls Distance as ordinary code.
                    return total * 100 + Echo(xs.Select(x => Distance(x, 2 * y)).Sum()) * 10 + y;
                }
                """, "M(new[] { 1, 5, 9 }, 4)");
            // |1-4| + |5-4| + |9-4| = 3 + 1 + 5 = 9; |1-8| + |5-8| + |9-8| = 7 + 3 + 1 = 11; y survives every suspension.
            Assert.EndsWith("result 1014", trace);
        }

        [Fact]
        public void LocalFunctionAndAnonymousMethodCallingTasklets()
        {
            string trace = Differential.Same("""
                [Tasklet] static int Square(int v) => v * v;
                [Tasklet]
                static int M(int n)
                {
                    int SumOfSquares(int k) { int s = 0; for (int i = 1; i <= k; i++) s += Square(i); return s; }
                    Func<int, int> cube = delegate (int v) { return Square(v) * v; };
                    Scheduler.Schedule();
                    int a = SumOfSquares(n);
                    Scheduler.Schedule();
                    return a * 100 + cube(n);
                }
                """, "M(3)");
            // 1 + 4 + 9 = 14; 3^3 = 27.
            Assert.EndsWith("result 1427", trace);
        }

        [Fact]
        public void QueryClausesCallingTasklets()
        {
            string trace = Differential.Same("""
                [Tasklet] static bool IsOdd(int v) => v % 2 != 0;
                [Tasklet] static int Twice(int v) => 2 * v;
                [Tasklet]
                static int[] M(int[] xs)
                {
                    Scheduler.Schedule();
                    var odd = from x in xs where IsOdd(x) let d = Twice(x) orderby d descending select d + Twice(1);
                    return odd.ToArray();
                }
                """, "M(new[] { 1, 2, 3, 5 })");
            // odd 1, 3, 5 -> d = 2, 6, 10 -> descending 10, 6, 2 -> + 2.
            Assert.EndsWith("result [12, 8, 4]", trace);
        }

        [Fact]
        public void InstanceAndBaseTaskletCallsInALambda()
        {
            string trace = Differential.Same("""
                public partial class Base { [Tasklet] public virtual int Value(int x) => x + 1; }
                public partial class Derived : Base
                {
                    [Tasklet] public override int Value(int x) => x * 100;
                    [Tasklet]
                    public int M(int[] xs)
                    {
                        Scheduler.Schedule();
                        return xs.Select(x => base.Value(x) + Value(x)).Sum();
                    }
                }
                """, "new Derived().M(new[] { 1, 2 })", spawnCall: "new Derived().SpawnM(new[] { 1, 2 })");
            // (2 + 100) + (3 + 200) = 305: base.Value is the base's body, Value the override's.
            Assert.EndsWith("result 305", trace);
        }

        [Fact]
        public void ACalleeThatSuspends_ThrowsInsideATasklet_AndRunsTheSchedulerFromMain()
        {
            Differential.Outcome o = Differential.Run("""
                [Tasklet] static int Slow(int v) { Scheduler.Schedule(); return v; }
                [Tasklet]
                static int M(int[] xs)
                {
                    Scheduler.Schedule();
                    return xs.Select(x => Slow(x)).Sum();
                }
                """, "M(new[] { 1, 2, 3 })");
            // Called from main, Slow's Schedule() runs the scheduler (nothing else is runnable) and returns.
            Assert.EndsWith("result 6", o.Direct);
            // Spawned, Slow runs as ordinary code inside the tasklet: its Schedule() cannot suspend it, and says why.
            Assert.Contains("exception InvalidOperationException: Scheduler.Schedule() was called from", o.Spawned);
            Assert.Contains("ordinary code", o.Spawned);
        }

        [Fact]
        public void SuspendingOperationsInsideALambda_RemainTSK007()
        {
            var outcome = TestCompiler.RunGenerator(TestCompiler.CreateCompilation(("Program.cs", """
                using System;
                using Stackless;
                partial class C
                {
                    [Tasklet] static int Helper(Channel<int> c) => c.Receive();
                    [Tasklet] static void Bad(Channel<int> c) { Func<int> f = () => Helper(c) + c.Receive(); f(); }
                }
                """)));
            var d = Assert.Single(outcome.GeneratorDiagnostics);
            Assert.Equal("TSK007", d.Id);
            Assert.Contains("c.Receive()", d.GetMessage());
        }

        [Fact]
        public void ATaskletCallInAQuerysSource_IsASuspensionPoint_RefusedWithAFix()
        {
            // The first from clause runs where the query is (not in a lambda), so Items(c) is a nested frame there,
            // which the lowering cannot place inside a query: the fix is a local before it.
            var outcome = TestCompiler.RunGenerator(TestCompiler.CreateCompilation(("Program.cs", """
                using System.Linq;
                using Stackless;
                partial class C
                {
                    [Tasklet] static int[] Items(Channel<int> c) => new[] { c.Receive() };
                    [Tasklet] static int Bad(Channel<int> c) => (from x in Items(c) select x + 1).Sum();
                    [Tasklet] static int Good(Channel<int> c) { int[] items = Items(c); return (from x in items select x + 1).Sum(); }
                }
                """)));
            var d = Assert.Single(outcome.GeneratorDiagnostics);
            Assert.Equal("TSK010", d.Id);
            Assert.Contains("A suspension point in a query's source ('Items(c)')", d.GetMessage());
            Assert.Contains("assign the sequence to a local before the query", d.GetMessage());
        }
    }
}
