using System.Collections.Generic;
using System.Globalization;
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

        private BodyEmitter(IndentedWriter writer, IrBody body, int indent)
        {
            _bodyIndent = indent;
            _w = writer;
            _lines = new LineMapping(writer, body.FilePath);
            _usedLabels = LabelUse.Targets(body);
            _fileName = body.FileName;
        }

        /// <summary>Writes the statements of <paramref name="body"/> at <paramref name="indent"/> (the braces are the caller's).</summary>
        public static void Write(IndentedWriter writer, int indent, IrBody body)
        {
            var e = new BodyEmitter(writer, body, indent);
            foreach (string c in body.Constants) e._lines.Hidden(indent, c);
            e.Dispatch(indent, body.Dispatch);
            e.Nodes(indent, body.Statements);
            e._lines.EndHidden();
        }

        private void Dispatch(int indent, EquatableArray<IrDispatchCase> cases)
        {
            if (cases.Count == 0) return;
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
                    if (!_usedLabels.Contains(label.Name)) continue;
                    Label(indent, label.Name);
                    // A label must label a statement: an empty one when nothing but comments and dropped labels follows.
                    if (!StatementFollows(nodes, i + 1)) _lines.Neutral(indent, ";");
                    continue;
                }
                if (nodes[i] is IrResumePoint && i + 1 < nodes.Count && ResumedOnItsLine(nodes[i], nodes[i + 1]) is IrVerbatim resumed)
                {
                    // `State = -1;` shares the line of the user's statement that the resume point belongs to (its End call
                    // or the callee's result): two #line directives fewer per resume point than a hidden line between them.
                    Node(indent, nodes[i], resumedWith: resumed);
                    i++;
                    continue;
                }
                Node(indent, nodes[i]);
            }
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

        /// <summary>The statement after a resume point when it is one line of the user's code on the resume point's line.</summary>
        private static IrVerbatim? ResumedOnItsLine(IrNode point, IrNode next)
        {
            int line = point switch { IrSuspend { StateFirst: false } s => s.MappedLine, IrNestedCall c => c.MappedLine, _ => -1 };
            return next is IrVerbatim v && v.Line == line && v.Text.IndexOf('\n') < 0 ? v : null;
        }

        private void Node(int indent, IrNode node, IrVerbatim? resumedWith = null)
        {
            switch (node)
            {
                case IrGeneratedStatement s:
                    foreach (string line in s.Text.Split('\n')) _lines.Hidden(indent, line.TrimEnd('\r'));
                    break;
                case IrVerbatim v:
                    _lines.User(indent, v.Text, v.Line, v.Column);
                    break;
                case IrGoto g:
                    _lines.Hidden(indent, "goto " + g.Target + ";");
                    break;
                case IrConditionalGoto g:
                {
                    string text = "if (" + g.Condition + ") goto " + g.Target + ";";
                    if (g.Line > 0) _lines.User(indent, text, g.Line, g.Column);
                    else _lines.Hidden(indent, text);
                    break;
                }
                case IrComment c:
                    _lines.Neutral(indent, "// " + c.Text);
                    break;
                case IrSuspend s:
                {
                    string state = s.State.ToString(CultureInfo.InvariantCulture);
                    ResumeComment(indent, s.State, s.Line, s.Source);
                    if (s.StateFirst)
                    {
                        _lines.Hidden(indent, "State = " + state + ";");
                        _lines.Hidden(indent, "if (" + s.Begin + ") return;");
                    }
                    else
                    {
                        _lines.User(indent, "if (" + s.Begin + ") { State = " + state + "; return; }", s.MappedLine, s.Column);
                    }
                    Resume(indent, s.ResumeLabel, resumedWith);
                    break;
                }
                case IrNestedCall c:
                    ResumeComment(indent, c.State, c.Line, c.Source);
                    _lines.User(indent, c.Field + " = " + c.Creation + ";", c.MappedLine, c.Column);
                    _lines.Hidden(indent, "State = " + c.State.ToString(CultureInfo.InvariantCulture) + ";");
                    _lines.Hidden(indent, "Call(" + c.Field + ");");
                    _lines.Hidden(indent, "return;");
                    Resume(indent, c.ResumeLabel, resumedWith);
                    break;
                case IrStepCheck c:
                    // The fast path is a decrement and a branch (inlined from the runtime); the resume path runs only when
                    // a budgeted Scheduler.Run interrupted the tasklet here and it was inserted (or killed) since.
                    _lines.Hidden(indent, "if (BudgetCheck(" + c.State.ToString(CultureInfo.InvariantCulture) + ")) return; // step check");
                    _lines.Hidden(indent, "goto " + c.Target + ";");
                    Resume(indent, c.ResumeLabel, resumedWith: null);
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
                    _lines.Hidden(indent, "catch (" + c.Declaration + ")" + (c.Filter is null ? "" : " when (" + c.Filter + ")"));
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

        // A comment is no statement: it keeps the mapping (no #line hidden just for it).
        private void ResumeComment(int indent, int state, int line, string source) =>
            _lines.Neutral(indent, "// resume point " + state.ToString(CultureInfo.InvariantCulture) + " \u2014 " + _fileName + "("
                + line.ToString(CultureInfo.InvariantCulture) + "): " + source);

        private void Resume(int indent, string label, IrVerbatim? resumedWith)
        {
            if (_usedLabels.Contains(label)) Label(indent, label);
            if (resumedWith is null) _lines.Hidden(indent, "State = -1;");
            else _lines.User(indent, "State = -1; " + resumedWith.Text, resumedWith.Line, resumedWith.Column);
        }
    }
}
