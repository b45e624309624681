using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>Select.Wait (a declared suspension point) in [Tasklet] code: each program run from main and spawned.</summary>
    public class SelectTests
    {
        // One feeder sends 1..3 on a, then 1..2 on b, then closes quit: the outcome does not depend on the random choice.
        private const string Channels = """
                static Channel<int> a = new(), b = new(), quit = new();
                [Tasklet]
                static void Feed()
                {
                    for (int i = 1; i <= 3; i++) a.Send(i);
                    for (int i = 1; i <= 2; i++) b.Send(i);
                    quit.Close();
                }

            """;

        private const string Init = "a = new(); b = new(); quit = new(); Scheduler.Seed = 1;";

        [Fact]
        public void SelectInALoop_UntilQuitIsClosed()
        {
            string trace = Differential.Same(Channels + """
                [Tasklet]
                static int M()
                {
                    var select = new Select();
                    int ia = select.Receive(a);
                    int ib = select.Receive(b);
                    int iq = select.Receive(quit);
                    int sum = 0;
                    while (true)
                    {
                        int fired = select.Wait();
                        if (fired == iq) { L("quit closed " + select.Closed(iq)); break; }
                        int v = fired == ia ? select.Value(a) : 100 * select.Value(b);
                        L("got " + v);
                        sum += v;
                    }
                    return sum;
                }
                """, "M()", init: Init, partners: "SpawnFeed();");
            Assert.Equal("got 1\ngot 2\ngot 3\ngot 100\ngot 200\nquit closed True\nresult 306", trace);
        }

        [Fact]
        public void SelectWait_InConditionsOperandsAndArguments()
        {
            string trace = Differential.Same(Channels + """
                static int Twice(int x) => 2 * x;
                [Tasklet]
                static string M(bool yes)
                {
                    var select = new Select();
                    select.Receive(quit);
                    select.Receive(a);
                    select.Receive(b);
                    var seen = new List<string>();
                    while (select.Wait() == 1)                      // a while condition
                        seen.Add("a" + select.Value(a));
                    seen.Add("b" + select.Value(b));                 // the loop ended on b's first value
                    if (yes && select.Wait() == 2)                   // the right operand of &&
                        seen.Add("b" + select.Value(b));
                    seen.Add("arg " + Twice(select.Wait()));         // an argument: quit is closed now
                    seen.Add(select.Wait() == 0 ? "closed again" : "?"); // a conditional's condition
                    return string.Join(",", seen);
                }
                """, "M(true)", init: Init, partners: "SpawnFeed();");
            Assert.EndsWith("result a1,a2,a3,b1,b2,arg 0,closed again", trace);
        }

        [Fact]
        public void SendCasesAndDefault_AndTryReceiveInATasklet()
        {
            string trace = Differential.Same("""
                static Channel<string> outA = new(), outB = new();
                [Tasklet]
                static void Drain(Channel<string> c, int n) { for (int i = 0; i < n; i++) L("drained " + c.Receive()); }
                [Tasklet]
                static int M()
                {
                    var select = new Select();
                    int sent = 0;
                    for (int i = 0; i < 6; i++)
                    {
                        select.Clear();
                        select.Send(outA, "a" + i);
                        select.Send(outB, "b" + i);
                        if (i >= 4) select.Default();
                        int f = select.Wait();
                        L(i + ": case " + f);
                        if (f < 2) sent++;
                    }
                    L("try " + outA.TryReceive(out string? none) + " " + (none ?? "null"));
                    return sent;
                }
                """, "M()", init: "outA = new(); outB = new(); Scheduler.Seed = 3;", partners: "SpawnDrain(outA, 2); SpawnDrain(outB, 2);");
            // Four values are taken (two each side); the last two waits find nobody and take the default.
            Assert.Contains("4: case 2", trace);
            Assert.Contains("5: case 2", trace);
            Assert.EndsWith("try False null\nresult 4", trace);
        }

        [Fact]
        public void KillWhileWaitingInASelect_RunsFinally_AndLeavesEveryQueue()
        {
            string trace = Differential.Same("""
                static Channel<int> a = new(), b = new();
                [Tasklet]
                static void Waiter()
                {
                    var select = new Select();
                    select.Receive(a);
                    select.Send(b, 1);
                    try { select.Wait(); L("fired"); }
                    finally { L("finally"); }
                }
                [Tasklet]
                static void M()
                {
                    Tasklet t = SpawnWaiter();
                    Scheduler.Schedule();
                    L("balances " + a.Balance + " " + b.Balance + " blocked " + t.IsBlocked);
                    t.Kill();
                    L("balances " + a.Balance + " " + b.Balance + " alive " + t.IsAlive);
                }
                """, "M()", init: "a = new(); b = new();", isVoid: true);
            Assert.Equal("balances -1 1 blocked True\nfinally\nbalances 0 0 alive False\ndone", trace);
        }
    }
}
