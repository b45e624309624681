using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>try/catch/finally with suspension points in every part; finally exactly once, never on suspension.</summary>
    public class ExceptionHandlingTests
    {
        private const string Feeder = TestPrograms.Feeder;

        [Fact]
        public void TryCatch_ExceptionSentThroughChannel_IsCaught()
        {
            string trace = Differential.Same("""
                static Channel<int> ch = new();
                [Tasklet]
                static void Thrower() { ch.Send(1); ch.SendException(new InvalidOperationException("boom")); ch.Send(3); }
                [Tasklet]
                static int M()
                {
                    int total = 0;
                    for (int i = 0; i < 3; i++)
                    {
                        try { total += ch.Receive(); L("received"); }
                        catch (InvalidOperationException e) when (e.Message == "boom") { L("caught " + e.Message); total += 100; }
                        finally { L("finally " + i); }
                    }
                    return total;
                }
                """, "M()", init: "ch = new();", partners: "SpawnThrower();");
            Assert.Equal("received\nfinally 0\ncaught boom\nfinally 1\nreceived\nfinally 2\nresult 104", trace);
        }

        [Fact]
        public void Finally_RunsOnceOnReturnBreakContinue_NeverOnSuspension()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int M()
                {
                    int n = 0;
                    while (true)
                    {
                        try
                        {
                            int x = ch.Receive();
                            if (x == 2) continue;
                            if (x == 4) break;
                            n += x;
                            ch.Receive();
                        }
                        finally { L("finally n=" + n); }
                    }
                    try
                    {
                        n += ch.Receive();
                        return n;
                    }
                    finally { L("last finally"); }
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 9);");
            // x=1: n=1, receive 2 (discarded); x=3: n=4, receive 4; x=5 → n=9, receive 6; x=7: n=16, receive 8; x=9 → n=25, receive → closed → exception
            Assert.Contains("finally n=", trace);
        }

        [Fact]
        public void SuspensionInCatch_AndRethrow()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int M()
                {
                    int r = 0;
                    try
                    {
                        try { throw new FormatException("bad"); }
                        catch (FormatException e)
                        {
                            r = ch.Receive();
                            L("in catch " + e.Message + " " + r);
                            if (r == 1) throw;
                        }
                    }
                    catch (Exception e2)
                    {
                        L("outer " + e2.GetType().Name + " " + ch.Receive());
                    }
                    return r + ch.Receive();
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.Equal("in catch bad 1\nouter FormatException 2\nresult 4", trace);
        }

        [Fact]
        public void SuspensionInFinally_WithReturnAndException()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int Inner(bool fail)
                {
                    try
                    {
                        if (fail) throw new InvalidOperationException("inner failed");
                        return 10;
                    }
                    finally
                    {
                        L("finally got " + ch.Receive());
                    }
                }
                [Tasklet]
                static int M()
                {
                    int a = Inner(false);
                    int b;
                    try { b = Inner(true); }
                    catch (InvalidOperationException e) { L("caught " + e.Message); b = 5; }
                    for (int i = 0; i < 3; i++)
                    {
                        try { if (i == 1) continue; if (i == 2) break; }
                        finally { L("loop finally " + ch.Receive()); }
                    }
                    return a + b;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 9);");
            Assert.Equal("finally got 1\nfinally got 2\ncaught inner failed\nloop finally 3\nloop finally 4\nloop finally 5\nresult 15", trace);
        }

        [Fact]
        public void UsingStatementAndDeclaration_DisposeInReverseOrderOnce()
        {
            string trace = Differential.Same(Feeder + """
                sealed class Res : IDisposable
                {
                    private readonly string _name;
                    public Res(string name) { _name = name; L("open " + name); }
                    public void Dispose() => L("dispose " + _name);
                }
                [Tasklet]
                static int M()
                {
                    int n = 0;
                    using (var a = new Res("a"))
                    {
                        n += ch.Receive();
                    }
                    using var b = new Res("b");
                    using var c = new Res("c" + ch.Receive());
                    n += ch.Receive();
                    return n;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 9);");
            Assert.Equal("open a\ndispose a\nopen b\nopen c2\ndispose c2\ndispose b\nresult 4", trace);
        }

        [Fact]
        public void NestedCallException_RethrownInCallerWithOriginalTrace()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int Deep(int n)
                {
                    if (n == 0) { ch.Receive(); throw new ArgumentException("deep failure"); }
                    return Deep(n - 1) + 1;
                }
                [Tasklet]
                static string M()
                {
                    try { return "value " + Deep(3); }
                    catch (ArgumentException e) { return e.Message + " at " + (e.StackTrace!.Contains("Deep") ? "Deep" : "?"); }
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 9);");
            Assert.Equal("result deep failure at Deep", trace);
        }

        [Fact]
        public void ExceptionThroughFramesWithAndWithoutHandlers_RunsEveryFinallyInOrder_AndReachesTheCatch()
        {
            // Level has no handler: the scheduler passes the exception by its frames without resuming them. Guard, every
            // 100th level, has a finally: its frame resumes and rethrows, as before. Both runs must log the same.
            string trace = Differential.Same("""
                [Tasklet]
                static int Level(int n, List<string> log)
                {
                    if (n == 0) { Scheduler.Schedule(); throw new FormatException("bottom"); }
                    if (n % 100 == 0) return Guard(n, log);
                    return Level(n - 1, log) + 1;
                }
                [Tasklet]
                static int Guard(int n, List<string> log)
                {
                    try { return Level(n - 1, log) + 1; }
                    finally { log.Add("f" + n); }
                }
                [Tasklet]
                static string Top(int n)
                {
                    var log = new List<string>();
                    try { return "returned " + Level(n, log); }
                    catch (FormatException e) { return e.Message + " " + string.Join(",", log) + " at " + (e.StackTrace!.Contains("Level") ? "Level" : "?"); }
                }
                """, "Top(1000)");
            // The finallys run innermost first: levels 100, 200, …, 1000.
            Assert.Equal("result bottom f100,f200,f300,f400,f500,f600,f700,f800,f900,f1000 at Level", trace);
        }

        [Fact]
        public void UncaughtException_EndsTaskletAndReachesMain()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int M()
                {
                    int x = ch.Receive();
                    if (x == 1) throw new InvalidOperationException("failed after " + x);
                    return x;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 9);");
            Assert.EndsWith("exception InvalidOperationException: failed after 1", trace);
        }
    
        [Fact]
        public void GotoWithinACatchOfATryWhoseFinallySuspends_AndUsingDeclarationInACopiedBlock()
        {
            string trace = Differential.Same(Feeder + """
                sealed class Res : IDisposable { public void Dispose() => L("dispose"); }
                [Tasklet]
                static int M()
                {
                    int r = 0;
                    try
                    {
                        throw new FormatException("f");
                    }
                    catch (FormatException)
                    {
                        r = ch.Receive();
                        if (r == 1) goto skip;
                        r = 100;
                    skip:
                        L("after skip " + r);
                    }
                    finally
                    {
                        L("finally " + ch.Receive());
                    }
                    for (int i = 0; i < 3; i++)
                    {
                        switch (ch.Receive())
                        {
                            case 3:
                            {
                                L("three");
                                if (i == 1) break;
                                using var res = new Res();
                                L("using");
                            }
                            break;
                            default:
                                L("other");
                                break;
                        }
                    }
                    return r;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 9);");
            Assert.Equal("after skip 1\nfinally 2\nthree\nusing\ndispose\nother\nother\nresult 1", trace);
        }
    }
}
