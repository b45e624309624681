using System.Collections.Generic;
using System.Linq;

namespace Stackless.Fuzz.Tests.Fuzz
{
    /// <summary>
    /// Out arguments of suspension points (session 6: End… with out arguments becomes syntax). The only suspending API with
    /// one is <c>ch.TryReceive(out v, timeout)</c>: End writes the variable at the resume point, after the frame suspended,
    /// so what locates it (an array and its index, a struct's field, an object's field) is evaluated before the call, in
    /// order, and kept. Targets: <c>out var</c>/<c>out int</c> declarations (named like siblings' locals or generated names
    /// when they are statement-scoped), existing locals and parameters, array elements (constant, local, logged and
    /// suspending indexes), a field of an object (<c>acc!.Total</c>; <c>nacc!.Total</c> throws when the argument is
    /// evaluated), a field of a struct local and of a struct array element, a thread-static field, and discards. Positions:
    /// every int and bool leaf (conditions, operands, arguments, chains, guards, loop headers), the same target written by
    /// two calls of one expression, named arguments in reverse order (the timeout's side effect on the index comes first),
    /// statement-scoped declarations read by later statements, and per-iteration declarations in while/for conditions
    /// captured by closures. The non-suspending <c>TryReceive(out v)</c> appears too, also inside lambdas.
    /// </summary>
    public sealed partial class ProgramGenerator
    {
        /// <summary>The helper types and fields out targets use (added to every program when the construct is on).</summary>
        private const string OutTypes = "public struct Cell { public int V; public int W; }\n[ThreadStatic] public static int sf;";

        /// <summary>An expression format being built, with holes for its children.</summary>
        private sealed class Fmt
        {
            public List<Expr> Kids { get; } = new();

            public string Hole(Expr e)
            {
                Kids.Add(e);
                return "{" + (Kids.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
            }
        }

        /// <summary>An out argument's variable: how it is written after <c>out </c>, how to read it back, and the name it declares.</summary>
        private readonly record struct OutVar(string Target, string Read, string? Declares);

        /// <summary>
        /// A variable an out argument may write. <paramref name="declare"/>: a name for an <c>out var</c>/<c>out int</c>
        /// declaration (null: none allowed here). Index expressions may suspend when <paramref name="susp"/>.
        /// </summary>
        private OutVar OutTarget(Ctx c, Fmt f, bool susp, string? declare)
        {
            int id = Uid();
            Var? local = Assignable(c, Ty.Int);
            switch (N(13))
            {
                case 0 or 1 when declare != null:
                    return new OutVar((P(0.5) ? "var " : "int ") + declare, declare, declare);
                case 2 or 3 or 4 when local != null:
                    return new OutVar(local.Name, local.Name, null);
                case 5 or 6 when c.HasArr:
                {
                    string index = N(5) switch
                    {
                        0 => N(4).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        1 when local != null => local.Name + " & 3",
                        2 => f.Hole(new Expr(Ty.Int, $"V(\"ix{id}\", {N(9)})")) + " & 3",
                        3 => f.Hole(IntLeaf(c, susp)) + " & 3",
                        _ => f.Hole(IntExpr(c, 1, susp)) + " & 3",
                    };
                    return new OutVar($"arr[{index}]", "arr.Sum()", null);
                }
                case 7 when c.HasArr:
                    // nacc is null: the argument throws when it is evaluated, before the call suspends.
                    return P(0.04) ? new OutVar("nacc!.Total", "0", null) : new OutVar("acc!.Total", "acc!.Total", null);
                case 8 when c.HasArr:
                {
                    string field = P(0.5) ? "cel.V" : "cel.W";
                    return new OutVar(field, field, null);
                }
                case 9 when c.HasArr:
                {
                    string index = P(0.5) ? N(2).ToString(System.Globalization.CultureInfo.InvariantCulture) : f.Hole(IntLeaf(c, susp)) + " & 1";
                    return new OutVar($"cells[{index}].V", "(cells[0].V + cells[1].V * 7)", null);
                }
                case 10:
                    return new OutVar("sf", "sf", null);
                case 11:
                    return new OutVar(N(3) switch { 0 => "_", 1 => "int _", _ => "var _" }, "0", null);
            }
            return c.HasArr ? new OutVar($"arr[{N(4)}]", "arr.Sum()", null) : new OutVar("sf", "sf", null);
        }

        /// <summary>A channel for a timed receive: cin (always a sender), the ticker's, the quiet one, now and then the closed one.</summary>
        private (string Channel, bool Sure) OutChannel() => P(0.1) ? ("HT.Shut", false) : RecvChannel();

        /// <summary><c>ch.TryReceive(out target, timeout)</c> with the arguments positional or named in reverse order.</summary>
        private string TimedReceive(string channel, bool sure, string target) => P(0.2)
            ? $"{channel}.TryReceive(timeout: {Ms(sure)}, value: out {target})"
            : $"{channel}.TryReceive(out {target}, {Ms(sure)})";

        private Expr OutIntLeaf(Ctx c)
        {
            var f = new Fmt();
            int id = Uid();
            var (ch, sure) = OutChannel();
            switch (N(6))
            {
                case 0:
                {
                    // The same variable written by two calls of one expression, read between and after them.
                    Var? v = Assignable(c, Ty.Int);
                    string t = v?.Name ?? (c.HasArr ? $"arr[{N(4)}]" : "sf");
                    var (ch2, sure2) = OutChannel();
                    string text = $"(({TimedReceive(ch, sure, t)} ? {t} : -{1 + N(4)}) + ({TimedReceive(ch2, sure2, t)} | {t} > {N(5)} ? {t} : {N(9)}))";
                    return new Expr(Ty.Int, text, f.Kids.ToArray()) { Suspends = true };
                }
                case 1 when c.HasArr && Assignable(c, Ty.Int) is Var l:
                {
                    // The index reads a local the timeout's argument assigns: positional, the element is located first;
                    // named in reverse order, the timeout (and its assignment) comes first.
                    string ms = $"TimeSpan.FromMilliseconds(V(\"ms{id}\", ({l.Name} {Pick(new[] { "+=", "^=", "=" })} {1 + N(5)}) & 3))";
                    string call = P(0.5) || !_o.OutAfterSideEffect
                        ? $"{ch}.TryReceive(out arr[{l.Name} & 3], {ms})"
                        : $"{ch}.TryReceive(timeout: {ms}, value: out arr[{l.Name} & 3])";
                    return new Expr(Ty.Int, $"({call} ? arr[{l.Name} & 3] * 10 + {l.Name} : {l.Name})") { Suspends = true };
                }
                case 2:
                {
                    OutVar o = OutTarget(c, f, true, null);
                    return new Expr(Ty.Int, $"(({TimedReceive(ch, sure, o.Target)} ? {N(7)} : 0) + {o.Read})", f.Kids.ToArray()) { Suspends = true };
                }
                default:
                {
                    OutVar o = OutTarget(c, f, true, "ov" + id);
                    return new Expr(Ty.Int, $"({TimedReceive(ch, sure, o.Target)} ? {o.Read} : -{1 + N(5)})", f.Kids.ToArray()) { Suspends = true };
                }
            }
        }

        private Expr OutBoolLeaf(Ctx c)
        {
            var f = new Fmt();
            int id = Uid();
            var (ch, sure) = OutChannel();
            OutVar o = OutTarget(c, f, true, "ov" + id);
            string call = TimedReceive(ch, sure, o.Target);
            string text = N(3) switch
            {
                0 => call,
                1 => $"({call} && {o.Read} > {N(6)})",
                _ => $"({call} | V(\"ob{id}\", {o.Read}) % 2 == 0)",
            };
            return new Expr(Ty.Bool, text, f.Kids.ToArray()) { Suspends = true };
        }

        /// <summary>The non-suspending <c>TryReceive(out v)</c> (also in lambdas): copied code writing the same variables.</summary>
        private Expr QuietOutLeaf(Ctx c)
        {
            var f = new Fmt();
            int id = Uid();
            string ch = Pick(new[] { "cin", "HT.Quiet", "HT.Shut" });
            OutVar o = OutTarget(c, f, false, c.InLambda ? null : "oq" + id);
            return new Expr(Ty.Int, $"({ch}.TryReceive(out {o.Target}) ? {o.Read} + 1 : -{1 + N(5)})", f.Kids.ToArray());
        }

        /// <summary>Out arguments as statements: declarations read later, loops declaring one per iteration.</summary>
        private Stmt? OutStatement(ref Ctx c, HashSet<string> declared)
        {
            int id = Uid();
            var (ch, sure) = OutChannel();
            switch (N(6))
            {
                case 0:
                case 1:
                {
                    // Declared by an if's condition or an expression statement: in scope for the rest of the block.
                    string? name = LocalName(c, declared);
                    if (name == null) return null;
                    var f = new Fmt();
                    OutVar o = P(0.7) ? new OutVar((P(0.5) ? "var " : "int ") + name, name, name) : OutTarget(c, f, true, name);
                    if (o.Declares == null) declared.Remove(name);
                    string call = TimedReceive(ch, sure, o.Target);
                    if (o.Declares != null) c = c with { Vars = c.Vars.Add(new Var(o.Declares, Ty.Int, false, c.InLoop)) };
                    string text = P(0.5)
                        ? $"if ({call}) Log(\"ok{id} \" + {o.Read}); else Log(\"no{id} \" + {o.Read});"
                        : $"{call};\nLog(\"or{id} \" + {o.Read});";
                    return new Stmt("outarg", Fill(text, f), f.Kids.ToList());
                }
                case 2 or 5 when c.LoopDepth < (c.InHelper ? 1 : 2) && c.Depth < 3:
                {
                    // A variable per iteration, declared by the loop's condition (closures keep each one).
                    string name = "ow" + id;
                    int k = 1 + N(3);
                    var inner = c with { LoopDepth = c.LoopDepth + 1, CanBreak = true, CanContinue = true, InLoop = true, Vars = c.Vars.Add(new Var(name, Ty.Int, true, true)) };
                    string call = TimedReceive(ch, sure, (P(0.5) ? "var " : "int ") + name);
                    Block b = SubBlock(inner, BlockSize(c));
                    if (_o.Lambdas && _o.KeptClosures && c.HasArr && P(0.5)) b.Stmts.Insert(0, new Stmt("lambda", $"fns.Add(() => {name} * 10 + {N(9)});"));
                    b.Stmts.Insert(0, new Stmt("log", $"Log(\"{name} \" + {name});"));
                    string header = P(0.5)
                        ? $"int w{id} = 0;\nwhile (w{id}++ < {k} && {call})"
                        : $"for (int j{id} = 0; j{id} < {k} && {call}; j{id}++)";
                    return new Stmt("outloop", header) { Unwrappable = true }.Add(b, "");
                }
                case 3 when c.HasArr:
                {
                    // Each target kind in turn into one logged line, the index suspending.
                    var f = new Fmt();
                    OutVar o = OutTarget(c, f, true, null);
                    var (ch2, sure2) = OutChannel();
                    OutVar o2 = OutTarget(c, f, true, null);
                    string text = $"Log(\"ot{id} \" + {TimedReceive(ch, sure, o.Target)} + \" \" + {o.Read} + \" \" + {TimedReceive(ch2, sure2, o2.Target)} + \" \" + {o2.Read});";
                    return new Stmt("outarg", Fill(text, f), f.Kids.ToList());
                }
                default:
                {
                    var f = new Fmt();
                    OutVar o = OutTarget(c, f, true, null);
                    string text = $"bool ob{id} = {TimedReceive(ch, sure, o.Target)};\nLog(\"ob{id} \" + ob{id} + \" \" + {o.Read});";
                    c = c with { Vars = c.Vars.Add(new Var("ob" + id, Ty.Bool, false, c.InLoop)) };
                    return new Stmt("outarg", Fill(text, f), f.Kids.ToList());
                }
            }
        }

        /// <summary>A statement's text with the format's holes {0}, {1}, … turned into the statement's {e0}, {e1}, ….</summary>
        private static string Fill(string text, Fmt f)
        {
            for (int i = f.Kids.Count - 1; i >= 0; i--)
                text = text.Replace("{" + i + "}", "{e" + i + "}", System.StringComparison.Ordinal);
            return text;
        }

        /// <summary>
        /// A jump out of copied code before a <c>using</c> declaration followed by a local function in the same block (fuzz
        /// seed 294's shape: the frame must leave the block without a goto past the declaration, CS8648). On since the
        /// structured fix (b41dbdb) landed: before it the generator refused it with TSK010.
        /// </summary>
        private Stmt? JumpBeforeUsingDeclaration(ref Ctx c)
        {
            if (c.BlockHasLabel || c.NoUsingDeclarations || AfterForwardGoto(c)) return null;
            var jumps = new List<string>();
            if (c.CanContinue) jumps.Add("continue;");
            if (c.CanBreak) jumps.Add("break;");
            // No goto: C# refuses a goto written before a using declaration to a label after it, even in an enclosing block (CS8648).
            if (c.CanReturn) jumps.Add("return {e1};");
            if (jumps.Count == 0) return null;
            int id = Uid();
            string jump = Pick(jumps);
            var exprs = new List<Expr> { BoolExpr(c, 1, P(0.3)) };
            if (jump.Contains("{e1}", System.StringComparison.Ordinal)) exprs.Add(IntExpr(c, 1, P(0.5)));
            string fn = N(3) switch
            {
                0 => $"int g{id}() => r{id}.Name.Length + {N(9)};",
                1 => $"int g{id}() => V(\"v{id}\", {N(9)}) + 3;",
                _ => $"static int g{id}() {{ return {N(9)} * 2; }}",
            };
            string use = N(3) switch
            {
                0 when _o.KeptClosures && c.HasArr => $"fns.Add(g{id});\nLog(\"g{id} \" + g{id}());",
                1 => $"Log(\"g{id} \" + g{id}() + \" \" + r{id}.Name);",
                _ => $"Log(\"g{id} \" + g{id}());",
            };
            // Typed, not var: a local function reads it (with var it would be nullable there, CS8602).
            if (_o.UsingCaptures) c = c with { Vars = c.Vars.Add(new Var($"r{id}.Name", Ty.Str, true, c.InLoop)) };
            return new Stmt("usingdecl", $"if ({{e0}}) {jump}\nusing LogDisposable r{id} = new LogDisposable(\"r{id}\");\n{fn}\n{use}", exprs);
        }
    }
}
