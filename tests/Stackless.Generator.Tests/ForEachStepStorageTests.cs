using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// A foreach over a channel keeps no frame field for what lives within one step (issue 15): its variable and the
    /// received item are locals of MoveNext when nothing else in the loop suspends, and a parameter that nothing assigns is
    /// read again at each step instead of copied. The channel stays copied whenever the body could change what the name
    /// refers to, and the variable stays a field whenever a suspension point comes between it and a use.
    /// </summary>
    public class ForEachStepStorageTests
    {
        private const string Feeder = """
                static Channel<int> ch = new();
                static Channel<int> other = new();
                static Channel<int> sink = new();
                [Tasklet]
                static void Feed(Channel<int> c, int n)
                {
                    for (int i = 1; i <= n; i++) c.Send(i);
                    c.Close();
                }
                [Tasklet]
                static void Drain(Channel<int> c)
                {
                    foreach (int v in c) L("got " + v);
                }
            """;

        private const string Init = "ch = new(); other = new(); sink = new();";

        /// <summary>The fields the generated frame class <paramref name="frame"/> declares, as written.</summary>
        private static List<string> FieldsOf(string generated, string frame)
        {
            int start = generated.IndexOf("class " + frame, StringComparison.Ordinal);
            Assert.True(start >= 0, frame + " not generated:\n" + generated);
            int body = generated.IndexOf("protected override void MoveNext()", start, StringComparison.Ordinal);
            return Regex.Matches(generated.Substring(start, body - start), @"(?m)^[ \t]*((?:internal|private) [^(=\n]+;)[ \t]*(?://.*)?\r?$")
                .Select(m => m.Groups[1].Value).ToList();
        }

        [Fact]
        public void ForEachOverAParameter_KeepsOnlyTheParameterAndWhatOutlivesTheLoop()
        {
            Differential.Outcome o = Differential.Run(Feeder + """
                [Tasklet]
                static int Sum(Channel<int> input)
                {
                    int total = 0;
                    foreach (int x in input)
                        total += x * x;
                    return total;
                }
                """, "Sum(ch)", init: Init, partners: "SpawnFeed(ch, 5);");
            Assert.Equal(o.Direct, o.Spawned);
            Assert.EndsWith("result 55", o.Spawned); // 1 + 4 + 9 + 16 + 25
            Assert.Equal(new[] { "internal global::Stackless.Channel<int> input;", "internal int total;" }, FieldsOf(o.Generated, "__Sum_Frame"));
            Assert.Contains("int x = default!;", o.Generated);
            Assert.Contains("if (input.BeginReceive(this)) return;", o.Generated);
        }

        [Fact]
        public void AParameterTheBodyAssigns_IsCopied_AndTheLoopGoesOnOverTheChannelItStartedWith()
        {
            // Read again at each step, `input` would be `other` from the second step on: the loop would wait on the wrong
            // channel (C# evaluates the collection once).
            Differential.Outcome o = Differential.Run(Feeder + """
                static void Retarget(ref Channel<int> c, Channel<int> to) => c = to;

                [Tasklet]
                static string Assigned(Channel<int> input, Channel<int> to)
                {
                    string seen = "";
                    foreach (int x in input) { seen += x + ","; input = to; }
                    return seen + (input == to);
                }

                [Tasklet]
                static string ByRef(Channel<int> input, Channel<int> to)
                {
                    string seen = "";
                    foreach (int x in input) { seen += x + ","; Retarget(ref input, to); }
                    return seen + (input == to);
                }

                [Tasklet]
                static string InALambda(Channel<int> input, Channel<int> to)
                {
                    string seen = "";
                    Action retarget = () => input = to;
                    foreach (int x in input) { seen += x + ","; retarget(); }
                    return seen + (input == to);
                }

                [Tasklet]
                static string InALocalFunction(Channel<int> input, Channel<int> to)
                {
                    string seen = "";
                    foreach (int x in input) { seen += x + ","; Retarget(); }
                    return seen + (input == to);
                    void Retarget() => input = to;
                }

                [Tasklet]
                static string All(Channel<int> a, Channel<int> b, Channel<int> c, Channel<int> d)
                {
                    var to = new Channel<int>();
                    return Assigned(a, to) + " " + ByRef(b, to) + " " + InALambda(c, to) + " " + InALocalFunction(d, to);
                }

                static Channel<int> third = new();
                static Channel<int> fourth = new();
                """, "All(ch, other, third, fourth)", init: Init + " third = new(); fourth = new();",
                partners: "SpawnFeed(ch, 3); SpawnFeed(other, 3); SpawnFeed(third, 3); SpawnFeed(fourth, 3);");
            Assert.Equal(o.Direct, o.Spawned);
            Assert.EndsWith("result 1,2,3,True 1,2,3,True 1,2,3,True 1,2,3,True", o.Spawned);
            foreach (string frame in new[] { "__Assigned_Frame", "__ByRef_Frame", "__InALambda_Frame", "__InALocalFunction_Frame" })
                Assert.Contains(FieldsOf(o.Generated, frame), f => f.Contains("__channel", StringComparison.Ordinal));
        }

        [Fact]
        public void AVariableUsedAfterASuspensionInTheBody_StaysAField()
        {
            Differential.Outcome o = Differential.Run(Feeder + """
                [Tasklet]
                static string Relay(Channel<int> input)
                {
                    string log = "";
                    foreach (int x in input)
                    {
                        sink.Send(x * 10);
                        log += x + ";";
                    }
                    return log;
                }
                """, "Relay(ch)", init: Init, partners: "SpawnFeed(ch, 3); SpawnDrain(sink);");
            Assert.Equal(o.Direct, o.Spawned);
            Assert.EndsWith("result 1;2;3;", o.Spawned);
            Assert.Contains("got 10\ngot 20\ngot 30", o.Spawned);
            Assert.Contains("internal int x;", FieldsOf(o.Generated, "__Relay_Frame"));
        }

        [Fact]
        public void NestedForEachs_TheOuterVariableOutlivesTheInnerLoopsSteps()
        {
            Differential.Outcome o = Differential.Run(Feeder + """
                static Dictionary<string, Channel<int>> byName = new();

                [Tasklet]
                static string Totals(Channel<string> names)
                {
                    string log = "";
                    foreach (string name in names)
                    {
                        int total = 0;
                        foreach (int x in byName[name])
                            total += x;
                        log += name + "=" + total + ";";
                    }
                    return log;
                }

                [Tasklet]
                static void Names(Channel<string> names)
                {
                    names.Send("a");
                    names.Send("b");
                    names.Close();
                }

                static Channel<string> names = new();
                """, "Totals(names)",
                init: Init + " names = new(); byName = new() { [\"a\"] = ch, [\"b\"] = other };",
                partners: "SpawnNames(names); SpawnFeed(ch, 3); SpawnFeed(other, 4);");
            Assert.Equal(o.Direct, o.Spawned);
            Assert.EndsWith("result a=6;b=10;", o.Spawned);
            List<string> fields = FieldsOf(o.Generated, "__Totals_Frame");
            Assert.Contains("internal string name;", fields); // the inner loop suspends between it and its use
            Assert.Contains(fields, f => f.Contains("__channel", StringComparison.Ordinal)); // the inner loop's collection is no parameter
            Assert.DoesNotContain("internal int x;", fields);
        }

        [Fact]
        public void ALoopInTheBodyThatABudgetInterrupts_TheVariableIsSavedAroundItsCheck()
        {
            const string source = """
                using System;
                using Stackless;

                public static partial class P
                {
                    [Tasklet]
                    static long Weighted(Channel<int> input)
                    {
                        long total = 0;
                        foreach (int x in input)
                            for (int k = 0; k < 50; k++)
                                total += x * k; // a loop that does not suspend: a step check at its back-edge
                        return total;
                    }

                    [Tasklet]
                    static void Feed(Channel<int> c, int n)
                    {
                        for (int i = 1; i <= n; i++) c.Send(i);
                        c.Close();
                    }

                    public static string Run(int budget)
                    {
                        var ch = new Channel<int>();
                        Tasklet<long> w = SpawnWeighted(ch);
                        SpawnFeed(ch, 20);
                        int interruptions = 0;
                        Tasklet? victim;
                        if (budget == 0)
                            Scheduler.Run();
                        else while ((victim = Scheduler.Run(budget)) != null)
                        {
                            interruptions++;
                            victim.Insert();
                        }
                        return w.Result + " " + interruptions;
                    }
                }
                """;
            GeneratorOutcome outcome = TestCompiler.CompileClean(source);
            Assembly asm = TestCompiler.Load(outcome.Output);
            MethodInfo run = asm.GetType("P")!.GetMethod("Run")!;
            long expected = 210L * 1225; // (1 + … + 20) × (0 + … + 49)
            string[] unbudgeted = ((string)run.Invoke(null, new object[] { 0 })!).Split(' ');
            Assert.Equal(expected.ToString(), unbudgeted[0]);
            string[] budgeted = ((string)run.Invoke(null, new object[] { 7 })!).Split(' ');
            Assert.Equal(expected.ToString(), budgeted[0]);
            Assert.True(int.Parse(budgeted[1]) > 20, "the budget interrupted the inner loops: " + budgeted[1]);
            Assert.Contains("int x = default!;", outcome.AllGenerated); // a local of MoveNext …
            Assert.Contains("internal int __saved_x;", FieldsOf(outcome.AllGenerated, "__Weighted_Frame")); // … saved to a field around the check
            Assert.DoesNotContain("internal int x;", FieldsOf(outcome.AllGenerated, "__Weighted_Frame"));
        }
    }
}
