using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Stackless.Generator.Ir;
using Stackless.Generator.Model;

namespace Stackless.Generator.Emitter
{
    /// <summary>
    /// Writes a frame's <c>MoveNext</c> body from its intermediate form: indentation from the nesting of the nodes,
    /// <c>#line</c> from the verbatim nodes (everything else hidden), labels only where something jumps to them.
    /// </summary>
    internal sealed class BodyEmitter
    {
        private readonly IndentedWriter _w;
        private readonly LineMapping _lines;
        private readonly HashSet<string> _usedLabels;
        private readonly string _fileName;
        private readonly int _bodyIndent;
        private readonly int _lineDelta;

        private BodyEmitter(IndentedWriter writer, IrBody body, int indent, int lineDelta)
        {
            _bodyIndent = indent;
            _lineDelta = lineDelta;
            _w = writer;
            _lines = new LineMapping(writer, body.FilePath, lineDelta);
            _usedLabels = LabelUse.Targets(body);
            _fileName = body.FileName;
        }

        /// <summary>
        /// Writes the statements of <paramref name="body"/> at <paramref name="indent"/> (the braces are the caller's), its
        /// user lines moved by <paramref name="lineDelta"/> (the lines its method moved since it was lowered).
        /// </summary>
        public static void Write(IndentedWriter writer, int indent, IrBody body, int lineDelta = 0)
        {
            var e = new BodyEmitter(writer, body, indent, lineDelta);
            foreach (IrLocal l in body.Locals)
                e._lines.Hidden(indent, (l.IsConst ? "const " : "") + Text(l.Type) + " " + l.Name + " = " + Text(l.Value) + ";");
            e.Dispatch(indent, body.Dispatch);
            e.Nodes(indent, body.Statements);
            e._lines.EndHidden();
        }

        private void Dispatch(int indent, IrDispatch dispatch)
        {
            if (dispatch.Count == 0) return;
            if (dispatch.BlockShift == 0)
            {
                StateSwitch(indent, dispatch.Cases);
                return;
            }
            // Two levels (Lowering/StateDispatch): the comment says why, for whoever reads the frame.
            string shift = dispatch.BlockShift.ToString(CultureInfo.InvariantCulture);
            _lines.Hidden(indent, "switch (State >> " + shift + ") // " + dispatch.Count.ToString(CultureInfo.InvariantCulture) + " states in blocks of "
                + (1 << dispatch.BlockShift).ToString(CultureInfo.InvariantCulture) + ": C# compiles one switch of N cases in time and memory quadratic in N");
            _lines.Hidden(indent, "{");
            foreach ((int key, List<IrDispatchCase> cases) in dispatch.Blocks())
            {
                _lines.Hidden(indent + 1, "case " + key.ToString(CultureInfo.InvariantCulture) + ":");
                StateSwitch(indent + 2, cases);
                _lines.Hidden(indent + 2, "break;");
            }
            _lines.Hidden(indent, "}");
        }

        /// <summary><c>switch (State) { case k: goto L; … }</c></summary>
        private void StateSwitch(int indent, IEnumerable<IrDispatchCase> cases)
        {
            _lines.Hidden(indent, "switch (State)");
            _lines.Hidden(indent, "{");
            foreach (IrDispatchCase c in cases)
                _lines.Hidden(indent + 1, "case " + c.State.ToString(CultureInfo.InvariantCulture) + ": goto " + c.Target + ";");
            _lines.Hidden(indent, "}");
        }

        private void Nodes(int indent, EquatableArray<IrNode> nodes)
        {
            for (int i = 0; i < nodes.Count; i++)
            {
                if (nodes[i] is IrLabel label)
                {
                    // Labels before a line of the user's code go on that line (a line of their own would cost a #line).
                    int next = i + 1;
                    while (next < nodes.Count && nodes[next] is IrLabel) next++;
                    if (next < nodes.Count && PieceOf(nodes[next]) is Piece labelled)
                    {
                        int end = SameLineRun(nodes, next, labelled.Line);
                        SameLine(indent, nodes, i, end, labelled);
                        i = end - 1;
                        continue;
                    }
                    if (!_usedLabels.Contains(label.Name)) continue;
                    Label(indent, label.Name);
                    // A label must label a statement: an empty one when nothing but comments and dropped labels follows.
                    if (!StatementFollows(nodes, i + 1)) _lines.Neutral(indent, ";");
                    continue;
                }
                if (PieceOf(nodes[i]) is Piece first)
                {
                    int end = SameLineRun(nodes, i, first.Line);
                    SameLine(indent, nodes, i, end, first);
                    i = end - 1;
                    continue;
                }
                Node(indent, nodes[i]);
            }
        }

        /// <summary>
        /// A node that is one line of the user's code (or of generated code standing for it): its text, and the source line
        /// and column it maps to. Resume points are pieces too: the Begin call or callee creation, the return to the
        /// trampoline and the resume label with <c>State = -1;</c> are one line, mapped to the user's statement.
        /// </summary>
        private readonly record struct Piece(string Text, int Line, int Column, IrResumePoint? Point);

        private Piece? PieceOf(IrNode node)
        {
            switch (node)
            {
                case IrVerbatim v when v.Text.IndexOf('\n') < 0:
                    return new Piece(Written(v), v.Line, v.Column, null);
                case IrUserStatement u:
                {
                    string text = Text(u);
                    return text.IndexOf('\n') < 0 ? new Piece(text, u.Line, u.Column, null) : null;
                }
                case IrConditionalGoto g when g.Line > 0:
                    return new Piece("if (" + Text(g.Condition) + ") goto " + g.Target + ";", g.Line, g.Column, null);
                case IrSuspend { StateFirst: false } s:
                    return new Piece("if (" + Text(s.Begin) + ") { State = " + Number(s.State) + "; return; } " + Resumed(s), s.MappedLine, s.Column, s);
                case IrNestedCall c:
                {
                    string field = Text(c.Field);
                    return new Piece(field + " = " + Text(c.Creation) + "; State = " + Number(c.State) + "; Call(" + field + "); return; " + Resumed(c),
                        c.MappedLine, c.Column, c);
                }
                default:
                    return null;
            }
        }

        /// <summary>The text of copied code with its jumps out of it written into their holes.</summary>
        private static string Written(IrVerbatim v)
        {
            if (v.Holes.Count == 0) return v.Text;
            var text = new StringBuilder(v.Text.Length + 24 * v.Holes.Count);
            int at = 0;
            foreach (IrJumpHole hole in v.Holes)
            {
                text.Append(v.Text, at, hole.Offset - at).Append("goto ").Append(hole.Label).Append(';');
                at = hole.Offset;
            }
            return text.Append(v.Text, at, v.Text.Length - at).ToString();
        }

        /// <summary>The one-line text of a generated statement or jump, which may join a line of the user's code; else null.</summary>
        private static string? Generated(IrNode node) => node switch
        {
            IrGoto g => "goto " + g.Target + ";",
            IrConditionalGoto { Line: <= 0 } g => "if (" + Text(g.Condition) + ") goto " + g.Target + ";",
            _ => Statement(node),
        };

        /// <summary>The text of a statement the generator adds (a typed node of the lowering); null for other nodes.</summary>
        private static string? Statement(IrNode node) => node switch
        {
            IrAssign a => Text(a.Target) + " = " + Text(a.Value) + ";" + (a.Comment is null ? "" : " // " + a.Comment),
            IrEvaluate e => Text(e.Expression) + ";",
            IrFinish f => f.Result is null ? "Return();" : "Return(" + Text(f.Result) + ");",
            IrThrow t => "throw " + Text(t.Exception) + ";",
            IrIncrement i => i.Target + "++;",
            IrRethrowPending r => "if (" + r.Field + " != null) global::System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(" + r.Field + ").Throw();",
            IrDispose d => string.Join(" ", d.Resources.Select(Disposed)),
            _ => null,
        };

        private static string Disposed(IrResource r) => r.How switch
        {
            IrDisposal.Cast => "((global::System.IDisposable)" + Text(r.Variable) + ").Dispose();",
            IrDisposal.NullChecked => "if (" + Text(r.Variable) + " != null) ((global::System.IDisposable)" + Text(r.Variable) + ").Dispose();",
            IrDisposal.NullableValue => "if (" + Text(r.Variable) + " != null) ((global::System.IDisposable)" + Text(r.Variable) + ".Value).Dispose();",
            _ => "(" + Text(r.Variable) + " as global::System.IDisposable)?.Dispose();",
        };

        // The resume label (the dispatch jumps to it) and the resumed frame's State = -1.
        private string Resumed(IrResumePoint point) => (_usedLabels.Contains(point.ResumeLabel) ? point.ResumeLabel + ": " : "") + "State = -1;";

        /// <summary>
        /// The end of the run of nodes from <paramref name="from"/> that can share one line mapped to <paramref name="line"/>:
        /// pieces of that line, with labels and comments between them. One line of the user's code stays one line of the
        /// frame, under one #line directive (a directive costs the compiler far more than its size).
        /// </summary>
        private int SameLineRun(EquatableArray<IrNode> nodes, int from, int line)
        {
            // A '//' would comment out the rest of the line: none is expected (texts are whole statements without their
            // outer trivia), but a string literal may spell it, and then nothing is appended to that piece.
            if (PieceOf(nodes[from])!.Value.Text.IndexOf("//", StringComparison.Ordinal) >= 0) return from + 1;
            int end = from + 1;
            for (int j = from + 1; j < nodes.Count; j++)
            {
                if (nodes[j] is IrComment || nodes[j] is IrLabel) continue;
                // The generator's own jumps and statements between two pieces of one line are part of that line's lowering
                // (the branches of a ?: or a short-circuit): on it, they save two directives, hidden and back.
                if (Generated(nodes[j]) is string g && g.IndexOf("//", StringComparison.Ordinal) < 0) continue;
                if (PieceOf(nodes[j]) is not Piece p || p.Line != line) break;
                end = j + 1;
                if (p.Text.IndexOf("//", StringComparison.Ordinal) >= 0) break;
            }
            return end;
        }

        /// <summary>
        /// Writes nodes [from, end) as one line, the resume points' comments at its end: a comment line of its own between
        /// two lines of the user's code would cost a #line directive to map the second one again.
        /// </summary>
        private void SameLine(int indent, EquatableArray<IrNode> nodes, int from, int end, Piece first)
        {
            var text = new System.Text.StringBuilder();
            var points = new List<IrResumePoint>();
            for (int j = from; j < end; j++)
            {
                switch (nodes[j])
                {
                    case IrComment c:
                        _lines.Neutral(indent, "// " + c.Text);
                        break;
                    case IrLabel l:
                        if (_usedLabels.Contains(l.Name)) text.Append(l.Name).Append(": ");
                        break;
                    case IrNode n when Generated(n) is string generated:
                        text.Append(generated).Append(' ');
                        break;
                    default:
                        Piece p = PieceOf(nodes[j])!.Value;
                        if (p.Point is IrResumePoint point) points.Add(point);
                        text.Append(p.Text).Append(' ');
                        break;
                }
            }
            text.Length--;
            foreach (IrResumePoint point in points) text.Append(' ').Append(ResumeComment(point));
            _lines.User(indent, text.ToString(), first.Line, first.Column);
        }

        private bool StatementFollows(EquatableArray<IrNode> nodes, int from)
        {
            for (int j = from; j < nodes.Count; j++)
            {
                if (nodes[j] is IrComment) continue;
                if (nodes[j] is IrLabel l && !_usedLabels.Contains(l.Name)) continue;
                return true;
            }
            return false;
        }

        // Labels stand one level left of the statements they label (never left of the body itself).
        private void Label(int indent, string name) => _lines.Neutral(indent > _bodyIndent ? indent - 1 : indent, name + ":");

        private void Node(int indent, IrNode node)
        {
            switch (node)
            {
                case IrAssign or IrEvaluate or IrFinish or IrThrow or IrIncrement or IrRethrowPending or IrDispose:
                    _lines.Hidden(indent, Statement(node)!);
                    break;
                case IrVerbatim v:
                    _lines.User(indent, Written(v), v.Line, v.Column);
                    break;
                case IrUserStatement u:
                    _lines.User(indent, Text(u), u.Line, u.Column);
                    break;
                case IrGoto g:
                    _lines.Hidden(indent, "goto " + g.Target + ";");
                    break;
                case IrConditionalGoto g:
                {
                    string text = "if (" + Text(g.Condition) + ") goto " + g.Target + ";";
                    if (g.Line > 0) _lines.User(indent, text, g.Line, g.Column);
                    else _lines.Hidden(indent, text);
                    break;
                }
                case IrComment c:
                    _lines.Neutral(indent, "// " + c.Text);
                    break;
                case IrSuspend s:
                    // The state is set before Begin (a foreach's step, whose Begin is the generator's): hidden, like the statement.
                    System.Diagnostics.Debug.Assert(s.StateFirst, "a resume point the user's code calls is a piece of its line");
                    _lines.Hidden(indent, "State = " + Number(s.State) + "; if (" + Text(s.Begin) + ") return; " + Resumed(s) + " " + ResumeComment(s));
                    break;
                case IrStepCheck c:
                    // The fast path is a decrement and a branch (inlined from the runtime); the resume path runs only when
                    // a budgeted Scheduler.Run interrupted the tasklet here and it was inserted (or killed) since.
                    // EndBudgetCheck sets State = -1 itself: every IL byte of MoveNext counts against the JIT's inlining of it.
                    _lines.Hidden(indent, "if (BudgetCheck(" + c.State.ToString(CultureInfo.InvariantCulture) + ")) return; // step check");
                    _lines.Hidden(indent, "goto " + c.Target + ";");
                    if (_usedLabels.Contains(c.ResumeLabel)) Label(indent, c.ResumeLabel);
                    _lines.Hidden(indent, "EndBudgetCheck();");
                    break;
                case IrLoopStepCheck c:
                {
                    // A loop that does not suspend: no call in the loop (the JIT keeps its invariants out of it); the
                    // runtime decides at the resume label, reached through the dispatch after the frame returned.
                    string state = c.State.ToString(CultureInfo.InvariantCulture);
                    _lines.Hidden(indent, "if (StepCounterSpent()) { " + string.Join(" ", c.Saves.Select(Statement)) + (c.Saves.Count > 0 ? " " : "") + "State = " + state + "; return; } // step check");
                    _lines.Hidden(indent, "goto " + c.Target + ";");
                    if (_usedLabels.Contains(c.ResumeLabel)) Label(indent, c.ResumeLabel);
                    // The locals first: a kill or an exception thrown in while paused is raised in LoopCheckResume, and the
                    // user's finally or catch blocks may read them.
                    _lines.Hidden(indent, (c.Restores.Count > 0 ? string.Join(" ", c.Restores.Select(Statement)) + " " : "") + "if (LoopCheckResume(" + state + ") < 0) return;");
                    break;
                }
                case IrStepCheckResume r:
                    // Its check is in the copied text before it; the fast path never comes here (the node before jumps over).
                    if (_usedLabels.Contains(r.ResumeLabel)) Label(indent, r.ResumeLabel);
                    _lines.Hidden(indent, "EndBudgetCheck();");
                    break;
                case IrTryRegion t:
                    if (_usedLabels.Contains(t.EntryLabel)) Label(indent, t.EntryLabel);
                    _lines.Hidden(indent, "try");
                    _lines.Hidden(indent, "{");
                    Dispatch(indent + 1, t.Dispatch);
                    Nodes(indent + 1, t.Body);
                    _lines.Hidden(indent, "}");
                    Nodes(indent, t.Handlers);
                    break;
                case IrCatch c:
                    _lines.Hidden(indent, "catch (" + Text(c.Type) + (c.ExceptionName is null ? "" : " " + c.ExceptionName) + ")" + (c.Filter is null ? "" : " when (" + Text(c.Filter) + ")"));
                    Block(indent, c.Body);
                    break;
                case IrFinally f:
                    _lines.Hidden(indent, "finally");
                    _lines.Hidden(indent, "{");
                    if (f.GuardedByState) _lines.Hidden(indent + 1, "if (State <= 0) // not when the frame merely suspends");
                    Nodes(indent + 1, f.Body);
                    _lines.Hidden(indent, "}");
                    break;
                case IrBlock b:
                    Block(indent, b.Body);
                    break;
                case IrLabel l:
                    Nodes(indent, new EquatableArray<IrNode>(new IrNode[] { l }));
                    break;
            }
        }

        private void Block(int indent, EquatableArray<IrNode> body)
        {
            _lines.Hidden(indent, "{");
            Nodes(indent + 1, body);
            _lines.Hidden(indent, "}");
        }

        private string ResumeComment(IrResumePoint point) =>
            "// resume point " + Number(point.State) + " \u2014 " + _fileName + "(" + Number(point.Line + _lineDelta) + "): " + point.Source;

        // Built without outer trivia, spaced as the generator writes C#; a copy of the user's code inside keeps its own
        // line breaks (continuation lines are indented relative to the statement's column, as copied code is).
        // Its holes are empty statements (';') at their offsets: each is written as its jump.
        private static string Text(IrUserStatement u)
        {
            string written = u.Statement.ToFullString();
            if (u.Holes.Count == 0) return written;
            var text = new StringBuilder(written.Length + 24 * u.Holes.Count);
            int at = 0;
            foreach (IrJumpHole hole in u.Holes)
            {
                System.Diagnostics.Debug.Assert(written[hole.Offset] == ';', "a hole of a user statement is an empty statement");
                text.Append(written, at, hole.Offset - at).Append("goto ").Append(hole.Label).Append(';');
                at = hole.Offset + 1;
            }
            return text.Append(written, at, written.Length - at).ToString();
        }

        /// <summary>Syntax the lowering built (no outer trivia; see <see cref="IrSyntax{T}"/>).</summary>
        private static string Text<T>(IrSyntax<T> syntax) where T : Microsoft.CodeAnalysis.SyntaxNode => syntax.Node.ToFullString();

        private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
    }
}
