using System.Collections.Generic;
using System.Linq;

namespace Stackless.Fuzz.Tests.Fuzz
{
    /// <summary>
    /// Session 6's loops that do not suspend (issue 14: step checks at their back-edges, the watchdog differential run
    /// interrupting them): bodies with closures kept past their iteration over the loop's variables, pattern and out
    /// variables, the non-suspending <c>TryReceive(out …)</c>, a switch whose sections continue, a local function over
    /// the accumulator, nested loops left by a goto to a label after them, a loop of two variables; a ref-like local
    /// (<c>Span&lt;int&gt;</c>, <c>ref int</c>) live across a whole loop (an interruption could not save it); and loops
    /// inside lambdas (where nothing may be checked). Every loop is bounded.
    /// </summary>
    public sealed partial class ProgramGenerator
    {
        /// <summary>One of the newer body statements of a quiet loop (<see cref="QuietBodyStatement"/>), or null.</summary>
        private Stmt? QuietBodyStatement6(ref Ctx c, HashSet<string> declared, string acc, string iv, int n, int id)
        {
            switch (N(7))
            {
                case 0 when n <= 12 && _o.Lambdas && _o.KeptClosures && c.HasArr:
                    // Per iteration for foreach and body locals, one variable for a for loop's: the closures tell.
                    return new Stmt("quiet", $"int qk{id} = {acc} & 15;\nfns.Add(() => {iv} * 100 + qk{id});");
                case 1:
                    return new Stmt("quiet", $"if ((object)({acc} & 7) is int qp{id} && qp{id} > {N(6)}) {acc} += qp{id};\nelse if (int.TryParse(\"{N(9)}\" + ({iv} & 3), out var qo{id})) {acc} ^= qo{id};");
                case 2:
                {
                    string ch = Pick(new[] { "HT.Quiet", "HT.Shut" });
                    string target = c.HasArr && P(0.5) ? $"arr[{iv} & 3]" : $"int qv{id}";
                    string read = target.StartsWith("int ", System.StringComparison.Ordinal) ? "qv" + id : $"arr[{iv} & 3]";
                    return new Stmt("quiet", $"if (!{ch}.TryReceive(out {target})) {acc} += {read} + 1;");
                }
                case 3:
                    return new Stmt("quiet", $"switch ({acc} & 3)\n{{\n    case 0:\n        {acc} += 5;\n        continue;\n    case {1 + N(2)}:\n        {acc} = {acc} * 7 % 10007;\n        break;\n    default:\n        if ({iv} > {N(n + 1)}) goto case 0;\n        break;\n}}");
                case 4:
                    return new Stmt("quiet", $"int qf{id}(int z) => z * 3 + ({acc} & 1);\n{acc} = qf{id}({acc}) % 100003;");
                case 5:
                {
                    // Nested loops left by a forward goto to a label after them (no using declaration in a quiet body).
                    int m = 1 + N(6);
                    return new Stmt("quiet", $"for (int qn{id} = 0; qn{id} < {m}; qn{id}++)\n{{\n    int qm{id} = 0;\n    while (qm{id}++ < {m})\n    {{\n        {acc} += qn{id} ^ qm{id};\n        if ({acc} % {5 + N(20)} == 0) goto qo{id};\n    }}\n}}\nqo{id}: {acc} ^= 3;");
                }
                default:
                    return new Stmt("quiet", $"for (int qc{id} = 0, qd{id} = {1 + N(9)}; qc{id} < qd{id}; qc{id}++, qd{id}--) {acc} += qc{id} * qd{id};");
            }
        }

        /// <summary>
        /// A <c>Span&lt;int&gt;</c> or <c>ref int</c> live across a whole loop that does not suspend, in a bare block that does
        /// not suspend either (a ref-like local in a block that suspends is refused, TSK004).
        /// </summary>
        private Stmt RefLocalAcrossQuietLoop(Ctx c)
        {
            int id = Uid();
            int n = QuietCount();
            string body = N(3) switch
            {
                0 => $"    Span<int> qs{id} = arr;\n    for (int qi{id} = 0; qi{id} < {n}; qi{id}++) qs{id}[qi{id} & 3] += qi{id} & 7;\n    Log(\"qs{id} \" + qs{id}[0] + \" \" + qs{id}[3]);\n",
                1 => $"    ref int qr{id} = ref arr[{N(4)}];\n    int qi{id} = 0;\n    while (qi{id}++ < {n}) qr{id} = (qr{id} * 3 + qi{id}) % 1009;\n    Log(\"qr{id} \" + qr{id});\n",
                // stackalloc is not allowed in a catch or finally block (CS0255).
                _ => $"    Span<int> qs{id} = {(c.InCatch || !c.CanReturn ? "new" : "stackalloc")} int[{1 + N(4)}];\n    int qi{id} = 0;\n    do {{ qs{id}[qi{id} % qs{id}.Length] ^= qi{id}; }} while (++qi{id} < {n});\n    Log(\"qs{id} \" + qs{id}[0]);\n",
            };
            return new Stmt("reflocal", "{\n" + body + "}");
        }

        /// <summary>A loop that does not suspend inside a lambda or local function (no step check can go there).</summary>
        private Stmt QuietLoopInLambda(Ctx c)
        {
            int id = Uid();
            int n = QuietCount();
            Ctx pure = ForLocalFunction(c.InLambdaBody());
            string loop = $"int s = {N(5)}; for (int j = 0; j < {n}; j++) s = (s * 31 + j) % 10007; return s + {{e0}};";
            return P(0.5)
                ? new Stmt("lambda", $"Func<int> ql{id} = () => {{ {loop} }};\nLog(\"ql{id} \" + ql{id}());", new() { IntExpr(pure, 1, false) })
                : new Stmt("lambda", $"int ql{id}() {{ {loop} }}\nLog(\"ql{id} \" + ql{id}());", new() { IntExpr(pure, 1, false) });
        }
    }
}
