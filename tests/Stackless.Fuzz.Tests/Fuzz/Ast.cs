using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Stackless.Fuzz.Tests.Fuzz
{
    /// <summary>The static type of a fuzz expression.</summary>
    public enum Ty { Int, Bool, Str }

    /// <summary>
    /// An expression of a fuzz program: a format with holes ({0}, {1}, …) filled by its children. Kept generic so the
    /// shrinker can replace any node by a literal of its type or by a child of the same type.
    /// </summary>
    public sealed class Expr
    {
        public Expr(Ty type, string format, params Expr[] kids)
        {
            Type = type;
            Format = format;
            Kids = kids.ToList();
        }

        public Ty Type { get; }
        public string Format { get; set; }
        public List<Expr> Kids { get; }

        /// <summary>True if the node itself suspends (a receive or a tasklet call).</summary>
        public bool Suspends { get; init; }

        public bool IsLiteral => Kids.Count == 0 && !Suspends && (Format == Literal(Type).Format);

        public string Render()
        {
            if (Kids.Count == 0) return Format;
            var parts = Kids.Select(k => (object)k.Render()).ToArray();
            return string.Format(Format, parts);
        }

        public Expr Clone() => new(Type, Format, Kids.Select(k => k.Clone()).ToArray()) { Suspends = Suspends, ChainOps = ChainOps?.ToList(), ChainEnds = ChainEnds };

        /// <summary>For a chain (<c>prefix {0} op {1} op … suffix</c>): the operator before each term after the first.</summary>
        public List<string>? ChainOps { get; private set; }
        private (string Prefix, string Suffix) ChainEnds { get; init; }

        /// <summary>A chain of <paramref name="terms"/> joined by <paramref name="ops"/> (one fewer), which the shrinker can cut.</summary>
        public static Expr MakeChain(Ty type, string prefix, List<string> ops, string suffix, Expr[] terms)
        {
            var e = new Expr(type, "", terms) { ChainOps = ops, ChainEnds = (prefix, suffix) };
            e.Format = e.ChainFormat();
            return e;
        }

        private string ChainFormat()
        {
            var sb = new StringBuilder(ChainEnds.Prefix).Append("{0}");
            for (int i = 1; i < Kids.Count; i++) sb.Append(ChainOps![i - 1]).Append('{').Append(i).Append('}');
            return sb.Append(ChainEnds.Suffix).ToString();
        }

        /// <summary>Keeps terms [<paramref name="from"/>, <paramref name="to"/>) of a chain.</summary>
        public void CutChain(int from, int to)
        {
            Kids.RemoveRange(to, Kids.Count - to);
            Kids.RemoveRange(0, from);
            ChainOps = ChainOps!.Skip(from).Take(to - from - 1).ToList();
            Format = ChainFormat();
        }

        public static Expr Literal(Ty t) => t switch
        {
            Ty.Int => new Expr(Ty.Int, "1"),
            Ty.Bool => new Expr(Ty.Bool, "true"),
            _ => new Expr(Ty.Str, "\"s\""),
        };

        public IEnumerable<Expr> Descendants()
        {
            foreach (Expr k in Kids)
            {
                yield return k;
                foreach (Expr d in k.Descendants()) yield return d;
            }
        }
    }

    /// <summary>A block of statements; <see cref="EndLabel"/> is a label placed after its last statement (a forward goto target).</summary>
    public sealed class Block
    {
        public List<Stmt> Stmts { get; } = new();
        public string? EndLabel { get; set; }

        public Block Clone()
        {
            var b = new Block { EndLabel = EndLabel };
            b.Stmts.AddRange(Stmts.Select(s => s.Clone()));
            return b;
        }

        public void Render(CodeWriter w)
        {
            foreach (Stmt s in Stmts) s.Render(w);
            if (EndLabel != null) w.Line($"{EndLabel}: Log(\"{EndLabel}\");");
        }
    }

    /// <summary>
    /// A statement: lines of text around nested blocks and expressions. <see cref="Parts"/> interleaves text
    /// (with {e0}, {e1} expression holes) and child blocks, so rendering, cloning and shrinking are uniform.
    /// </summary>
    public sealed class Stmt
    {
        /// <summary>Header text, then for each child block: the block, then the text after it.</summary>
        public Stmt(string kind, string head, List<Expr>? exprs = null)
        {
            Kind = kind;
            Head = head;
            Exprs = exprs ?? new List<Expr>();
        }

        public string Kind { get; }
        public string Head { get; set; }
        public List<Expr> Exprs { get; }
        public List<(Block Block, string After)> Children { get; } = new();

        /// <summary>The names this statement declares in its enclosing scope (for shrinking: removing it may break users).</summary>
        public bool Unwrappable { get; init; }

        public Stmt Add(Block b, string after)
        {
            Children.Add((b, after));
            return this;
        }

        public Stmt Clone()
        {
            var s = new Stmt(Kind, Head, Exprs.Select(e => e.Clone()).ToList()) { Unwrappable = Unwrappable };
            foreach (var (b, a) in Children) s.Children.Add((b.Clone(), a));
            return s;
        }

        private string Fill(string text)
        {
            if (Exprs.Count == 0 || !text.Contains("{e", StringComparison.Ordinal)) return text;
            // One pass over the template only: rendered code (e.g. an interpolation hole `{e0}` naming a foreach
            // variable e0) is never scanned for holes again.
            return System.Text.RegularExpressions.Regex.Replace(text, @"\{e(\d+)\}", m => Exprs[int.Parse(m.Groups[1].Value)].Render());
        }

        public void Render(CodeWriter w)
        {
            foreach (string line in Fill(Head).Split('\n')) w.Line(line);
            foreach (var (b, after) in Children)
            {
                w.Line("{");
                w.Indent++;
                b.Render(w);
                w.Indent--;
                w.Line("}");
                foreach (string line in Fill(after).Split('\n'))
                    if (line.Length > 0) w.Line(line);
            }
        }
    }

    /// <summary>A tiny indented writer for fuzz programs.</summary>
    public sealed class CodeWriter
    {
        private readonly StringBuilder _sb = new();
        public int Indent { get; set; }

        public void Line(string s)
        {
            if (s.Length == 0) return;
            _sb.Append(' ', Indent * 4).Append(s).Append('\n');
        }

        public override string ToString() => _sb.ToString();
    }

    /// <summary>A [Tasklet] method of a fuzz program.</summary>
    public sealed class MethodDef
    {
        public MethodDef(string header, Block body)
        {
            Header = header;
            Body = body;
        }

        public string Header { get; }
        public Block Body { get; }

        /// <summary>The method's attribute line: <c>[Tasklet]</c>, or with arguments (<c>Preemptible = false</c>).</summary>
        public string Attribute { get; init; } = "[Tasklet]";

        public MethodDef Clone() => new(Header, Body.Clone()) { Attribute = Attribute };
    }

    /// <summary>A whole fuzz program: its methods and its partner set-up.</summary>
    public sealed class FuzzProgram
    {
        public FuzzProgram(int seed, List<MethodDef> methods, List<string> partners, List<string>? types = null)
        {
            Seed = seed;
            Methods = methods;
            Partners = partners;
            Types = types ?? new List<string>();
        }

        public int Seed { get; }
        public List<MethodDef> Methods { get; }
        public List<string> Partners { get; }

        /// <summary>Helper types nested in the program's class (a class hierarchy, a record, …), as fixed text.</summary>
        public List<string> Types { get; }

        public FuzzProgram Clone() => new(Seed, Methods.Select(m => m.Clone()).ToList(), Partners.ToList(), Types.ToList());

        public IEnumerable<Block> AllBlocks()
        {
            foreach (MethodDef m in Methods)
                foreach (Block b in BlocksOf(m.Body)) yield return b;
        }

        private static IEnumerable<Block> BlocksOf(Block b)
        {
            yield return b;
            foreach (Stmt s in b.Stmts)
                foreach (var (c, _) in s.Children)
                    foreach (Block d in BlocksOf(c)) yield return d;
        }

        public int Size => AllBlocks().Sum(b => b.Stmts.Count) + AllBlocks().SelectMany(b => b.Stmts).SelectMany(s => s.Exprs).Sum(e => 1 + e.Descendants().Count());

        /// <summary>The program in the corpus format (one class deriving Prog).</summary>
        public string Render(string className)
        {
            var w = new CodeWriter();
            w.Line($"public partial class {className} : Prog");
            w.Line("{");
            w.Indent++;
            w.Line("readonly Channel<int> cin = new();");
            w.Line("readonly Channel<int> cout = new();");
            w.Line("public override void Partners()");
            w.Line("{");
            w.Indent++;
            foreach (string p in Partners) w.Line(p);
            w.Indent--;
            w.Line("}");
            w.Line("//@entry Body(cin, cout)");
            w.Line("static Channel<int> Src(int n, int k)");
            w.Line("{");
            w.Line("    var c = new Channel<int>();");
            w.Line("    H.Feed(\"src\" + k, c, Enumerable.Range(k * 10, n).ToArray(), close: true);");
            w.Line("    return c;");
            w.Line("}");
            foreach (string t in Types)
                foreach (string line in t.Split('\n')) w.Line(line);
            foreach (MethodDef m in Methods)
            {
                w.Line(m.Attribute);
                w.Line(m.Header);
                w.Line("{");
                w.Indent++;
                m.Body.Render(w);
                w.Indent--;
                w.Line("}");
            }
            w.Indent--;
            w.Line("}");
            return w.ToString();
        }
    }
}
