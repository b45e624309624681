using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace Stackless.Fuzz.Tests.Fuzz
{
    /// <summary>
    /// Session 7, exception-handler routing (issue 16 (d): pending branches and pending exceptions through finally blocks
    /// that suspend): a bounded loop around nested try statements whose catch and finally blocks suspend, left by
    /// break / continue / return / a goto to a label after the loop from the try block and from a catch that has suspended,
    /// exceptions thrown (and rethrown) from a catch that has suspended and thrown from a finally that has suspended (which
    /// replaces a pending exception or a pending jump), and tries nested two deep so one jump crosses two suspending finallys.
    /// </summary>
    public sealed partial class ProgramGenerator
    {
        /// <summary>The loop's <c>hvN</c> while its handler try is generated: returned from the try, changed by its finally.</summary>
        private string? _handlerValue;

        /// <summary><c>while</c>/<c>for</c>/<c>foreach</c> of 1–3 iterations around a suspending try, then the goto target.</summary>
        private Stmt HandlerLoop(Ctx c)
        {
            int id = Uid();
            int k = 1 + N(3);
            string exit = $"hx{id}";
            var inner = c with
            {
                LoopDepth = c.LoopDepth + 1, CanBreak = true, CanContinue = true, InLoop = true,
                Labels = c.Labels.Add(exit), NoUsingDeclarations = true,
                Vars = c.Vars.Add(new Var($"hn{id}", Ty.Int, true, true)),
            };
            Block body = new();
            if (P(0.3)) body.Stmts.Add(new Stmt("log", $"Log(\"h{id} \" + hn{id});"));
            string? outerValue = _handlerValue;
            if (P(0.35))
            {
                // A value a jump out of the try returns and a finally then changes (session 8, flow's routing pass): the
                // return must hand back the value it read before the finally ran.
                _handlerValue = $"hv{id}";
                body.Stmts.Add(new Stmt("decl", $"int hv{id} = {{e0}};", new() { IntExpr(inner, 1, true) }));
                inner = inner with { Vars = inner.Vars.Add(new Var($"hv{id}", Ty.Int, false, true)) };
            }
            body.Stmts.Add(HandlerTry(inner, 0));
            _handlerValue = outerValue;
            if (P(0.4)) body.Stmts.Add(HandlerSuspend(inner));
            string head = N(3) switch
            {
                0 => $"int hn{id} = 0;\nwhile (hn{id}++ < {k})",
                1 => $"for (int hn{id} = 0; hn{id} < {k}; hn{id}++)",
                _ => $"foreach (int hn{id} in new[] {{ {string.Join(", ", Enumerable.Range(0, k).Select(_ => N(9)))} }})",
            };
            return new Stmt("handlers", head) { Unwrappable = true }.Add(body, $"{exit}: Log(\"{exit}\");");
        }

        /// <summary>A try with a catch or a finally (or both), each of which suspends most of the time, nested up to two deep.</summary>
        private Stmt HandlerTry(Ctx c, int nesting)
        {
            int id = Uid();
            string x = $"hc{id}";
            var s = new Stmt("try", "try") { Unwrappable = true };

            Block tryBlock = SubBlock(c, 1 + N(2));
            if (nesting < 1 && P(0.6)) tryBlock.Stmts.Insert(N(tryBlock.Stmts.Count + 1), HandlerTry(c with { Depth = c.Depth + 1 }, nesting + 1));
            // Statements after the try block's own are in its scope, one level down: named per that depth, since the block may
            // have declared a sibling's loop-variable name (e1) that a pattern variable named at this depth would reuse (CS0136,
            // seeds 23500663, 23700006).
            Ctx inTry = c with { Depth = c.Depth + 1 };
            if (P(0.5)) tryBlock.Stmts.Add(HandlerSuspend(inTry));
            if (P(0.5)) tryBlock.Stmts.Add(new Stmt("throw", $"if ({{e0}}) throw new TestException(\"ht{id}\");", new() { BoolExpr(inTry, 1, true) }));
            if (P(0.7)) tryBlock.Stmts.Add(HandlerJump(inTry, catchVar: null));

            // The catch and finally blocks are scopes of their own, one level down (names declared in them are made per depth).
            var inCatch = c with { Depth = c.Depth + 1, BlockLabelNames = new HashSet<string>(), InCatch = true, Vars = c.Vars.Add(new Var($"{x}.Message", Ty.Str, true, c.InLoop)) };
            var inFinally = c with
            {
                Depth = c.Depth + 1, BlockLabelNames = new HashSet<string>(),
                CanBreak = false, CanContinue = false, CanReturn = false, InCatch = false,
                Labels = ImmutableList<string>.Empty, BackLabels = ImmutableList<BackLabel>.Empty,
            };
            int kind = N(3); // 0 catch, 1 finally, 2 both
            if (kind != 1)
            {
                Block catchBlock = new();
                catchBlock.Stmts.Add(new Stmt("log", $"Log(\"{x} \" + {x}.Message);"));
                if (P(0.8)) catchBlock.Stmts.Add(HandlerSuspend(inCatch));
                if (P(0.3)) catchBlock.Stmts.Add(GenStatement(ref inCatch, new HashSet<string>()));
                catchBlock.Stmts.Add(P(0.25)
                    ? new Stmt("throw", $"if ({{e0}}) throw new TestException(\"hr{id}\");", new() { BoolExpr(inCatch, 1, true) })
                    : HandlerJump(inCatch, x));
                string filter = N(3) switch
                {
                    0 => $"catch (TestException {x}) when ({x}.Message != \"ht{N(99)}\")",
                    1 => $"catch (Exception {x})",
                    _ => $"catch (TestException {x})",
                };
                s.Add(tryBlock, filter);
                tryBlock = catchBlock;
            }
            if (kind != 0)
            {
                Block finallyBlock = new();
                finallyBlock.Stmts.Add(new Stmt("log", $"Log(\"hf{id}\");"));
                if (_handlerValue != null && P(0.6))
                    finallyBlock.Stmts.Add(new Stmt("assign", $"{_handlerValue} += {{e0}};\nLog(\"{_handlerValue} \" + {_handlerValue});", new() { IntExpr(inFinally, 1, true) }));
                if (P(0.8)) finallyBlock.Stmts.Add(HandlerSuspend(inFinally));
                if (P(0.3)) finallyBlock.Stmts.Add(GenStatement(ref inFinally, new HashSet<string>()));
                // Thrown from a finally that has suspended: it replaces whatever was pending (an exception, a jump, a return).
                if (P(0.35)) finallyBlock.Stmts.Add(new Stmt("throw", $"if ({{e0}}) throw new TestException(\"hf{id}\");", new() { BoolExpr(inFinally, 1, true) }));
                s.Add(tryBlock, "finally");
                tryBlock = finallyBlock;
            }
            s.Add(tryBlock, "");
            return s;
        }

        /// <summary>A suspension as a statement of its own.</summary>
        private Stmt HandlerSuspend(Ctx c) => N(4) switch
        {
            0 => new Stmt("schedule", "Scheduler.Schedule();"),
            1 => new Stmt("send", "cout.Send({e0});", new() { IntExpr(c, 1, true) }),
            2 => new Stmt("log", $"Log(\"hs{Uid()} \" + cin.Receive());"),
            _ => new Stmt("call", "Help" + N(2) + "(cin, cout, " + (c.InHelper ? c.DepthParam + " - 1" : N(3).ToString()) + ", {e0});", new() { IntExpr(c, 1, false) }),
        };

        /// <summary>break, continue, return or a goto out of the loop (or a rethrow in a catch), under a condition that may suspend.</summary>
        private Stmt HandlerJump(Ctx c, string? catchVar)
        {
            string cond = "{e0}";
            var exprs = new List<Expr> { BoolExpr(c, 1, true) };
            switch (N(catchVar == null ? 4 : 5))
            {
                case 0: return new Stmt("break", $"if ({cond}) break;", exprs);
                case 1: return new Stmt("continue", $"if ({cond}) continue;", exprs);
                case 2 when c.CanReturn && _handlerValue != null && P(0.6):
                    return new Stmt("return", $"if ({cond}) return {_handlerValue};", exprs);
                case 2 when c.CanReturn:
                    exprs.Add(IntExpr(c, 1, true));
                    return new Stmt("return", $"if ({cond}) return {{e1}};", exprs);
                case 4: return new Stmt("rethrow", $"if ({cond}) throw;", exprs);
                default:
                    _forwardGotoTargets.Add(c.Labels[c.Labels.Count - 1]);
                    return new Stmt("goto", $"if ({cond}) goto {c.Labels[c.Labels.Count - 1]};", exprs);
            }
        }
    }
}
