using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>Suspension points inside every statement form (one focused program per construct).</summary>
    public class ControlFlowTests
    {
        // A feeder that sends 1..n then closes; shared by most programs.
        private const string Feeder = """
                static Channel<int> ch = new();
                [Tasklet]
                static void Feed(Channel<int> c, int n)
                {
                    for (int i = 1; i <= n; i++) { L("send " + i); c.Send(i); }
                    c.Close();
                }
            """;

        [Fact]
        public void IfElse_WithSuspensionInConditionAndBranches()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int M()
                {
                    int r = 0;
                    if (ch.Receive() > 1) { r = 100; }
                    else { r = ch.Receive() * 10; L("else " + r); }
                    if (r > 5) r += ch.Receive(); else r -= 1;
                    return r;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 3);");
            Assert.EndsWith("result 23", trace); // 1 → else: 2*10 = 20; 20 > 5 → + 3
        }

        [Fact]
        public void While_WithSuspensionInConditionAndBody_BreakAndContinue()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int M()
                {
                    int sum = 0, x;
                    while ((x = ch.Receive()) < 100)
                    {
                        if (x == 2) continue;
                        if (x == 5) break;
                        sum += x * ch.Receive();
                    }
                    return sum;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 9);");
            // x=1: 1*2 = 2; x=3: 3*4 = 12; x=5: break → 14
            Assert.EndsWith("result 14", trace);
        }

        [Fact]
        public void DoWhile_WithSuspensionInBodyAndCondition()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    var seen = new List<int>();
                    do { seen.Add(ch.Receive()); } while (ch.Receive() != 6);
                    return string.Join(",", seen);
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 6);");
            Assert.EndsWith("result 1,3,5", trace);
        }

        [Fact]
        public void For_WithSuspensionInConditionBodyAndIncrementor()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int M()
                {
                    int total = 0;
                    for (int i = ch.Receive(); i < ch.Receive() * 2; i += ch.Receive())
                    {
                        L("i " + i);
                        total += i;
                    }
                    return total;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 20);");
            // i=1 (recv 1); cond: 1 < 2*2 → body (1); incr += 3 → 4; cond 4 < 4*2 → body(4); incr += 5 → 9; cond 9 < 6*2 → body (9); incr += 7 → 16; cond 16 < 8*2 false.
            Assert.EndsWith("result 14", trace);
        }

        [Fact]
        public void ForEach_OverArrayListAndEnumerable_WithSuspensionInBody()
        {
            string trace = Differential.Same(Feeder + """
                static IEnumerable<int> Numbers()
                {
                    try { for (int i = 10; i < 50; i += 10) yield return i; }
                    finally { L("enumerator disposed"); }
                }
                [Tasklet]
                static int M()
                {
                    int total = 0;
                    foreach (var a in new[] { 1, 2 }) total += a * ch.Receive();
                    foreach (long b in new List<int> { 3 }) total += (int)b * ch.Receive();
                    foreach (int c in Numbers())
                    {
                        if (c == 30) break;
                        total += c + ch.Receive();
                    }
                    return total;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 10);");
            // 1*1 + 2*2 + 3*3 = 14; 10+4 + 20+5 = 39 → 53
            Assert.Contains("enumerator disposed", trace);
            Assert.EndsWith("result 53", trace);
        }

        [Fact]
        public void ForEach_OverChannel_WithBreak()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int M()
                {
                    int n = 0;
                    foreach (var x in ch)
                    {
                        L("got " + x);
                        if (x == 3) break;
                        n += x;
                    }
                    foreach (var y in ch) n += 100 * y;
                    return n;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.EndsWith("result 903", trace); // 1+2, then 4 and 5 → 900
        }

        [Fact]
        public void Switch_WithPatternsWhenGuardsGotoCaseAndDefault()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    var parts = new List<string>();
                    for (int k = 0; k < 5; k++)
                    {
                        object o = k == 3 ? "text" : ch.Receive();
                        switch (o)
                        {
                            case int i when i > ch.Receive() - 3:
                                parts.Add("big " + i);
                                break;
                            case int i:
                                parts.Add("int " + i);
                                goto case "x";
                            case "x":
                                parts.Add("x " + ch.Receive());
                                break;
                            case string s:
                                parts.Add("str " + s.Length);
                                break;
                            default:
                                parts.Add("default");
                                break;
                        }
                    }
                    return string.Join(";", parts);
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 30);");
            Assert.DoesNotContain("exception", trace);
        }

        [Fact]
        public void SwitchExpression_WithSuspensionInGoverningAndArms()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int M()
                {
                    int a = ch.Receive() switch { 1 => 10, _ => 20 };
                    int b = a switch { 10 => ch.Receive() * 100, var other => other };
                    return a + b;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 3);");
            Assert.EndsWith("result 210", trace);
        }

        [Fact]
        public void LabelsAndGoto_BackwardAndForward()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int M()
                {
                    int n = 0;
                again:
                    int x = ch.Receive();
                    if (x == 4) goto done;
                    n += x;
                    goto again;
                done:
                    return n;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 9);");
            Assert.EndsWith("result 6", trace);
        }

        [Fact]
        public void ReturnFromNestedLoops()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    for (int i = 0; i < 3; i++)
                        for (int j = 0; j < 3; j++)
                        {
                            int v = ch.Receive();
                            if (v == 5) return i + ":" + j;
                        }
                    return "none";
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 9);");
            Assert.EndsWith("result 1:1", trace);
        }

        [Fact]
        public void ExpressionBodiedTasklet()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int M() => ch.Receive() + ch.Receive() * 10;
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 2);");
            Assert.EndsWith("result 21", trace);
        }

        [Fact]
        public void ScheduleAndScheduleRemove_InterleaveWithOtherTasklets()
        {
            string trace = Differential.Same("""
                static Tasklet? paused;
                [Tasklet]
                static void Other(string name)
                {
                    for (int i = 0; i < 3; i++) { L(name + " " + i); Scheduler.Schedule(); }
                    paused?.Insert();
                }
                [Tasklet]
                static int M()
                {
                    for (int i = 0; i < 3; i++) { L("M " + i); Scheduler.Schedule(); }
                    paused = Scheduler.Current;
                    L("pausing");
                    Scheduler.ScheduleRemove();
                    L("unpaused");
                    return 1;
                }
                """, "M()", init: "paused = null;", partners: "SpawnOther(\"a\");");
            Assert.Contains("unpaused", trace);
        }
    }
}
