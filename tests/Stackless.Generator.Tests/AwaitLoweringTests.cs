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

        [Fact]
        public void GeneratedCode_EndOfAnAnonymousResult_GoesThroughAHelperNamingItsType()
        {
            var o = Differential.Run("""
                [Tasklet]
                static int One() => Tasklet.Await(Task.FromResult(new { A = 1 })).A;
                """, "One()", usings: Usings);
            Assert.Equal("result 1", o.Direct);
            Assert.Equal(o.Direct, o.Spawned);
            Assert.Contains("=> global::Stackless.Tasklet.EndAwait<__A1>(__frame);", o.Generated);
            Assert.Contains("__End1(this, false ? new { A = default(int) } : default)", o.Generated);
        }
    
        // Tasklet.Await of a Task<T>/ValueTask<T> whose T is anonymous: EndAwait<T>(this) takes nothing to infer T from,
        // and 'a cannot be written, so the frame calls it through a generic helper given an example of T.
        [Fact]
        public void TaskOfAnonymousType_ResultLivesAcrossLaterAwaits()
        {
            string trace = Differential.Same("""
                [Tasklet]
                static string M(int n)
                {
                    var a = Tasklet.Await(Task.FromResult(new { A = n, S = "s" }));
                    var b = Tasklet.Await(Task.Run(() => new { A = a.A * 2, S = a.S + "t" }));
                    Scheduler.Schedule();
                    return a + ";" + b + ";" + (a.GetType() == b.GetType());
                }
                """, "M(3)", usings: Usings);
            Assert.Equal("result { A = 3, S = s };{ A = 6, S = st };True", trace);
        }

        [Fact]
        public void ValueTaskOfAnonymousType_NestedAnonymous_AndTypesBuiltFromThem()
        {
            string trace = Differential.Same("""
                static ValueTask<T> Later<T>(T value) => new ValueTask<T>(Task.Run(() => value));
                static ValueTask<T> Now<T>(T value) => new ValueTask<T>(value);

                [Tasklet]
                static string M(int n)
                {
                    var now = Tasklet.Await(Now(new { K = n }));
                    var later = Tasklet.Await(Later(new { K = now.K + 1, Inner = new { S = "in", D = 1.5 } }));
                    var rows = Tasklet.Await(Task.FromResult(new[] { new { Q = 1 }, new { Q = 2 } }));
                    var list = Tasklet.Await(Later(new[] { 3, 4 }.Select(q => new { Q = q }).ToList()));
                    var pair = Tasklet.Await(Later((n, new { Q = 9 })));
                    Scheduler.Schedule();
                    return now + ";" + later.Inner.S + later.K + ";" + rows.Sum(r => r.Q) + list.Sum(r => r.Q) + ";" + pair.Item2.Q
                        + ";" + (rows[0].GetType() == list[0].GetType());
                }
                """, "M(1)", usings: Usings);
            Assert.Equal("result { K = 1 };in2;37;9;True", trace);
        }

        [Fact]
        public void AwaitOfAnonymousType_InConditionsAndExpressions()
        {
            string trace = Differential.Same("""
                static int Step(string what, int v) { L(what); return v; }

                [Tasklet]
                static int M(int n)
                {
                    int total = 0;
                    if (Tasklet.Await(Task.FromResult(new { Ok = n > 0 })).Ok) total += 1;
                    while (Tasklet.Await(Task.Run(() => new { More = total < 3 })).More) total++;
                    total += Step("left", 10) + Tasklet.Await(Task.FromResult(new { V = Step("arg", 100) })).V * 2;
                    total += n > 5 ? 0 : Tasklet.Await(Task.Run(() => new { W = 1000 })).W;
                    bool both = Tasklet.Await(Task.FromResult(new { B = true })).B && Tasklet.Await(Task.FromResult(new { B = n == 1 })).B;
                    return both ? total : -total;
                }
                """, "M(1)", usings: Usings);
            Assert.Equal("left\narg\nresult 1213", trace);
        }
}
}
