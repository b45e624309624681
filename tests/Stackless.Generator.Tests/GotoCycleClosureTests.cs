using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// A hoisted local captured by a lambda, in a cycle closed by the user's backward goto (fuzz seed 26500400). C# makes a
    /// scope's variables anew each time the scope is entered, so a goto that leaves the variable's block (or for) and
    /// enters it again gives each closure its own variable, while a goto that stays inside the scope keeps one variable.
    /// Each program runs spawned and called directly; expected values are worked out by hand from those C# rules.
    /// </summary>
    public class GotoCycleClosureTests
    {
        [Fact]
        public void AForEnteredAgainByAGoto_GivesEachExecutionItsOwnVariable()
        {
            string trace = Differential.Same("""
                [Tasklet]
                static string M()
                {
                    var fns = new List<Func<int>>();
                    int round = 0;
                again:
                    for (int i = round; i < round + 1; i++)
                    {
                        Scheduler.Schedule();
                        fns.Add(() => i);
                    }
                    if (++round < 3) goto again;
                    return string.Join(",", fns.Select(f => f()));
                }
                """, "M()");
            // Each execution of the for has its own i, left at round + 1 when its loop ends: 1, 2, 3 (one shared field: 3,3,3).
            Assert.EndsWith("result 1,2,3", trace);
        }

        [Fact]
        public void ABlockEnteredAgainByAGoto_GivesEachEntryItsOwnVariable()
        {
            string trace = Differential.Same("""
                [Tasklet]
                static string M()
                {
                    var fns = new List<Func<int>>();
                    int n = 0;
                top:
                    {
                        int v = n * 10;
                        Scheduler.Schedule();
                        fns.Add(() => v);
                        v++;
                    }
                    if (++n < 3) goto top;
                    return string.Join(",", fns.Select(f => f()));
                }
                """, "M()");
            // Three entries of the block, three v's, each incremented once after its closure was made: 1, 11, 21.
            Assert.EndsWith("result 1,11,21", trace);
        }

        [Fact]
        public void AGotoWithinTheScope_KeepsOneVariable()
        {
            string trace = Differential.Same("""
                [Tasklet]
                static string M()
                {
                    var fns = new List<Func<int>>();
                    int n = 0;
                again:
                    n++;
                    int v = n * 10;
                    Scheduler.Schedule();
                    fns.Add(() => v);
                    if (n < 3) goto again;
                    return string.Join(",", fns.Select(f => f()));
                }
                """, "M()");
            // The goto stays in v's block: one v for the whole call, 30 when the closures run.
            Assert.EndsWith("result 30,30,30", trace);
        }

        [Fact]
        public void AGotoCaseBackWithinTheSwitch_KeepsOneVariable()
        {
            string trace = Differential.Same("""
                [Tasklet]
                static string M()
                {
                    var fns = new List<Func<int>>();
                    int n = 0;
                    switch (n)
                    {
                        case 0:
                            n++;
                            int w = n;
                            Scheduler.Schedule();
                            fns.Add(() => w);
                            goto case 1;
                        case 1:
                            w = n * 100;
                            if (n < 2) goto case 0;
                            break;
                    }
                    return string.Join(",", fns.Select(f => f()));
                }
                """, "M()");
            // A switch section's locals belong to the whole switch block, entered once: one w, last set to 200.
            Assert.EndsWith("result 200,200", trace);
        }

        [Fact]
        public void AScopeEnteredAgain_WhoseDeclarationAGotoInsideRunsAgain_IsRefusedWithAFix()
        {
            var outcome = TestCompiler.RunGenerator(TestCompiler.CreateCompilation(("Program.cs", """
                using System;
                using System.Collections.Generic;
                using Stackless;
                partial class C
                {
                    [Tasklet]
                    static int M(List<Func<int>> fns)
                    {
                        int m = 0;
                    outer:
                        m++;
                        {
                            int k = 0;
                        again:
                            k++;
                            int v = k;
                            Scheduler.Schedule();
                            fns.Add(() => v);
                            if (k < 2) goto again;
                        }
                        if (m < 2) goto outer;
                        return m;
                    }
                }
                """)));
            // Entered twice (one v each) and declared twice within one entry (the same v): no box per declaration is both.
            var d = Assert.Single(outcome.GeneratorDiagnostics);
            Assert.Equal("TSK010", d.Id);
            Assert.Contains("A local 'v' captured by a closure", d.GetMessage());
            Assert.Contains("declare it in a block of its own", d.GetMessage());
        }
    }
}
