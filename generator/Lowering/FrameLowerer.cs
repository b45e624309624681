using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;
using Stackless.Generator.Ir;
using Stackless.Generator.Model;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// Lowers one [Tasklet] method body into the <c>MoveNext</c> of a resumable frame: the suspending spine is
    /// flattened into labels in one scope (each <c>try</c> that suspends gets its own dispatch), suspension points
    /// become Begin/End pairs or nested frame calls, and everything else is copied as the user wrote it.
    /// </summary>
    /// <remarks>
    /// Which locals become fields, and every name, comes from the <see cref="HoistingPlan"/> pass that runs before.
    /// The statements — where jumps go, the gotos and step checks, loops, switches, tries — are
    /// <see cref="ControlFlowLowering"/>'s, which this class creates with the same allocator and output and hands itself
    /// as the expression side (<see cref="IExpressionLowering"/>) and the copier's context (<see cref="ICopyContext"/>).
    /// The expression side still lives in this partial class, a file each: <c>PlannedStorage</c> (declaring what the
    /// plan says), <c>ExpressionSpilling</c>, <c>SuspensionLowering</c>, <c>SwitchExpressionLowering</c>,
    /// <c>BinaryChains</c>, <c>PatternTests</c>, <c>BaseAccess</c>, <c>AnonymousTypeStorage</c> (the copier,
    /// <see cref="BodyRewriter"/>, is its own).
    /// </remarks>
    internal sealed partial class FrameLowerer
    {
        private readonly MethodFacts _facts;
        private readonly HoistingPlan _plan;
        private readonly SemanticModel _model;
        private readonly KnownSymbols _known;
        private readonly IMethodSymbol _method;
        private readonly SyntaxNode _body;
        private readonly SuspensionAnalysis _sa;
        private readonly CancellationToken _ct;
        private readonly string _filePath;
        private readonly string _frameName;

        /// <summary>Labels, temps, resume points, fields and helpers: what every part of the lowering allocates.</summary>
        private readonly LoweringAllocator _alloc;

        /// <summary>Fields of the frame (parameters come first, then hoisted locals and temps).</summary>
        public List<FrameField> Fields => _alloc.Fields;
        /// <summary>Helper members the body needs (e.g. <c>__Set</c>), in the order asked for.</summary>
        public List<FrameHelper> Helpers => _alloc.Helpers;
        /// <summary>Each parameter with the frame field that holds it.</summary>
        public IReadOnlyList<(IParameterSymbol Parameter, string Field)> ParameterFields => _plan.ParameterFields;

        /// <summary>The nodes being written, the user's position they map to, the checked context.</summary>
        private readonly IrOutput _ir = new();
        private readonly Dictionary<SyntaxNode, ExpressionSyntax> _bindingReceivers = new();

        /// <summary>The control flow: where jumps go, the gotos and step checks (a class of its own, writing to the same output).</summary>
        private readonly ControlFlowLowering _flow;

        /// <summary>A lowering of the body of <paramref name="facts"/> (which validation accepted), hoisted as <paramref name="plan"/> says.</summary>
        public FrameLowerer(MethodFacts facts, HoistingPlan plan, LoweringAllocator alloc, string frameName)
        {
            _alloc = alloc;
            _flow = new ControlFlowLowering(facts, plan, alloc, _ir, this, this);
            _frameName = frameName;
            _facts = facts;
            _plan = plan;
            _model = facts.Model;
            _known = facts.Known;
            _method = facts.Method;
            _body = facts.Body;
            _ct = facts.Ct;
            _filePath = _body.SyntaxTree.FilePath ?? "";
            _sa = facts.Analysis;
            IsVoid = _method.ReturnsVoid;
            ResultType = IsVoid ? "" : FrameNaming.Type(_method.ReturnType);
        }

        public bool IsVoid { get; }
        public string ResultType { get; }
        public bool UsesThis => _alloc.UsesThis || !_method.IsStatic;

        /// <summary>
        /// Runs the lowering; returns the body of <c>MoveNext</c> in the intermediate form, try statements whose
        /// handlers suspend still structured (<see cref="ExceptionHandlerRouting"/>), its resume points not yet numbered
        /// (<see cref="StateNumbering"/>) nor dispatched (<see cref="StateDispatch"/>).
        /// </summary>
        public IrBody Lower()
        {
            try
            {
                return LowerBody();
            }
            catch (InsufficientExecutionStackException)
            {
                // Out of stack in Roslyn (a semantic query binding something deep): report at the statement being lowered.
                throw StackGuard.TooDeep(_ir.Position ?? _body);
            }
        }

        private IrBody LowerBody()
        {
            System.Diagnostics.Debug.Assert(PlacementValidation.Check(_sa, _body).Count == 0, "the parser lowers only a body the validation pass accepted");
            DeclarePlannedStorage();

            if (_body is BlockSyntax block)
            {
                _flow.LowerStatements(block.Statements, 0);
            }
            else if (_body is ArrowExpressionClauseSyntax arrow)
            {
                SetPosition(arrow.Expression);
                if (IsVoid) LowerExpressionStatement(arrow.Expression);
                else _flow.LowerReturn(arrow.Expression, arrow);
            }
            if (Preemptible && CallsTasklets(_ir.Nodes))
            {
                // The entry check, first in the body, at the method's own line. StateNumbering numbers it after the
                // body's resume points, which keep the numbers they have without checks. Only a method that calls
                // tasklets gets one: every cycle of calls (recursion) passes through such a caller, and a loop has its
                // back-edge check; a leaf without it stays small enough for the JIT to inline its MoveNext (schedule-2).
                int id = NewResumePoint();
                string entered = NewLabel("entered");
                _ir.Nodes.InsertRange(0, new IrNode[] { new IrStepCheck(id, entered, LineOf(_body.Parent ?? _body), AtEntry: true), new IrLabel(entered) });
            }
            if (_flow.ReturnUsed)
            {
                EmitLabel("__return");
                Emit(new IrFinish(IsVoid ? null : new IrSyntax<ExpressionSyntax>(GeneratedSyntax.Name("__result"))));
            }
            else if (IsVoid)
            {
                Emit(new IrFinish(null));
            }
            if (!IsVoid && _flow.ReturnUsed)
                Fields.Add(new FrameField("internal", ResultType, "__result"));
            AddAnonymousTypeHelpers();
            if (_alloc.UsesSetHelper) Helpers.Add(new FixedHelper(FixedHelperKind.Set));

            _flow.AssertFinished();
            return new IrBody(_alloc.MoveNextLocals.ToEquatableArray(), IrDispatch.None, _ir.Nodes.ToEquatableArray(), _filePath);
        }

        /// <summary>True when <paramref name="nodes"/> (or a region nested in them) call another tasklet.</summary>
        private static bool CallsTasklets(IEnumerable<IrNode> nodes) => nodes.Any(n => n switch
        {
            IrNestedCall => true,
            IrTryRegion t => CallsTasklets(t.Body) || CallsTasklets(t.Handlers),
            IrTryWithLoweredCatches t => CallsTasklets(t.Body) || t.Catches.Any(c => CallsTasklets(c.Body)),
            IrTryWithLoweredFinally t => CallsTasklets(t.Body) || CallsTasklets(t.Finally),
            IrBlock b => CallsTasklets(b.Body),
            IrCatch c => CallsTasklets(c.Body),
            IrFinally f => CallsTasklets(f.Body),
            _ => false,
        });

        // ---------------------------------------------------------------- fields

        /// <summary>A new frame field of <paramref name="type"/>; its value is its name (or, for a type that cannot be written, its box's value).</summary>
        private LoweredValue NewTemp(ITypeSymbol type, SyntaxNode at, string kind = "t")
        {
            CheckStorable(type, at, at.ToString());
            string name = _alloc.NewTempName(kind);
            if (TypeShapes.ContainsAnonymousType(type)) return LoweredValue.Built(AnonField(name, type));
            Fields.Add(new FrameField(FieldAccess(type), FrameNaming.Type(type), name));
            return LoweredValue.Name(name);
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

        private string NewTemp(string typeText, string kind = "t") => _alloc.NewTempField("internal", typeText, kind);

        private void CheckStorable(ITypeSymbol type, SyntaxNode at, string what)
        {
            if (type.IsRefLikeType || type.TypeKind == TypeKind.Pointer || type.TypeKind == TypeKind.FunctionPointer)
                throw new RefusalException(DiagnosticDescriptors.RefLikeAcrossSuspension, at, Short(what), FrameNaming.Type(type));
            if (TypeShapes.ContainsAnonymousDelegate(type))
                throw new RefusalException(DiagnosticDescriptors.NotSupported, at, "A value of an inferred delegate type kept across a suspension point",
                    "no expression can name its type; declare the lambda with a named delegate type (e.g. Func<...>)");
            if (type.TypeKind == TypeKind.Error)
                throw new RefusalException(DiagnosticDescriptors.NotSupported, at, "An expression whose type does not bind", "fix the compile error first");
        }

        private string NewLabel(string kind) => _alloc.NewLabel(kind);

        // ---------------------------------------------------------------- emission

        /// <summary>Emits a statement of the generator's as its typed node (only the emitter writes its text).</summary>
        private void Emit(IrNode statement) => _ir.Add(statement);

        /// <summary>Emits a statement of the user's code (see <see cref="ControlFlowLowering.EmitUser(StatementSyntax)"/>).</summary>
        private void EmitUser(StatementSyntax statement) => _flow.EmitUser(statement);

        private void EmitLabel(string label) => _ir.Add(new IrLabel(label));

        private void EmitComment(string text) => _ir.Add(new IrComment(text));

        private void SetPosition(SyntaxNode node) => _ir.SetPosition(node);

        // The expression side's gotos reach ControlFlowLowering by the old names, until it is its own class.
        private bool Preemptible => _flow.Preemptible;
        private void EmitGoto(string target, bool loopBackEdge = false) => _flow.EmitGoto(target, loopBackEdge);
        private void EmitIfGoto(ExpressionSyntax condition, string target, bool user, bool loopBackEdge = false) => _flow.EmitIfGoto(condition, target, user, loopBackEdge);

        // The expression side's files still read these by their old names, until it is a class of its own (issue 16
        // item 2 (e)); they are IrOutput's.
        private List<IrNode> _out => _ir.Nodes;
        private int _statementLine => _ir.Line;
        private int _statementColumn => _ir.Column;
        private string? _checked { get => _ir.Checked; set => _ir.Checked = value; }

        private static int LineOf(SyntaxNode node) => node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

        /// <summary>The user's code on one line (runs of white space made one space), at most 90 characters.</summary>
        internal static string Short(string text)
        {
            var sb = new System.Text.StringBuilder(System.Math.Min(text.Length, 91));
            bool space = false;
            foreach (char c in text)
            {
                if (char.IsWhiteSpace(c)) { space = sb.Length > 0; continue; }
                if (space) sb.Append(' ');
                space = false;
                sb.Append(c);
                if (sb.Length > 90) break;
            }
            return sb.Length > 90 ? sb.ToString(0, 87) + "..." : sb.ToString();
        }

        // ---------------------------------------------------------------- resume points and jumps

        /// <summary>A provisional identity for a resume point (<see cref="LoweringAllocator.NewResumePoint"/>).</summary>
        private int NewResumePoint() => _alloc.NewResumePoint();
    }
}
