using System.Collections.Generic;
using System.Linq;

namespace Stackless.Fuzz.Tests.Fuzz
{
    /// <summary>
    /// Evaluation order around suspensions (issue 16 (b): spilled sub-expressions as syntax). C# evaluates operands left to
    /// right, so a local read before a suspension and assigned by a later operand, or incremented in an argument list, must
    /// keep its order when the lowering spills the operands before a suspension into temporaries: assignments and
    /// compound assignments as expressions, post- and pre-increments, tuples matched by positional patterns, calls,
    /// casts and checked arithmetic; and deconstruction into new and existing locals.
    /// </summary>
    public sealed partial class ProgramGenerator
    {
        /// <summary>A local of type <paramref name="t"/> an expression may assign (no member, not read-only), or null.</summary>
        private Var? Assignable(Ctx c, Ty t)
        {
            var vs = c.Vars.Where(v => v.Type == t && !v.ReadOnly && !v.Name.Contains('.')).ToList();
            return vs.Count == 0 ? null : Pick(vs);
        }

        private Expr? SpillExpr(Ctx c, int depth, bool susp)
        {
            int id = Uid();
            Var? v = Assignable(c, Ty.Int);
            switch (N(9))
            {
                case 0 when v != null:
                {
                    Expr value = IntExpr(c, depth - 1, susp);
                    if (value.Render() == v.Name) value = new Expr(Ty.Int, N(10).ToString()); // not x = x (CS1717)
                    return new Expr(Ty.Int, $"({v.Name} + ({v.Name} = {{0}}) + {v.Name})", value);
                }
                case 1 when v != null:
                    return new Expr(Ty.Int, $"({v.Name} {Pick(new[] { "+=", "-=", "^=", "*=" })} {{0}})", IntExpr(c, depth - 1, susp));
                case 2 when v != null:
                    return new Expr(Ty.Int, $"({v.Name}++ + {{0}} * {v.Name})", IntExpr(c, depth - 1, susp));
                case 3 when v != null:
                    return new Expr(Ty.Int, $"({{0}} - --{v.Name} + {{1}})", IntExpr(c, depth - 1, susp), IntExpr(c, depth - 1, susp));
                case 4:
                    return new Expr(Ty.Int, $"(({{0}}, {{1}}) switch {{{{ (> 3, var tt{id}) => tt{id}, var (ta{id}, tb{id}) => ta{id} - tb{id} }}}})",
                        IntExpr(c, depth - 1, susp), IntExpr(c, depth - 1, susp));
                case 5:
                    return new Expr(Ty.Int, "Math.Max({0}, V(\"m" + id + "\", {1}))", IntExpr(c, depth - 1, susp), IntExpr(c, depth - 1, susp));
                case 6:
                    return new Expr(Ty.Int, "checked({0} * 3 + {1})", IntExpr(c, depth - 1, susp), IntExpr(c, depth - 1, susp));
                case 7:
                    return new Expr(Ty.Int, "(int)(long)({0} + (short){1})", IntExpr(c, depth - 1, susp), IntExpr(c, depth - 1, susp));
                case 8:
                {
                    Var? s = Assignable(c, Ty.Str);
                    if (s == null) return null;
                    return new Expr(Ty.Int, $"({s.Name} += {{0}}).Length", StrExpr(c, depth - 1, susp));
                }
            }
            return null;
        }

        /// <summary>Deconstruction into new locals (named like their siblings') or into existing ones, from values that may suspend.</summary>
        private Stmt? Deconstruction(ref Ctx c, HashSet<string> declared)
        {
            Var? a = Assignable(c, Ty.Int), b = Assignable(c, Ty.Str);
            if (a != null && b != null && P(0.5))
            {
                Expr value = IntExpr(c, 2, true);
                if (value.Render() == a.Name) value = new Expr(Ty.Int, N(10).ToString()); // not a = a (CS1717)
                return new Stmt("deconstruct", $"({a.Name}, {b.Name}) = ({{e0}}, {{e1}} + {a.Name});\nLog(\"dc \" + {a.Name} + {b.Name});",
                    new() { value, StrExpr(c, 1, true) });
            }
            string? n1 = LocalName(c, declared);
            if (n1 == null) return null;
            string? n2 = LocalName(c, declared);
            if (n2 == null) return null;
            Expr e0 = IntExpr(c, 2, true), e1 = StrExpr(c, 1, true);
            c = c with { Vars = c.Vars.Add(new Var(n1, Ty.Int, false, c.InLoop)).Add(new Var(n2, Ty.Str, false, c.InLoop)) };
            return new Stmt("deconstruct", $"var ({n1}, {n2}) = ({{e0}}, {{e1}});\nLog(\"dc \" + {n1} + {n2});", new() { e0, e1 });
        }
    }
}
