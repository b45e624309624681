using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Model;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// Lowers one [Tasklet] method body into the <c>MoveNext</c> of a resumable frame: the suspending spine is
    /// flattened into labels in one scope (each <c>try</c> that suspends gets its own dispatch), suspension points
    /// become Begin/End pairs or nested frame calls, and everything else is copied as the user wrote it.
    /// </summary>
    /// <remarks>
    /// The passes live in one partial class, a file each: <c>LocalHoisting</c> (which locals become fields),
    /// <c>BodyRewriter</c> (copying statements verbatim), <c>StatementLowering</c>, <c>ExpressionSpilling</c>,
    /// <c>SuspensionLowering</c>, <c>ExceptionHandlerLowering</c> and <c>SwitchLowering</c>.
    /// </remarks>
    internal sealed partial class FrameLowerer
    {
        private readonly SemanticModel _model;
        private readonly KnownSymbols _known;
        private readonly IMethodSymbol _method;
        private readonly SyntaxNode _body;
        private readonly SuspensionAnalysis _sa;
        private readonly CancellationToken _ct;
        private readonly string _filePath;
        private readonly string _fileName;
        private readonly bool _lineDirectives;
        private readonly string _frameName;

        /// <summary>Field declarations of the frame (parameters come first, then hoisted locals and temps).</summary>
        public readonly List<string> FieldLines = new();
        /// <summary>Helper members the body needs (e.g. <c>__Set</c>).</summary>
        public readonly List<string> HelperLines = new();
        /// <summary>Constructor parameter name → frame field name.</summary>
        public readonly List<(IParameterSymbol Parameter, string Field)> ParameterFields = new();

        private readonly Dictionary<ISymbol, string> _names = new(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _fieldLocals = new(SymbolEqualityComparer.Default);
        private readonly HashSet<string> _usedNames = new(StringComparer.Ordinal);
        private readonly HashSet<string> _reserved = new(StringComparer.Ordinal);
        private readonly HashSet<string> _frameMemberNames = new(StringComparer.Ordinal);
        private readonly List<string> _constLines = new();

        private List<CodeLine> _out = new();
        private int _indent;
        private int _labelCount, _stateCount, _tempCount;
        private TryScope? _try;
        private readonly List<(int State, string Target)> _topDispatch = new();
        private readonly Dictionary<SyntaxNode, JumpTargets> _jumpTargets = new();
        private readonly Dictionary<SyntaxNode, TryScope> _tryScopes = new();
        private readonly Dictionary<SyntaxNode, string> _bindingReceivers = new();
        private string? _checked;
        private string? _rethrow;
        private bool _returnUsed;
        private bool _setHelperUsed;
        private int _mappedLine = -1; // the user line the next emitted line maps to (#line), -1 = hidden
        private int _statementLine;
        private int _statementColumn;
        private SyntaxNode? _positionNode; // what _statementLine is the line of
        private bool _thisUsed;

        public FrameLowerer(SemanticModel model, KnownSymbols known, IMethodSymbol method, SyntaxNode body, string frameName, CancellationToken ct)
        {
            _model = model;
            _known = known;
            _method = method;
            _body = body;
            _ct = ct;
            _filePath = body.SyntaxTree.FilePath ?? "";
            _fileName = _filePath.Length == 0 ? "source" : System.IO.Path.GetFileName(_filePath);
            _lineDirectives = _filePath.Length > 0;
            _sa = new SuspensionAnalysis(model, known, body, ct);
            _frameName = frameName;
            IsVoid = method.ReturnsVoid;
            ResultType = IsVoid ? "" : FrameNaming.Type(method.ReturnType);
            ReserveNames(frameName);
        }

        public bool IsVoid { get; }
        public string ResultType { get; }
        public SuspensionAnalysis Analysis => _sa;
        public bool UsesThis => _thisUsed || !_method.IsStatic;

        /// <summary>Runs the lowering; returns the body of <c>MoveNext</c> as lines.</summary>
        public List<CodeLine> Lower()
        {
            try
            {
                return LowerBody();
            }
            catch (InsufficientExecutionStackException)
            {
                // Out of stack in Roslyn (a semantic query binding something deep): report at the statement being lowered.
                throw TooDeep(_positionNode ?? _body);
            }
        }

        private List<CodeLine> LowerBody()
        {
            CheckSuspensionPlacement();
            AllocateParameterFields();
            AnalyzeLocals();
            NameRemainingLocals();

            _indent = 0;
            if (_body is BlockSyntax block)
            {
                LowerStatements(block.Statements, 0);
            }
            else if (_body is ArrowExpressionClauseSyntax arrow)
            {
                SetPosition(arrow.Expression);
                if (IsVoid) LowerExpressionStatement(arrow.Expression);
                else LowerReturn(arrow.Expression, arrow);
            }
            EmitHidden();
            if (_returnUsed)
            {
                EmitLabel("__return");
                Emit(IsVoid ? "Return();" : "Return(__result);");
            }
            else if (IsVoid)
            {
                Emit("Return();");
            }
            if (!IsVoid && _returnUsed)
                FieldLines.Add("internal " + ResultType + " __result = default!;");
            AddAnonymousTypeHelpers();
            if (_setHelperUsed)
            {
                HelperLines.Add("/// <summary>Assigns a hoisted pattern variable inside a pattern test.</summary>");
                HelperLines.Add("private static bool __Set<TValue>(out TValue target, TValue value)");
                HelperLines.Add("{");
                HelperLines.Add("    target = value;");
                HelperLines.Add("    return true;");
                HelperLines.Add("}");
            }

            var result = new List<CodeLine>();
            foreach (string c in _constLines) result.Add(new CodeLine(0, c));
            if (_topDispatch.Count > 0)
            {
                result.Add(new CodeLine(0, "switch (State)"));
                result.Add(new CodeLine(0, "{"));
                foreach ((int state, string target) in _topDispatch)
                    result.Add(new CodeLine(1, "case " + state + ": goto " + target + ";"));
                result.Add(new CodeLine(0, "}"));
            }
            result.AddRange(_out);
            // The closing brace is the generator's too (#line default follows it, in the emitted member).
            if (_lineDirectives && (result.Count == 0 || result[result.Count - 1].Text != "#line hidden"))
                result.Add(new CodeLine(0, "#line hidden"));
            return RemoveUnusedLabels(result);
        }

        // ---------------------------------------------------------------- names

        private void ReserveNames(string frameName)
        {
            _reserved.Add(frameName);
            _reserved.Add("__this");
            _reserved.Add("value");
            for (INamedTypeSymbol? t = IsVoid ? _known.TaskletFrame : _known.TaskletFrameOfT; t != null; t = t.BaseType)
                foreach (ISymbol m in t.GetMembers())
                {
                    _reserved.Add(m.Name);
                    _frameMemberNames.Add(m.Name);
                }
            foreach (ITypeParameterSymbol tp in _method.TypeParameters) _reserved.Add(tp.Name);
            for (INamedTypeSymbol? t = _method.ContainingType; t != null; t = t.ContainingType)
            {
                _reserved.Add(t.Name);
                foreach (ITypeParameterSymbol tp in t.TypeParameters) _reserved.Add(tp.Name);
            }
        }

        /// <summary>
        /// A frame-level name for a user variable: its own name unless taken (by a frame member, a generated name, an
        /// earlier field or, when <paramref name="unique"/>, another local of the method with the same name); else a
        /// fresh <c>name_N</c> that no identifier of the user's method spells, so it can neither hide nor be hidden.
        /// </summary>
        private string AllocateName(string name, bool unique = false)
        {
            string candidate = name;
            if (Taken(candidate) || (unique && DeclaredNameCount(candidate) > 1))
            {
                string stem = name.TrimStart('_');
                int i = 2;
                do candidate = stem + "_" + (i++).ToString(System.Globalization.CultureInfo.InvariantCulture);
                while (Taken(candidate) || BodyIdentifiers.Contains(candidate));
            }
            _usedNames.Add(candidate);
            return candidate;
        }

        private bool Taken(string name) => _reserved.Contains(name) || _usedNames.Contains(name) || name.StartsWith("__", StringComparison.Ordinal);

        private void AllocateParameterFields()
        {
            foreach (IParameterSymbol p in _method.Parameters)
            {
                string field = AllocateName(p.Name);
                _names[p] = field;
                ParameterFields.Add((p, field));
                FieldLines.Add(FieldAccess(p.Type) + " " + FrameNaming.Type(p.Type) + " " + FrameNaming.Escape(field) + ";");
            }
        }

        private string NewTemp(ITypeSymbol type, SyntaxNode at, string kind = "t")
        {
            CheckStorable(type, at, at.ToString());
            string name = "__" + kind + (++_tempCount).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (ContainsAnonymousType(type)) return AnonField(name, type); // the temp's text is its box's value
            FieldLines.Add(FieldAccess(type) + " " + FrameNaming.Type(type) + " " + name + " = default!;");
            return name;
        }

        /// <summary>
        /// Fields are internal (a private field that is only written would warn, CS0414), except when their type is
        /// private to the user's type: then internal would be inconsistent accessibility (CS0052).
        /// </summary>
        private static string FieldAccess(ITypeSymbol type) => IsInternallyAccessible(type) ? "internal" : "private";

        private static bool IsInternallyAccessible(ITypeSymbol type)
        {
            switch (type)
            {
                case IArrayTypeSymbol a:
                    return IsInternallyAccessible(a.ElementType);
                case ITypeParameterSymbol:
                    return true;
                case INamedTypeSymbol n:
                    for (INamedTypeSymbol? t = n; t != null; t = t.ContainingType)
                        if (t.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal or Accessibility.NotApplicable))
                            return false;
                    foreach (ITypeSymbol arg in n.TypeArguments)
                        if (!IsInternallyAccessible(arg)) return false;
                    return true;
                default:
                    return true;
            }
        }

        private string NewTemp(string typeText, string kind = "t")
        {
            string name = "__" + kind + (++_tempCount).ToString(System.Globalization.CultureInfo.InvariantCulture);
            FieldLines.Add("internal " + typeText + " " + name + " = default!;");
            return name;
        }

        private void CheckStorable(ITypeSymbol type, SyntaxNode at, string what)
        {
            if (type.IsRefLikeType || type.TypeKind == TypeKind.Pointer || type.TypeKind == TypeKind.FunctionPointer)
                throw new LoweringException(DiagnosticDescriptors.RefLikeAcrossSuspension, at, Short(what), FrameNaming.Type(type));
            if (ContainsAnonymousDelegate(type))
                throw new LoweringException(DiagnosticDescriptors.NotSupported, at, "A value of an inferred delegate type kept across a suspension point",
                    "no expression can name its type; declare the lambda with a named delegate type (e.g. Func<...>)");
            if (type.TypeKind == TypeKind.Error)
                throw new LoweringException(DiagnosticDescriptors.NotSupported, at, "An expression whose type does not bind", "fix the compile error first");
        }

        private string NewLabel(string kind) => "__" + kind + (++_labelCount).ToString(System.Globalization.CultureInfo.InvariantCulture);

        // ---------------------------------------------------------------- emission

        private void Emit(string text)
        {
            EmitHidden();
            _out.Add(new CodeLine(_indent, text));
        }

        private void EmitHidden()
        {
            if (_lineDirectives && _mappedLine != -1)
            {
                _out.Add(new CodeLine(0, "#line hidden"));
                _mappedLine = -1;
            }
        }

        /// <summary>Emits a statement made of the user's code (mapped to the user's line, checked context kept).</summary>
        private void EmitUser(string text, int line = -1, bool allowChecked = true)
        {
            if (line < 0) line = _statementLine;
            if (_checked != null && allowChecked) text = _checked + " { " + text + " }";
            string[] lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
            if (_lineDirectives && _mappedLine != line)
            {
                _out.Add(new CodeLine(0, "#line " + line.ToString(System.Globalization.CultureInfo.InvariantCulture) + " \"" + _filePath.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\""));
            }
            int column = _statementColumn;
            for (int i = 0; i < lines.Length; i++)
            {
                string l = lines[i];
                if (i > 0)
                {
                    // Continuation lines keep their indentation relative to the statement's first line.
                    int strip = 0;
                    while (strip < column && strip < l.Length && l[strip] == ' ') strip++;
                    l = l.Substring(strip);
                }
                _out.Add(new CodeLine(_indent, l));
            }
            if (_lineDirectives) _mappedLine = line + lines.Length;
        }

        private void EmitLabel(string label)
        {
            _out.Add(new CodeLine(Math.Max(0, _indent - 1), label + ":"));
        }

        private void EmitComment(string text) => _out.Add(new CodeLine(_indent, "// " + text));

        private void SetPosition(SyntaxNode node)
        {
            _positionNode = node;
            FileLinePositionSpan span = node.GetLocation().GetLineSpan();
            _statementLine = span.StartLinePosition.Line + 1;
            _statementColumn = span.StartLinePosition.Character;
        }

        private static int LineOf(SyntaxNode node) => node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

        private static string Short(string text)
        {
            string s = System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
            return s.Length > 90 ? s.Substring(0, 87) + "..." : s;
        }

        // Built once, not per method: constructing a Regex parses its pattern again each time.
        private static readonly System.Text.RegularExpressions.Regex s_gotoRegex = new(@"goto\s+([A-Za-z_@][A-Za-z0-9_]*)\s*;");

        /// <summary>Removes labels no goto refers to (the lowering creates some speculatively), avoiding CS0164.</summary>
        private static List<CodeLine> RemoveUnusedLabels(List<CodeLine> lines)
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (CodeLine l in lines)
                foreach (System.Text.RegularExpressions.Match m in s_gotoRegex.Matches(l.Text))
                    used.Add(m.Groups[1].Value);
            var result = new List<CodeLine>(lines.Count);
            for (int i = 0; i < lines.Count; i++)
            {
                CodeLine l = lines[i];
                if (l.Text.StartsWith("__", StringComparison.Ordinal) && l.Text.EndsWith(":", StringComparison.Ordinal) && l.Text.IndexOf(' ') < 0)
                {
                    string name = l.Text.Substring(0, l.Text.Length - 1);
                    if (!used.Contains(name)) continue;
                }
                result.Add(l);
            }
            // A label must be followed by a statement: add an empty one before a closing brace or the end.
            var fixedUp = new List<CodeLine>(result.Count);
            for (int i = 0; i < result.Count; i++)
            {
                fixedUp.Add(result[i]);
                if (IsLabel(result[i].Text))
                {
                    int j = i + 1;
                    while (j < result.Count && (result[j].Text.StartsWith("#", StringComparison.Ordinal) || result[j].Text.StartsWith("//", StringComparison.Ordinal))) j++;
                    if (j >= result.Count || result[j].Text == "}" || IsLabelOnlyEnd(result, j))
                        fixedUp.Add(new CodeLine(result[i].Indent + 1, ";"));
                }
            }
            return fixedUp;
        }

        private static bool IsLabelOnlyEnd(List<CodeLine> lines, int j) => false;

        private static bool IsLabel(string text) =>
            text.EndsWith(":", StringComparison.Ordinal) && !text.StartsWith("case ", StringComparison.Ordinal) && !text.StartsWith("default", StringComparison.Ordinal)
            && text.IndexOf(' ') < 0 && !text.StartsWith("#", StringComparison.Ordinal) && !text.StartsWith("//", StringComparison.Ordinal);

        // ---------------------------------------------------------------- resume points and jumps

        private sealed class TryScope
        {
            public TryScope? Parent;
            public string EntryLabel = "";
            public readonly List<(int State, string Target)> Dispatch = new();
            public bool LoweredFinally;
            public string ExitLabel = "";
            public string BranchField = "";
            /// <summary>Jumps out of the try: each sets <see cref="BranchField"/> at its <c>Leave</c> label, taken after the finally.</summary>
            public readonly List<(int Branch, string Label, TryScope? Scope, string Leave)> PendingBranches = new();
        }

        private sealed class JumpTargets
        {
            public string? Break;
            public string? Continue;
            public TryScope? Scope;
            public readonly List<(object? Value, string Label)> Cases = new();
            public string? Default;
        }

        /// <summary>Allocates a resume point and routes the dispatch to it through every enclosing try.</summary>
        private (int State, string Label) NewResumePoint()
        {
            int state = ++_stateCount;
            string label = "__resume" + state.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_try == null)
            {
                _topDispatch.Add((state, label));
            }
            else
            {
                _try.Dispatch.Add((state, label));
                TryScope s = _try;
                while (s.Parent != null)
                {
                    s.Parent.Dispatch.Add((state, s.EntryLabel));
                    s = s.Parent;
                }
                _topDispatch.Add((state, s.EntryLabel));
            }
            return (state, label);
        }

        private void EmitResumeComment(int state, SyntaxNode at, string? text = null)
        {
            EmitHidden();
            EmitComment("resume point " + state.ToString(System.Globalization.CultureInfo.InvariantCulture) + " \u2014 " + _fileName + "(" + LineOf(at) + "): " + Short(text ?? at.ToString()));
        }

        /// <summary>The statement text of a jump to <paramref name="label"/>, routed through the pending-branch state of lowered finally blocks it leaves.</summary>
        private string JumpText(string label, TryScope? labelScope)
        {
            for (TryScope? s = _try; s != null && s != labelScope; s = s.Parent)
            {
                if (s.LoweredFinally)
                {
                    // The branch is recorded only at the end of the try block (LowerTryWithSuspendingFinally), once the
                    // finally blocks nested in it have run on the way out: when one of them throws, the exception
                    // replaces the branch, as in C#.
                    foreach ((int _, string l, TryScope? ls, string leave) in s.PendingBranches)
                        if (l == label && ls == labelScope) return "goto " + leave + ";";
                    string newLeave = NewLabel("leave");
                    s.PendingBranches.Add((s.PendingBranches.Count + 1, label, labelScope, newLeave));
                    return "goto " + newLeave + ";";
                }
            }
            return "goto " + label + ";";
        }

        private void EmitJump(string label, TryScope? labelScope) => Emit(JumpText(label, labelScope));

        /// <summary>The statements of <c>return value;</c>: finish the frame here, or (inside a try) after every finally has run.</summary>
        private string ReturnText(string? value, bool insideTry)
        {
            if (_try == null && !insideTry)
                return IsVoid ? "{ Return(); return; }" : "{ Return(" + value + "); return; }";
            _returnUsed = true;
            string jump = JumpText("__return", null);
            return IsVoid ? jump : "{ __result = " + value + "; " + jump + " }";
        }

        private TryScope? ScopeOfLabel(SyntaxNode labelStatement)
        {
            for (SyntaxNode? n = labelStatement.Parent; n != null && n != _body; n = n.Parent)
                if (_tryScopes.TryGetValue(n, out TryScope? scope)) return scope;
            return null;
        }

        // ---------------------------------------------------------------- placement checks

        /// <summary>TSK005/006/007: suspension points where a frame cannot suspend.</summary>
        private void CheckSuspensionPlacement()
        {
            foreach (KeyValuePair<SyntaxNode, SuspensionKind> p in _sa.Points)
            {
                SyntaxNode point = p.Key;
                string text = point is CommonForEachStatementSyntax fe ? "foreach over " + fe.Expression : point.ToString();
                for (SyntaxNode? n = point.Parent; n != null && n != _body; n = n.Parent)
                {
                    switch (n)
                    {
                        case AnonymousFunctionExpressionSyntax:
                            throw new LoweringException(DiagnosticDescriptors.SuspensionInLambda, point, Short(text), "lambda");
                        case LocalFunctionStatementSyntax:
                            throw new LoweringException(DiagnosticDescriptors.SuspensionInLambda, point, Short(text), "local function");
                        case QueryExpressionSyntax query when Closures.Encloses(point, query):
                            throw new LoweringException(DiagnosticDescriptors.SuspensionInLambda, point, Short(text), "query expression");
                        case QueryExpressionSyntax:
                            // The query's source (first from clause, a join's sequence) runs where the query is: a closure
                            // further out decides; in the body itself, the lowering does not split a query.
                            if (!Closures.Encloses(point, _body))
                                throw new LoweringException(DiagnosticDescriptors.NotSupported, point, "A suspension point in a query's source ('" + Short(text) + "')",
                                    "assign the sequence to a local before the query");
                            break;
                        case LockStatementSyntax:
                            throw new LoweringException(DiagnosticDescriptors.SuspensionInLock, point, Short(text));
                        case CatchFilterClauseSyntax:
                            throw new LoweringException(DiagnosticDescriptors.SuspensionInFilter, point, Short(text));
                        case FixedStatementSyntax:
                            throw new LoweringException(DiagnosticDescriptors.RefLikeAcrossSuspension, point, Short(text), "inside a fixed statement (a pinned pointer)");
                        case UnsafeStatementSyntax:
                            throw new LoweringException(DiagnosticDescriptors.RefLikeAcrossSuspension, point, Short(text), "inside an unsafe block");
                    }
                }
            }
        }
    }
}
