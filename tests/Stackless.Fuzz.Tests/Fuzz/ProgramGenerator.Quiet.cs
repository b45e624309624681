using System;
using System.Collections.Generic;
using System.Linq;

namespace Stackless.Fuzz.Tests.Fuzz
{
    /// <summary>
    /// Session 5's constructs (issue 16 item 6, and issue 14's step checks in loops that do not suspend):
    /// <list type="bullet">
    /// <item>Quiet loops: for/while/do/foreach/while(true) loops whose bodies never suspend (tight arithmetic on an
    /// accumulator, break/continue, body locals named like their siblings', nested quiet loops, try/catch/finally, a closure
    /// over the accumulator, writes to the method's locals, a counted backward goto), from a few to a few thousand
    /// iterations. The oracle's watchdog run interrupts them wherever the generator puts step checks.</item>
    /// <item>Backward gotos: <c>int bgN = 0; LABEL: …</c>, then a region (and the rest of the block) from which
    /// <c>if (bgN++ &lt; K …) goto LABEL;</c> jumps back, out of loops, switch sections, try and catch blocks (never out
    /// of a finally). Labels are named like the generator's own (<c>__resume2</c>, <c>__endif1</c>, <c>__return</c>) or
    /// reuse a sibling block's label.</item>
    /// <item>Pattern and out variables declared by a statement (<c>if (… is not int a0) throw …;</c>,
    /// <c>int.TryParse(…, out var b1);</c>) whose scope is the enclosing block, read after later suspensions.</item>
    /// <item>Locals of lambdas and local functions that shadow the method's locals and parameters with another type.</item>
    /// <item>Ref-like and ref locals (<c>Span&lt;int&gt;</c>, <c>ref int</c>) used only between suspensions: they must stay C# locals.</item>
    /// </list>
    /// Terminates: every loop is bounded by a counter and every backward goto by its own.
    /// </summary>
    public sealed partial class ProgramGenerator
    {
        /// <summary>One of the constructs above, or null when it has no place here.</summary>
        private Stmt? QuietStatement(ref Ctx c, HashSet<string> declared)
        {
            switch (N(_o.OutArguments ? 14 : 12))
            {
                case 12:
                    return c.HasArr ? RefLocalAcrossQuietLoop(c) : null;
                case 13:
                    return _o.Lambdas ? QuietLoopInLambda(c) : null;
                case >= 10:
                    return c.HasArr ? RefLocals(c) : null;
                case < 4:
                    return QuietLoop(ref c, declared);
                case < 6:
                    return c.Depth < 3 ? BackwardRegion(ref c) : null;
                case < 8:
                    return PatternDecl(ref c, declared);
                default:
                    return _o.Lambdas ? ShadowingClosure(c) : null;
            }
        }

        /// <summary>
        /// A label for the current block: with name reuse mostly one the generator also makes (at this depth) or a
        /// sibling block's; never one of this block's own (an enclosing or nested block never has the same name: the
        /// names carry the depth).
        /// </summary>
        private string LabelName(Ctx c)
        {
            int d = c.Depth;
            string name = "L" + Uid();
            if (_o.NameReuse && _o.QuietLoopsAndGotos && P(0.6))
            {
                string reuse = N(7) switch
                {
                    0 => d == 0 ? "__return" : "__return" + d,
                    1 => "__resume" + (d + 1),
                    2 => "__endif" + (d + 1),
                    3 => "__while" + (d + 1),
                    4 => "__step" + (d + 1),
                    5 => "__leave" + (d + 1),
                    _ => "M" + d,
                };
                if (!c.BlockLabelNames.Contains(reuse)) name = reuse;
            }
            c.BlockLabelNames.Add(name);
            return name;
        }

        // ---- backward gotos ----

        private Stmt BackwardRegion(ref Ctx c)
        {
            int id = Uid();
            string label = LabelName(c);
            var back = new BackLabel(label, "bg" + id, 1 + N(3));
            Ctx inner = c with { BackLabels = c.BackLabels.Add(back) };
            Block region = SubBlock(inner, BlockSize(c));
            // At least one jump back, at the end of the region (unless the shrinker removes it).
            region.Stmts.Add(P(0.5) ? new Stmt("goto", $"if ({back.Counter}++ < {back.K}) goto {label};") : BackGoto(inner, back));
            // The rest of this block may jump back too: no using declaration may come between (CS8649).
            c = c with { BackLabels = c.BackLabels.Add(back), BlockHasLabel = true };
            return new Stmt("backgoto", $"int {back.Counter} = 0;\n{label}: Log(\"{label} \" + {back.Counter});") { Unwrappable = true }.Add(region, "");
        }

        private Stmt BackGoto(Ctx c, BackLabel back) =>
            new("goto", $"if ({back.Counter}++ < {back.K} && {{e0}}) goto {back.Label};", new() { BoolExpr(c, 1, true) });

        // ---- loops that do not suspend ----

        /// <summary>Mostly a handful of iterations, often a few hundred, now and then thousands.</summary>
        private int QuietCount()
        {
            int r = N(100);
            if (r < 60) return 1 + N(12);
            if (r < 90) return 13 + N(290);
            return 300 + N(2700);
        }

        private Stmt QuietLoop(ref Ctx c, HashSet<string> declared)
        {
            int id = Uid();
            int d = c.Depth;
            int n = QuietCount();
            string acc = "qa" + id;
            bool closure = _o.Lambdas && P(0.2);
            string head = $"int {acc} = {{e0}};";
            if (closure) head += $"\nFunc<int> pk{id} = () => {acc} & 7;";

            int kind = N(6);
            // for and foreach scope their variable to the loop: reuse this depth's loop-variable name when it is free.
            string reused = "i" + d;
            string iv = kind is 0 or 3 && !c.Vars.Any(v => v.Name == reused) && !c.Taken.Contains(reused) ? reused : "qi" + id;
            var body = new Block();
            Ctx bc = c with
            {
                Depth = d + 1, LoopDepth = c.LoopDepth + 1, InLoop = true, CanBreak = true, CanContinue = true,
                BlockHasLabel = false, BlockLabelNames = new HashSet<string>(),
                Vars = c.Vars.Add(new Var(iv, Ty.Int, true, true)),
            };
            string header;
            switch (kind)
            {
                case 0:
                    header = $"for (int {iv} = 0; {iv} < {n}; {iv}++)";
                    break;
                case 1:
                    head += $"\nint {iv} = 0;";
                    header = $"while ({iv} < {n})";
                    body.Stmts.Add(new Stmt("quiet", $"{iv}++;"));
                    break;
                case 2:
                    head += $"\nint {iv} = 0;";
                    header = "do";
                    body.Stmts.Add(new Stmt("quiet", $"{iv}++;"));
                    break;
                case 3:
                    header = P(0.3) && c.HasArr ? $"foreach (int {iv} in arr)" : $"foreach (int {iv} in Enumerable.Range({N(3)}, {n}))";
                    break;
                default:
                    head += $"\nint {iv} = 0;";
                    header = "while (true)";
                    body.Stmts.Add(new Stmt("quiet", $"if (++{iv} > {n}) break;"));
                    break;
            }
            var bodyDeclared = new HashSet<string>();
            int count = 1 + N(4);
            for (int i = 0; i < count; i++)
                body.Stmts.Add(QuietBodyStatement(ref bc, bodyDeclared, acc, iv, n, closure ? "pk" + id : null));
            string after = kind == 2 ? $"while ({iv} < {n});" : "";
            Expr init = IntExpr(c, 1, true);
            c = c with { Vars = c.Vars.Add(new Var(acc, Ty.Int, false, c.InLoop)) };
            return new Stmt("quietloop", head + "\n" + header, new() { init }) { Unwrappable = true }
                .Add(body, after + (after.Length > 0 ? "\n" : "") + $"Log(\"{acc} \" + {acc});");
        }

        /// <summary>A statement of a quiet loop's body: nothing in it suspends.</summary>
        private Stmt QuietBodyStatement(ref Ctx c, HashSet<string> declared, string acc, string iv, int n, string? peek)
        {
            int id = Uid();
            switch (N(_o.OutArguments ? 21 : 14))
            {
                case >= 14:
                    if (QuietBodyStatement6(ref c, declared, acc, iv, n, id) is Stmt more) return more;
                    break;
                case 0:
                case 1:
                {
                    Var? v = c.Vars.Where(x => x.Type == Ty.Int && x.Name != acc).OrderBy(_ => N(100)).FirstOrDefault();
                    return new Stmt("quiet", $"{acc} = ({acc} * 31 + {iv} + {v?.Name ?? N(10).ToString()}) % 1000003;");
                }
                case 2:
                    return new Stmt("quiet", $"if (({acc} ^ {iv}) % {2 + N(5)} == {N(2)}) continue;");
                case 3:
                    return new Stmt("quiet", $"if ({acc} % {20 + N(80)} == {N(5)}) break;");
                case 4 when c.HasArr:
                    return new Stmt("quiet", $"arr[{iv} & 3] ^= {acc} & 15;");
                case 5:
                {
                    // A body local named like its sibling blocks' locals (maybe of another type, maybe hoisted there).
                    string? name = LocalName(c, declared);
                    if (name == null) break;
                    switch (N(3))
                    {
                        case 0:
                            c = c with { Vars = c.Vars.Add(new Var(name, Ty.Int, false, true)) };
                            return new Stmt("quiet", $"int {name} = {acc} ^ {iv};\n{acc} += {name} & 7;");
                        case 1:
                            c = c with { Vars = c.Vars.Add(new Var(name, Ty.Str, false, true)) };
                            return new Stmt("quiet", $"string {name} = \"q\" + ({acc} & 7);\n{acc} += {name}.Length;");
                        default:
                            c = c with { Vars = c.Vars.Add(new Var(name, Ty.Bool, false, true)) };
                            return new Stmt("quiet", $"bool {name} = ({acc} & 1) == 0;\nif ({name}) {acc}++;");
                    }
                }
                case 6:
                {
                    int m = 1 + N(20);
                    string j = "qj" + id;
                    string loop = P(0.5)
                        ? $"for (int {j} = 0; {j} < {m}; {j}++) {acc} += {j} ^ {iv};"
                        : $"int {j} = {m};\ndo {{ {acc} = {acc} * 3 % 10007 + {j}; }} while (--{j} > 0);";
                    return P(0.3)
                        ? new Stmt("quiet", $"try\n{{\n    {loop.Replace("\n", "\n    ")}\n    if ({acc} % 13 == {N(13)}) throw new TestException(\"qx{id}\");\n}}\ncatch (TestException)\n{{\n    {acc} -= 3;\n}}\nfinally\n{{\n    {acc} ^= 1;\n}}")
                        : new Stmt("quiet", loop);
                }
                case 7:
                {
                    Var? v = c.Vars.Where(x => !x.ReadOnly && !x.Name.Contains('.') && x.Name != acc).OrderBy(_ => N(100)).FirstOrDefault();
                    if (v == null) break;
                    return v.Type switch
                    {
                        Ty.Int => new Stmt("quiet", $"{v.Name} += {acc} & 3;"),
                        Ty.Str => new Stmt("quiet", $"{v.Name} = {v.Name}.Length > 30 ? \"r\" : {v.Name} + ({acc} & 3);"),
                        _ => new Stmt("quiet", $"{v.Name} ^= ({acc} & 1) == 1;"),
                    };
                }
                case 8 when peek != null:
                    return new Stmt("quiet", $"{acc} += {peek}();");
                case 9 when n <= 12:
                    return new Stmt("quiet", $"Log(\"qv{id} \" + {{e0}});", new() { IntExpr(c, 1, false) });
                case 10 when n <= 12 && c.CanReturn:
                    return new Stmt("quiet", "if ({e0}) return {e1};", new() { BoolExpr(c, 1, false), IntExpr(c, 1, false) });
                case 11:
                    return new Stmt("quiet", $"if ({acc} == {N(50)} && {iv} > 1) throw new TestException(\"qt{id}\");");
                case 12:
                {
                    // A backward goto that does not suspend either.
                    string label = LabelName(c);
                    return new Stmt("quiet", $"int qr{id} = 0;\n{label}: {acc} += qr{id};\nif (qr{id}++ < {1 + N(3)}) goto {label};");
                }
                default:
                    return new Stmt("quiet", $"try\n{{\n    {acc} += {iv};\n    if ({acc} % 11 == {N(11)}) throw new TestException(\"qx{id}\");\n}}\ncatch (TestException)\n{{\n    {acc} -= 1;\n}}\nfinally\n{{\n    {acc} ^= 2;\n}}");
            }
            return new Stmt("quiet", $"{acc} += {iv} * {1 + N(5)};");
        }

        // ---- variables declared by a statement, in the enclosing block ----

        private Stmt? PatternDecl(ref Ctx c, HashSet<string> declared)
        {
            string? name = LocalName(c, declared);
            if (name == null) return null;
            int id = Uid();
            switch (N(3))
            {
                case 0:
                {
                    Expr value = IntExpr(c, 2, true);
                    c = c with { Vars = c.Vars.Add(new Var(name, Ty.Int, false, c.InLoop)) };
                    return new Stmt("patterndecl", $"if ((object)({{e0}}) is not int {name}) throw new TestException(\"never{id}\");", new() { value });
                }
                case 1:
                {
                    Expr value = StrExpr(c, 2, true);
                    c = c with { Vars = c.Vars.Add(new Var(name, Ty.Str, false, c.InLoop)) };
                    return new Stmt("patterndecl", $"if ((object)({{e0}}) is not string {name}) throw new TestException(\"never{id}\");", new() { value });
                }
                default:
                {
                    Expr text = StrExpr(c, 1, true);
                    c = c with { Vars = c.Vars.Add(new Var(name, Ty.Int, false, c.InLoop)) };
                    return new Stmt("patterndecl", $"int.TryParse({{e0}}, out var {name});\nLog(\"{name} \" + {name});", new() { text });
                }
            }
        }

        // ---- locals of nested functions shadowing the method's ----

        private Stmt? ShadowingClosure(Ctx c)
        {
            var names = c.Vars.Where(v => !v.Name.Contains('.')).ToList();
            if (names.Count == 0) return null;
            Var shadowed = Pick(names);
            int id = Uid();
            Ctx pure = c.InLambdaBody() with { Vars = c.Vars.Where(v => v.Name != shadowed.Name && !v.Name.StartsWith(shadowed.Name + ".", StringComparison.Ordinal)).ToImmutableList() };
            // Another type than the shadowed variable's, so a frame reading the wrong one does not compile.
            (string decl, string use) = shadowed.Type switch
            {
                Ty.Int => ($"string {shadowed.Name} = \"s\" + q;", $"{shadowed.Name}.Length"),
                Ty.Str => ($"bool {shadowed.Name} = q > 2;", $"({shadowed.Name} ? q : 1)"),
                _ => ($"int {shadowed.Name} = q * 2;", $"{shadowed.Name}"),
            };
            if (P(0.5))
                return new Stmt("lambda", $"Func<int, int> sh{id} = q => {{ {decl} return {use} + {{e0}}; }};\nLog(\"sh{id} \" + sh{id}({{e1}}));",
                    new() { IntExpr(pure, 1, false), IntExpr(c, 1, true) });
            return new Stmt("lambda", $"int lf{id}(int q) {{ {decl} return {use} + {{e0}}; }}\nLog(\"lf{id} \" + lf{id}({{e1}}));",
                new() { IntExpr(ForLocalFunction(pure), 1, false), IntExpr(c, 1, true) });
        }

        // ---- ref-like locals between suspensions ----

        /// <summary>
        /// A bare block with a <c>Span&lt;int&gt;</c> or <c>ref int</c> local (named like its siblings' locals of other types,
        /// which may be hoisted) in a block that does not suspend: as C# 13 does in async methods, the generator refuses (TSK004)
        /// a ref-like local in a block that suspends, before or after its declaration, even where it is not live across it.
        /// </summary>
        private Stmt? RefLocals(Ctx c)
        {
            int id = Uid();
            Ctx inner = c with { Depth = c.Depth + 1 };
            string? name = LocalName(inner, new HashSet<string>());
            if (name == null) return null;
            // Its expressions' pattern variables (named like this depth's loop variables) must not take its name (CS0136).
            Ctx at = c with { Taken = c.Taken.Add(name) };
            var exprs = new List<Expr> { IntExpr(at, 1, false), IntExpr(at, 1, false) };
            string text = "{\n";
            string value = "{e1}";
            text += N(3) switch
            {
                0 => $"    Span<int> {name} = arr;\n    {name}[{{e0}} & 3] += {value};\n    Log(\"sp{id} \" + {name}[0] + \" \" + {name}.Length);\n",
                1 => $"    Span<int> {name} = arr.AsSpan({N(3)});\n    {name}.Fill({value});\n    Log(\"sp{id} \" + {name}[0]);\n",
                _ => $"    ref int {name} = ref arr[{{e0}} & 3];\n    {name} = {name} * 2 + {value};\n    Log(\"rf{id} \" + {name});\n",
            };
            return new Stmt("reflocal", text + "}", exprs);
        }
    }
}
