using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// <c>Scheduler.Sleep</c> as a suspension point (declared with [SuspensionPoint] on the runtime's API) in generated
    /// code, under virtual time: each program runs called from main and spawned, and both traces must agree.
    /// Times are logged relative to the start, so a thread's earlier virtual time does not matter.
    /// </summary>
    public class SleepTests
    {
        // A ticker partner: logs the virtual time every 15 ms, three times.
        private const string Ticker = """
                static TimeSpan t0;
                static double T() => (Scheduler.Now - t0).TotalMilliseconds;
                [Tasklet]
                static void Tick()
                {
                    for (int i = 0; i < 3; i++) { Scheduler.Sleep(TimeSpan.FromMilliseconds(15)); L("tick " + T()); }
                }
            """;

        private const string VirtualStart = "Scheduler.VirtualTime = true; t0 = Scheduler.Now;";

        [Fact]
        public void SleepInALoop_InterleavesWithAnotherSleeperByDueTime()
        {
            Differential.Outcome o = Differential.Run(Ticker + """
                [Tasklet]
                static int M()
                {
                    int n = 0;
                    for (int i = 1; i <= 3; i++)
                    {
                        Scheduler.Sleep(TimeSpan.FromMilliseconds(10 * i));
                        L("woke " + T());
                        n += i;
                    }
                    return n;
                }
                """, "M()", init: VirtualStart, partners: "SpawnTick();");
            Assert.Equal(o.Direct, o.Spawned);
            // M wakes at 10, 30, 60; the ticker at 15, 30, 45. At 30 both are due: M slept first (at 10, the ticker at 15).
            Assert.Equal(string.Join("\n", "woke 10", "tick 15", "woke 30", "tick 30", "tick 45", "woke 60", "result 6"), o.Direct);
            Assert.Contains("Scheduler.BeginSleep(this", o.Generated);
        }

        [Fact]
        public void SleepInTryCatchFinally_AndInAFinallyBlock()
        {
            string trace = Differential.Same(Ticker + """
                [Tasklet]
                static int M()
                {
                    int r = 0;
                    try
                    {
                        Scheduler.Sleep(TimeSpan.FromMilliseconds(20));
                        L("try " + T());
                        throw new InvalidOperationException("x");
                    }
                    catch (InvalidOperationException e)
                    {
                        Scheduler.Sleep(TimeSpan.FromMilliseconds(5));
                        L("catch " + e.Message + " " + T());
                        r = 1;
                    }
                    finally
                    {
                        Scheduler.Sleep(TimeSpan.FromMilliseconds(40));
                        L("finally " + T());
                    }
                    return r;
                }
                """, "M()", init: VirtualStart, partners: "SpawnTick();");
            Assert.Equal(string.Join("\n", "tick 15", "try 20", "catch x 25", "tick 30", "tick 45", "finally 65", "result 1"), trace);
        }

        [Fact]
        public void SleepWithADelayComputedBySuspendingExpressions_AndZeroAsSchedule()
        {
            string trace = Differential.Same(Ticker + """
                static Channel<int> ch = new();
                [Tasklet]
                static void Feed() { ch.Send(12); ch.Send(3); Scheduler.Sleep(TimeSpan.FromMilliseconds(50)); ch.Send(7); }
                [Tasklet]
                static double M()
                {
                    Scheduler.Sleep(TimeSpan.FromMilliseconds(ch.Receive() + ch.Receive() * 2));
                    double a = T();
                    L("a " + a);
                    Scheduler.Sleep(TimeSpan.Zero);
                    Scheduler.Sleep(a > 10 ? TimeSpan.FromMilliseconds(ch.Receive()) : TimeSpan.Zero);
                    return T();
                }
                """, "M()", init: VirtualStart + " ch = new();", partners: "SpawnFeed(); SpawnTick();");
            // The first delay is 12 + 3*2 = 18 ms; a = 18 > 10, so the third sleep's delay is received: the feeder sends 7
            // at 50 (main waits on the channel meanwhile: sleepers are pending, so it is no deadlock), and M returns at 57.
            Assert.Equal(string.Join("\n", "tick 15", "a 18", "tick 30", "tick 45", "result 57"), trace);
        }

        [Fact]
        public void SleepInSwitchAndUsing_ThenKilledWhileAsleep_RunsItsFinally()
        {
            string trace = Differential.Same(Ticker + """
                sealed class Res : IDisposable { public void Dispose() => L("disposed " + T()); }
                [Tasklet]
                static void Sleeper(int k)
                {
                    using (new Res())
                    {
                        switch (k)
                        {
                            case 1: Scheduler.Sleep(TimeSpan.FromMilliseconds(10)); L("case 1 " + T()); break;
                            default: Scheduler.Sleep(TimeSpan.FromHours(1)); L("never"); break;
                        }
                        Scheduler.Sleep(TimeSpan.FromHours(1));
                        L("never either");
                    }
                }
                [Tasklet]
                static int M()
                {
                    Tasklet a = SpawnSleeper(1), b = SpawnSleeper(2);
                    Scheduler.Sleep(TimeSpan.FromMilliseconds(20));
                    a.Kill();
                    b.Kill();
                    L("killed " + T() + " " + a.IsAlive + " " + b.IsAlive);
                    return 0;
                }
                """, "M()", init: VirtualStart);
            Assert.Equal(string.Join("\n", "case 1 10", "disposed 20", "disposed 20", "killed 20 False False", "result 0"), trace);
        }
    }
}
