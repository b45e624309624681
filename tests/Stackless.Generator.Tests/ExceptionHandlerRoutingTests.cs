using System;
using System.Collections.Generic;
using System.Linq;
using Stackless.Generator.Emitter;
using Stackless.Generator.Ir;
using Stackless.Generator.Lowering;
using Stackless.Generator.Model;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// The exception-handler routing pass on bodies built by hand (issue 16): a try whose finally suspends takes the jumps
    /// leaving it as pending branches (numbered in tree order, one per target), runs its finally after the try, and sends
    /// each branch on through the lowered finally blocks further out; a jump that leaves no such try stays a plain goto.
    /// </summary>
    public class ExceptionHandlerRoutingTests
    {
        private static EquatableArray<T> A<T>(params T[] items) where T : IEquatable<T> => new(items);

        private static IrVerbatim Copied(string text, int line, params IrJumpHole[] holes) => new(text, line, 8, A(holes));

        private static IrTryWithLoweredFinally LoweredFinally(int n, IrNode[] body, params IrNode[] finallyBody) =>
            new("__try" + n, "__pendingException" + n, "__pendingBranch" + n, "__tryexit" + n, "__ex" + n, A(body), A(finallyBody));

        private static IrBody Body(params IrNode[] statements) => new(EquatableArray<IrLocal>.Empty, IrDispatch.None, A(statements), "");

        private static string Emit(IrBody body)
        {
            var w = new IndentedWriter();
            BodyEmitter.Write(w, 0, body);
            return w.ToString().Replace("\r", "");
        }

        /// <summary>Every node of the body, nested ones included, in tree order.</summary>
        private static List<IrNode> All(EquatableArray<IrNode> nodes)
        {
            var all = new List<IrNode>();
            foreach (IrNode n in nodes)
            {
                all.Add(n);
                switch (n)
                {
                    case IrTryRegion t: all.AddRange(All(t.Body)); all.AddRange(All(t.Handlers)); break;
                    case IrBlock b: all.AddRange(All(b.Body)); break;
                    case IrCatch c: all.AddRange(All(c.Body)); break;
                    case IrFinally f: all.AddRange(All(f.Body)); break;
                }
            }
            return all;
        }

        [Fact]
        public void JumpsLeavingASuspendingFinally_ArePendingBranches_TakenAfterIt()
        {
            // try { if (x) return; goto loop; } finally { Log(); /* suspends */ }  loop: … return;
            IrBody routed = ExceptionHandlerRouting.Route(Body(
                LoweredFinally(1,
                    new IrNode[] { Copied("if (x) ", 3, new IrJumpHole(7, "__return")), new IrJump("__loop4") },
                    Copied("Log();", 5)),
                new IrLabel("__loop4"),
                new IrLabel("__return"),
                new IrFinish(null)));

            List<IrNode> all = All(routed.Statements);
            Assert.DoesNotContain(all, n => n is IrJump or IrTryWithLoweredFinally or IrTryWithLoweredCatches);
            string text = Emit(routed);
            // In the try: each jump goes to its leave label, which records its branch (1 for the first target, 2 for the next).
            Assert.Contains("if (x) goto __try1_leave1;", text);
            Assert.Contains("goto __try1_leave2;", text);
            Assert.Contains("__try1_leave1:\n__pendingBranch1 = 1;", Flat(text));
            Assert.Contains("__try1_leave2:\n__pendingBranch1 = 2;", Flat(text));
            // After the try: the finally, the exception rethrown, then each branch taken.
            string after = Flat(text).Substring(Flat(text).IndexOf("// finally", StringComparison.Ordinal));
            Assert.True(after.IndexOf("Log();", StringComparison.Ordinal) < after.IndexOf("ExceptionDispatchInfo", StringComparison.Ordinal));
            Assert.Contains("if (__pendingBranch1 != 1) goto __try1_nobranch1;\ngoto __return;", after);
            Assert.Contains("if (__pendingBranch1 != 2) goto __try1_nobranch2;\ngoto __loop4;", after);
        }

        [Fact]
        public void ABranchLeavingTwoSuspendingFinallies_GoesOnThroughTheOuterOne()
        {
            // try { try { return; } finally { A(); } } finally { B(); }: the inner finally's branch leaves the outer try too.
            IrBody routed = ExceptionHandlerRouting.Route(Body(
                LoweredFinally(5, new IrNode[]
                {
                    LoweredFinally(1, new IrNode[] { Copied("", 3, new IrJumpHole(0, "__return")) }, Copied("A();", 5)),
                }, Copied("B();", 7)),
                new IrLabel("__return"),
                new IrFinish(null)));

            string text = Flat(Emit(routed));
            Assert.Contains("goto __try1_leave1;", text);
            Assert.Contains("if (__pendingBranch1 != 1) goto __try1_nobranch1;\ngoto __try5_leave1;", text); // after A(): into the outer try's branch
            Assert.Contains("if (__pendingBranch5 != 1) goto __try5_nobranch1;\ngoto __return;", text);         // after B(): out
            Assert.True(text.IndexOf("A();", StringComparison.Ordinal) < text.IndexOf("B();", StringComparison.Ordinal));
        }

        [Fact]
        public void AJumpInsideTheTry_OrOutOfARealTry_StaysAPlainGoto()
        {
            IrBody routed = ExceptionHandlerRouting.Route(Body(
                LoweredFinally(1, new IrNode[]
                {
                    new IrLabel("__top2"),
                    new IrTryRegion("__try3", IrDispatch.None, A<IrNode>(new IrJump("__top2")),
                        A<IrNode>(new IrFinally(true, A<IrNode>(Copied("{ Close(); }", 4))))),
                    Copied("if (y) ", 6, new IrJumpHole(7, "__top2")),
                }, Copied("Log();", 8)),
                new IrFinish(null)));

            string text = Emit(routed);
            Assert.Contains("goto __top2;", text);
            Assert.Contains("if (y) goto __top2;", text);
            Assert.DoesNotContain("leave", text);
            Assert.DoesNotContain("__pendingBranch1 = ", text.Replace("__pendingBranch1 = 0;", ""));
        }

        [Fact]
        public void ABodyWithNothingToRoute_IsReturnedAsItIs()
        {
            IrBody body = Body(new IrLabel("__a1"), new IrGoto("__a1"), new IrFinish(null));
            Assert.Same(body, ExceptionHandlerRouting.Route(body));
        }

        /// <summary>The text with each line's indentation removed.</summary>
        private static string Flat(string text) => string.Join("\n", text.Split('\n').Select(l => l.Trim()));
    }
}
