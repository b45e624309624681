using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// Shapes taken from ordinary application code — parsing loops, retry loops, resource handling, helpers with
    /// defaults — each run spawned and called directly from main. Expected values are worked out by hand.
    /// </summary>
    public class EverydayCSharpTests
    {
        private const string Feeder = TestPrograms.Feeder;

        private static string Run(string members, string call, int feed = 10) =>
            Differential.Same(Feeder + members, call, init: "ch = new();", partners: "SpawnFeed(ch, " + feed + ");");

        [Fact]
        public void TryParseOutVars_AndWhileWithAPatternInItsCondition()
        {
            string trace = Run("""
                static Queue<string> words = new();
                static string? Next() => words.Count > 0 ? words.Dequeue() : null;
                [Tasklet]
                static string M()
                {
                    words = new Queue<string>(new[] { "4", "x", "6", "7" });
                    int sum = 0;
                    while (Next() is { } word)
                    {
                        if (int.TryParse(word, out var v) && v > ch.Receive())
                            sum += v * 10 + ch.Receive();
                    }
                    return sum.ToString();
                }
                """, "M()");
            // "4": 4 > 1 -> sum += 40 + 2 = 42; "x": parse fails, no receive; "6": 6 > 3 -> += 60 + 4 = 106;
            // "7": 7 > 5 -> += 70 + 6 = 182.
            Assert.EndsWith("result 182", trace);
        }

        [Fact]
        public void RetryLoop_WithCatchThatSuspends_AndRethrowAfterTheLastAttempt()
        {
            string trace = Run("""
                static int attempts;
                static int Flaky(int v) { attempts++; if (v < 3) throw new TimeoutException("attempt " + attempts + " got " + v); return v; }
                [Tasklet]
                static int M()
                {
                    attempts = 0;
                    for (int retry = 0; ; retry++)
                    {
                        try
                        {
                            return Flaky(ch.Receive());
                        }
                        catch (TimeoutException e) when (retry < 5)
                        {
                            L(e.Message);
                            Scheduler.Schedule();              // back off
                            L("retrying after " + ch.Receive());
                        }
                    }
                }
                """, "M()");
            // attempt 1 gets 1 (fails), back off, receive 2; attempt 2 gets 3 -> returns 3.
            Assert.Equal("attempt 1 got 1\nretrying after 2\nresult 3", trace);
        }

        [Fact]
        public void UsingVarPerIteration_IsDisposedEveryIteration_EvenWhenTheLoopSuspends()
        {
            string trace = Run("""
                sealed class Conn : IDisposable { public int Id; public void Dispose() => L("dispose " + Id); }
                [Tasklet]
                static int M()
                {
                    int total = 0;
                    for (int i = 0; i < 3; i++)
                    {
                        using var c = new Conn { Id = i };
                        total += ch.Receive();
                        if (i == 1) continue;
                        L("used " + c.Id);
                    }
                    return total;
                }
                """, "M()");
            Assert.Equal("used 0\ndispose 0\ndispose 1\nused 2\ndispose 2\nresult 6", trace);
        }

        [Fact]
        public void DoWhileWithSuspendingCondition_AndCaseLabelsThatShareABody()
        {
            string trace = Run("""
                [Tasklet]
                static string M()
                {
                    string s = "";
                    int v;
                    do
                    {
                        v = ch.Receive();
                        switch (v)
                        {
                            case 1:
                            case 2:
                                s += "low";
                                break;
                            case 3 when s.Length > 0:
                                s += "three" + ch.Receive();       // receives 4
                                break;
                            default:
                                s += v;
                                break;
                        }
                    } while (ch.Receive() < 6);                   // after 1: 2 (<6) ; after 3..: see below
                    return s;
                }
                """, "M()");
            // v=1 low, cond 2<6; v=3 three4, cond 5<6; v=6 "6", cond 7 -> stop.
            Assert.EndsWith("result lowthree46", trace);
        }

        [Fact]
        public void TaskletCalls_WithNamedAndDefaultArguments_ReturningTuplesAndNullables()
        {
            string trace = Run("""
                [Tasklet]
                static (int Min, int Max) Range(int count, int start = 0)
                {
                    int min = int.MaxValue, max = int.MinValue;
                    for (int i = start; i < count; i++)
                    {
                        int v = ch.Receive();
                        min = Math.Min(min, v);
                        max = Math.Max(max, v);
                    }
                    return (min, max);
                }
                [Tasklet]
                static int? Maybe(bool give) => give ? ch.Receive() : null;
                [Tasklet]
                static string M()
                {
                    var r = Range(start: 1, count: 4);            // 3 values: 1, 2, 3
                    int? a = Maybe(false);
                    int? b = Maybe(give: true);                   // 4
                    (int lo, int hi) = Range(2);                  // 5, 6
                    return $"{r.Min}-{r.Max} {a?.ToString() ?? "none"} {b} {lo}-{hi}";
                }
                """, "M()");
            Assert.EndsWith("result 1-3 none 4 5-6", trace);
        }

        [Fact]
        public void ExtensionTasklets_CalledWithReceiverSyntax()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int M() => ch.TakeSum(3) + ch.TakeSum(2);      // (1+2+3) + (4+5)
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 10);", usings: """
                public static partial class ChannelExtensions
                {
                    [Tasklet]
                    public static int TakeSum(this Channel<int> c, int n)
                    {
                        int s = 0;
                        while (n-- > 0) s += c.Receive();
                        return s;
                    }
                }
                """);
            Assert.EndsWith("result 15", trace);
        }

        [Fact]
        public void SpanAndRefLocals_UsedOnlyBetweenSuspensionPoints()
        {
            string trace = Run("""
                [Tasklet]
                static int M()
                {
                    int[] data = new int[4];
                    int a = ch.Receive();
                    {
                        Span<int> s = data;
                        s[0] = a;
                        ref int slot = ref data[1];
                        slot = a * 10;
                    }
                    int b = ch.Receive();
                    Span<int> tail = data.AsSpan(2);
                    tail.Fill(b);
                    return data[0] + data[1] + data[2] + data[3];
                }
                """, "M()");
            Assert.EndsWith("result 15", trace);   // 1 + 10 + 2 + 2
        }
    }
}
