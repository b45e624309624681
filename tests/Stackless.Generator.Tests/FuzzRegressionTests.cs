using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// Focused forms of fuzz seeds whose generated code once failed to compile or was refused (bugs/generator.md
    /// #5 variant, #13, #16, #17, #18; seed 294). Each compiles and runs both ways (spawned and called directly).
    /// </summary>
    public class FuzzRegressionTests
    {
        private const string Feeder = TestPrograms.Feeder + """
                sealed class Res : IDisposable
                {
                    private readonly string _name;
                    public Res(string name) { _name = name; L("open " + name); }
                    public void Dispose() => L("dispose " + _name);
                }
            """;

        // #5 variant (seed 1729, CS0136): a copied try block and a copied catch both declare c1, next to a hoisted c1.
        [Fact]
        public void SameLocalNameInCopiedTryCatchAndHoistedSibling()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M(bool fail)
                {
                    string r = "";
                    try
                    {
                        bool c1 = r.Length <= 6;
                        r += c1 ? "t" : "f";
                        if (fail) throw new InvalidOperationException("x");
                    }
                    catch (ArgumentException e)
                    {
                        string c1 = e.Message + "!";
                        r += c1;
                    }
                    catch (InvalidOperationException)
                    {
                        r += ch.Receive();
                    }
                    { int c1 = ch.Receive(); Scheduler.Schedule(); r += c1; }
                    return r;
                }
                """, "M(true)", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.EndsWith("result t12", trace);
        }

        // #16 (seeds 53, 305, 461, CS0159): goto from a catch of a try whose finally suspends, to a label that ends the enclosing catch block.
        [Theory]
        [InlineData(1, "result c1nf2afterL")]
        [InlineData(2, "result c1f2L")]
        public void GotoFromInnerCatchToLabelAtEndOfEnclosingBlock(int mode, string expected)
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M(int mode)
                {
                    string r = "";
                    try
                    {
                        if (mode > 0) throw new InvalidOperationException("outer");
                        r += "t";
                    }
                    catch (InvalidOperationException)
                    {
                        r += "c";
                        try
                        {
                            r += ch.Receive();
                            if (mode == 2) throw new ArgumentException("inner");
                            r += "n";
                        }
                        catch (ArgumentException)
                        {
                            if (mode == 2) goto L21;
                            r += "unreached";
                        }
                        finally
                        {
                            r += "f" + ch.Receive();
                        }
                        r += "after";
                        L21: r += "L";
                    }
                    return r;
                }
                """, "M(" + mode + ")", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.EndsWith(expected, trace);
        }

        // #17 (seed 488, CS8648): a switch section's block leaves by break before a using declaration; the governor suspends.
        [Fact]
        public void BreakBeforeUsingDeclarationInSwitchSectionBlock()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    string r = "";
                    switch (ch.Receive() + 1)
                    {
                        case int s when s % 2 == 0:
                        {
                            r += "e" + s;
                            if (s > 10) break;
                            if (s == 4) return r + "ret";
                            using var d = new Res("d" + s);
                            r += "u";
                        }
                        break;
                        default:
                            r += "def";
                            break;
                    }
                    return r + ch.Receive();
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.Equal("open d2\ndispose d2\nresult e2u2", trace);
        }

        // Seed 294 (CS8648, then TSK010 at af676eb): a continue before a using declaration followed by a local function, in a
        // loop whose incrementor suspends: the goto to the loop's step label goes through a trampoline before the body.
        [Theory]
        [InlineData(true, "open d1\ndispose d1\nresult i0i12")]
        [InlineData(false, "open d0\ndispose d0\nopen d1\ndispose d1\nresult i00i12")]
        public void ContinueBeforeUsingDeclarationFollowedByLocalFunction(bool skip, string expected)
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M(bool skip)
                {
                    string r = "";
                    for (int i = 0; i < 3; i += ch.Receive())
                    {
                        r += "i" + i;
                        if (skip && i == 0) continue;
                        using var d = new Res("d" + i);
                        int Twice(int x) => 2 * x;
                        r += Twice(i);
                    }
                    return r;
                }
                """, "M(" + (skip ? "true" : "false") + ")", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.Equal(expected, trace);
        }

        // The refused case of af676eb with break, and a local function that captures the declared resource.
        [Theory]
        [InlineData(true, "result w")]
        [InlineData(false, "open d\ndispose d\nopen d\ndispose d\nopen d\ndispose d\nresult wuwuwu")]
        public void BreakBeforeUsingDeclarationFollowedByLocalFunctionCapturingIt(bool stop, string expected)
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M(bool stop)
                {
                    string r = "";
                    while (ch.Receive() < 4)
                    {
                        r += "w";
                        if (stop) break;
                        using var d = new Res("d");
                        string Used() => d is null ? "?" : "u";
                        r += Used();
                    }
                    return r;
                }
                """, "M(" + (stop ? "true" : "false") + ")", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.Equal(expected, trace);
        }

        // Trampolines in trampolines: break, return (inside a try that suspends) and continue leave a block that ends in such a
        // using declaration, inside another one; each jump disposes what it leaves, once. (A user's goto to a label after a
        // using declaration is CS8648 in the user's own code, so only the generator's gotos need this.)
        [Theory]
        [InlineData(0, "result A0B0A1B1end")]
        [InlineData(1, "result A0B0end")]
        [InlineData(2, "result A0B0ret")]
        [InlineData(3, "result A0B0end")]
        [InlineData(4, "result A0B0A1end")]
        public void JumpsThroughNestedBlocksEndingInUsingDeclarations(int mode, string expected)
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M(int mode)
                {
                    string r = "";
                    try
                    {
                        for (int i = 0; i < 3; i += ch.Receive())
                        {
                            {
                                if (mode == 1 && i > 0) break;
                                if (mode == 2 && i > 0) return r + "ret";
                                if (mode == 3 && i > 0) continue;
                                using var a = new Res("a" + i);
                                string A() => "A" + i;
                                r += A();
                            }
                            if (mode == 4 && i > 0) continue;
                            using var b = new Res("b" + i);
                            string B() => "B" + i;
                            r += B();
                        }
                    }
                    finally { L("finally " + r); }
                    return r + "end";
                }
                """, "M(" + mode + ")", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.EndsWith(expected, trace);
        }

        // #13 (seeds 184, 186, 281, 300, TSK010): a using declaration ends an else block whose if condition suspends.
        [Fact]
        public void UsingDeclarationAtEndOfElseBlock_OfAnIfWhoseConditionSuspends()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    string r = "";
                    for (int i = 0; i < 2; i++)
                    {
                        if (i == 0 && ch.Receive() > 0) r += "a";
                        else { using var d = new Res("d" + i); }
                    }
                    return r + ch.Receive();
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.Equal("open d1\ndispose d1\nresult a2", trace);
        }

        // #18 (seeds 218, 1754, 5837, TSK010): local functions called in place capture a foreach variable and a body local of loops that suspend.
        [Fact]
        public void LocalFunctionsCapturingPerIterationLocals_CalledInPlace()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    string r = "";
                    foreach (int e0 in new[] { 7, ch.Receive(), 3 })
                    {
                        r += ch.Receive();
                        int g(int q) => q * 2 + e0;
                        r += "," + g(3) + ";";
                    }
                    for (int i = 0; i < 2; i++)
                    {
                        int b1 = i * 10 + ch.Receive();
                        int h() => b1 + 1;
                        r += h() + ";";
                        Scheduler.Schedule();
                    }
                    return r;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 9);");
            Assert.EndsWith("result 2,13;3,7;4,9;6;17;", trace);
        }
        // Seed 1867 (TSK010): pattern variables of a loop that suspends, captured by lambdas, get a fresh variable per match.
        [Fact]
        public void LambdasCapturePatternVariablesPerIteration_InALoopThatSuspends()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    var fns = new List<Func<int>>();
                    for (int i = 0; i < 3; i++)
                    {
                        switch (ch.Receive())
                        {
                            case int s when s % 2 == 1:
                                fns.Add(() => s * 10);
                                break;
                            default:
                                if ((object)(i + 100) is int v) fns.Add(() => v);
                                break;
                        }
                        Scheduler.Schedule();
                    }
                    return string.Join(",", fns.Select(f => f()));
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.EndsWith("result 10,101,30", trace); // one variable per iteration, as in C#: not 30,101,30
        }
        // Seed 6002 (TSK010): a catch variable of a lowered catch in a loop that suspends, captured by a lambda.
        [Fact]
        public void LambdasCaptureCatchVariablesPerIteration_InALoopThatSuspends()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    var fns = new List<Func<string>>();
                    for (int i = 0; i < 2; i++)
                    {
                        try
                        {
                            if (ch.Receive() > 0) throw new InvalidOperationException("e" + i);
                        }
                        catch (ArgumentException)
                        {
                            ch.Receive();
                        }
                        catch (InvalidOperationException x1)
                        {
                            fns.Add(() => x1.Message);
                        }
                    }
                    return string.Join(",", fns.Select(f => f()));
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.EndsWith("result e0,e1", trace); // one variable per catch, as in C#: not e1,e1
        }
        // Seed 1453 (TSK010): a for-loop variable captured by a lambda, inside an enclosing loop that suspends. C# has one
        // variable per execution of the for statement (shared by its iterations), so lambdas of one run see its final value.
        [Fact]
        public void LambdasCaptureForLoopVariables_OnePerExecutionOfTheFor()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    var fns = new List<Func<int>>();
                    for (int k = 0; k < 2; k++)
                    {
                        for (int j = k * 10; j < k * 10 + 3; j = j + 1 + 0 * ch.Receive())
                            fns.Add(() => j);
                    }
                    return string.Join(",", fns.Select(f => f()));
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 9);");
            Assert.EndsWith("result 3,3,3,13,13,13", trace);
        }
        // Seed 7785 (#19): an argument of a nested [Tasklet] call throws right after a resume point (there: a pending
        // Throw at EndReceive). State must not be set yet, or the enclosing using's finally thinks the frame suspends.
        [Fact]
        public void ThrowingArgumentOfANestedCall_StillDisposesTheEnclosingUsing()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int Inner(int v) { ch.Receive(); return v; }
                static int Fail(int v) => throw new InvalidOperationException("bad " + v);
                [Tasklet]
                static int M()
                {
                    using (new Res("u"))
                    {
                        return Inner(Fail(ch.Receive()));
                    }
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.Contains("open u\ndispose u\n", trace);
            Assert.EndsWith("bad 1", trace);
        }

        // An argument of a suspending call that throws before the call suspends (here Fail(...) inside Send(...)):
        // the enclosing finally must run. State is set only once the frame really suspends.
        [Fact]
        public void ArgumentOfASuspendingCallThrows_EnclosingFinallyRuns()
        {
            string trace = Differential.Same(Feeder + """
                static int Fail(int x) => x > 1 ? throw new InvalidOperationException("arg " + x) : x;
                [Tasklet]
                static int M()
                {
                    int sent = 0;
                    try
                    {
                        while (true)
                        {
                            try { ch.Send(Fail(sent + 1)); sent++; }
                            finally { L("inner finally " + sent); }
                        }
                    }
                    catch (InvalidOperationException e) { L("caught " + e.Message); }
                    finally { L("outer finally"); }
                    return sent;
                }
                [Tasklet]
                static void Drain(Channel<int> c) { L("drained " + c.Receive()); }
                """, "M()", init: "ch = new();", partners: "SpawnDrain(ch);");
            Assert.Contains("inner finally 1", trace);
            Assert.Contains("caught arg 2", trace);
            Assert.Contains("outer finally", trace);
            Assert.EndsWith("result 1", trace);
        }
    }
}
