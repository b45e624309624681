using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// Tasklet.Await is a declared suspension point ([SuspensionPoint(BeginAwait, EndAwait)]): in a [Tasklet] method it
    /// suspends the tasklet; called directly from main it pumps the scheduler. Both runs must agree.
    /// </summary>
    public class AwaitLoweringTests
    {
        private const string Usings = "using System.Threading.Tasks;";

        [Fact]
        public void EveryOverload_Results_FaultsAndCancellation_AsTheDirectRun()
        {
            string trace = Differential.Same("""
                [Tasklet]
                static int Fetch(int n)
                {
                    L("start");
                    int a = Tasklet.Await(Task.Run(() => n * 2));
                    L("a " + a);
                    Tasklet.Await(Task.Delay(5));
                    Tasklet.Await(new ValueTask(Task.Delay(1)));
                    string s = Tasklet.Await(new ValueTask<string>("vt"));
                    L("s " + s);
                    try { Tasklet.Await(Task.Run(() => throw new FormatException("bad"))); }
                    catch (FormatException e) { L("caught " + e.Message); }
                    try { Tasklet.Await(Task.FromCanceled(new System.Threading.CancellationToken(true))); }
                    catch (OperationCanceledException e) { L("cancelled " + e.GetType().Name); }
                    return a + s.Length;
                }
                """, "Fetch(20)", usings: Usings);
            Assert.Equal("start\na 40\ns vt\ncaught bad\ncancelled TaskCanceledException\nresult 42", trace);
        }

        [Fact]
        public void AwaitsInsideExpressions_SpillLeftToRight()
        {
            string trace = Differential.Same("""
                static int Step(string what, int v) { L(what); return v; }

                [Tasklet]
                static int Mix() =>
                    Step("left", 1) + Tasklet.Await(Task.Run(() => Step("first", 2))) * Tasklet.Await(Task.FromResult(Step("second", 3)))
                    + (Step("cond", 0) == 0 ? Tasklet.Await(Task.FromResult(10)) : 0);
                """, "Mix()", usings: Usings);
            Assert.Equal("left\nfirst\nsecond\ncond\nresult 17", trace);
        }

        [Fact]
        public void AwaitInALoop_WithChannelPartners_AndInCatchAndFinally()
        {
            string trace = Differential.Same("""
                static Channel<int> ch = new();

                [Tasklet]
                static void Feed() { for (int i = 1; i <= 3; i++) ch.Send(i); ch.Close(); }

                [Tasklet]
                static int Consume()
                {
                    int total = 0;
                    foreach (int x in ch)
                    {
                        total += Tasklet.Await(Task.Run(() => x * 10));
                        L("got " + x);
                    }
                    try { throw new InvalidOperationException("boom"); }
                    catch (InvalidOperationException) { total += Tasklet.Await(Task.FromResult(1)); L("catch awaited"); }
                    finally { Tasklet.Await(Task.Delay(1)); L("finally awaited"); }
                    return total;
                }
                """, "Consume()", init: "ch = new Channel<int>();", partners: "SpawnFeed();", usings: Usings);
            Assert.Equal("got 1\ngot 2\ngot 3\ncatch awaited\nfinally awaited\nresult 61", trace);
        }

        [Fact]
        public void GeneratedCode_CallsTheDeclaredPair()
        {
            var o = Differential.Run("""
                [Tasklet]
                static int One(Task<int> t) => Tasklet.Await(t);
                """, "One(Task.FromResult(1))", usings: Usings);
            Assert.Contains("Tasklet.BeginAwait<int>(this, t)", o.Generated);
            Assert.Contains("Tasklet.EndAwait<int>(this)", o.Generated);
        }
    }
}
