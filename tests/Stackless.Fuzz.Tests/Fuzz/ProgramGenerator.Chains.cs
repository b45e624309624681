using System;
using System.Collections.Generic;
using System.Linq;

namespace Stackless.Fuzz.Tests.Fuzz
{
    /// <summary>
    /// Long and deep input (issue 16 item 6): left-deep chains of <c>+</c>/<c>-</c>, <c>&amp;&amp;</c>/<c>||</c> and string
    /// concatenation of a few to a few thousand terms with suspensions among them, right-deep nested parentheses, and
    /// nested bare blocks, each level with a local the next one reads. A chain is one expression node whose children are
    /// its terms, so the shrinker can cut it to one term. Long chains suspend in a dozen or so of their terms: each
    /// suspension costs the frame a resume point, and a batch of programs compiles together.
    /// </summary>
    public sealed partial class ProgramGenerator
    {
        /// <summary>Most chains are short; now and then one of hundreds, rarely of thousands of terms.</summary>
        private int ChainLength()
        {
            int r = N(100);
            if (r < 60) return 3 + N(28);
            if (r < 90) return 30 + N(170);
            if (r < 98) return 200 + N(800);
            return 1000 + N(2000);
        }

        /// <summary>The chance that a term may suspend: about a dozen suspending terms in a long chain.</summary>
        private static double TermSuspension(int terms) => terms <= 40 ? 0.3 : Math.Min(0.3, 12.0 / terms);

        /// <summary>A left-deep chain of <paramref name="terms"/> int terms joined by + and - (now and then a * binding tighter).</summary>
        private Expr IntChain(Ctx c, int terms, bool susp)
        {
            double p = TermSuspension(terms);
            var kids = new Expr[terms];
            var ops = new List<string>();
            for (int i = 0; i < terms; i++)
            {
                bool s = susp && P(p);
                // Now and then a term assigning or incrementing a local the other terms read (evaluation order).
                kids[i] = _o.OutArguments && _o.SpillOrder && P(0.03) && SpillExpr(c, 1, s) is Expr spill ? spill : IntLeaf(c, s);
                if (i > 0) ops.Add(N(10) switch { < 6 => " + ", < 9 => " - ", _ => " * " });
            }
            return Expr.MakeChain(Ty.Int, "(", ops, ")", kids);
        }

        /// <summary>A left-deep chain of bool terms joined by one of &amp;&amp; and || (short-circuits show in the trace), or both.</summary>
        private Expr BoolChain(Ctx c, int terms, bool susp)
        {
            double p = TermSuspension(terms);
            int shape = N(5); // 0-1: &&, 2-3: ||, 4: mixed
            bool biasTrue = shape < 2;
            var kids = new Expr[terms];
            var ops = new List<string>();
            for (int i = 0; i < terms; i++)
            {
                // Logged operands leaning to the value that lets the chain go on, so that long chains run far.
                kids[i] = susp && P(p) ? BoolExpr(c, 0, true)
                    : P(0.7) ? new Expr(Ty.Bool, $"B(\"c{Uid()}\", {(P(0.97) == biasTrue ? "true" : "false")})")
                    : BoolExpr(c, 0, false);
                if (i > 0) ops.Add(shape switch { < 2 => " && ", < 4 => " || ", _ => P(0.5) ? " && " : " || " });
            }
            return Expr.MakeChain(Ty.Bool, "(", ops, ")", kids);
        }

        /// <summary>A string concatenation of int and string terms, left-deep, starting from a string.</summary>
        private Expr StrChain(Ctx c, int terms, bool susp)
        {
            double p = TermSuspension(terms);
            var kids = new Expr[terms];
            for (int i = 0; i < terms; i++)
            {
                bool s = susp && P(p);
                kids[i] = P(0.5) ? IntLeaf(c, s) : StrExpr(c, s ? 1 : 0, s);
            }
            return Expr.MakeChain(Ty.Str, "(\"<\" + ", Enumerable.Repeat(" + ", terms - 1).ToList(), ")", kids);
        }

        /// <summary>Right-deep nested parentheses: <c>t0 + (t1 - (t2 + (…)))</c>, <paramref name="depth"/> levels.</summary>
        private Expr NestedParentheses(Ctx c, int depth, bool susp)
        {
            double p = TermSuspension(depth);
            Expr inner = IntLeaf(c, susp && P(p));
            for (int i = 0; i < depth; i++)
                inner = new Expr(Ty.Int, "(" + "{0}" + (P(0.6) ? " + " : " - ") + "({1}))", IntLeaf(c, susp && P(p)), inner);
            return inner;
        }

        /// <summary>A chain as a statement: a local initialised with it (then read by later statements), logged.</summary>
        private Stmt ChainStatement(ref Ctx c, bool susp = true)
        {
            int id = Uid();
            int terms = ChainLength();
            // The chain is written before its local joins the context: its terms must not read the local they initialise.
            Ctx at = c;
            (Ty type, Expr chain) = N(4) switch
            {
                0 => (Ty.Int, IntChain(at, terms, susp)),
                1 => (Ty.Str, StrChain(at, terms, susp)),
                2 => (Ty.Bool, BoolChain(at, terms, susp)),
                // Nested parentheses: mostly a few dozen levels, now and then a few hundred.
                _ => (Ty.Int, NestedParentheses(at, P(0.9) ? 2 + N(50) : 50 + N(250), susp)),
            };
            c = c with { Vars = c.Vars.Add(new Var("ch" + id, type, false, c.InLoop)) };
            return type switch
            {
                Ty.Int => new Stmt("decl", $"int ch{id} = {{e0}};\nLog(\"ch{id} \" + ch{id});", new() { chain }),
                Ty.Bool => new Stmt("decl", $"bool ch{id} = {{e0}};\nLog(\"ch{id} \" + ch{id});", new() { chain }),
                _ => new Stmt("decl", $"string ch{id} = {{e0}};\nLog(\"ch{id} \" + ch{id}.Length + \" \" + ch{id}.Substring(0, Math.Min(40, ch{id}.Length)));", new() { chain }),
            };
        }

        /// <summary>A short chain in an expression position (a condition, an argument, an operand).</summary>
        private Expr InlineChain(Ty t, Ctx c, bool susp)
        {
            int terms = 2 + N(12);
            return t switch
            {
                Ty.Int => IntChain(c, terms, susp),
                Ty.Bool => BoolChain(c, terms, susp),
                _ => StrChain(c, terms, susp),
            };
        }

        /// <summary>
        /// Nested bare blocks, each declaring a local from the one outside it (some initialisers suspend), the innermost
        /// logging the last: mostly a few levels, now and then a hundred or two.
        /// </summary>
        private Stmt DeepBlocks(Ctx c)
        {
            int id = Uid();
            int depth = P(0.9) ? 2 + N(20) : 20 + N(180);
            double p = TermSuspension(depth);
            Block? inner = null;
            for (int level = depth - 1; level >= 0; level--)
            {
                var b = new Block();
                string previous = level == 0 ? "0" : $"db{id}_{level - 1}";
                b.Stmts.Add(new Stmt("decl", $"int db{id}_{level} = {previous} + {{e0}};", new() { IntLeaf(c, P(p)) }));
                if (inner != null) b.Stmts.Add(new Stmt("block", "") { Unwrappable = true }.Add(inner, ""));
                else b.Stmts.Add(new Stmt("log", $"Log(\"db{id} \" + db{id}_{level});"));
                inner = b;
            }
            return new Stmt("block", "") { Unwrappable = true }.Add(inner!, "");
        }
    }
}
