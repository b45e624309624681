using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;
using Stackless.Generator.Ir;
using Stackless.Generator.Model;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// The expression side of the lowering (issue 16 item 2 (e)): an expression in, its prefix nodes written to the
    /// <see cref="IrOutput"/> (spilled operands, suspension points, short-circuit branches), its value out as a
    /// <see cref="LoweredValue"/>; and the storage of what the frame keeps (the plan's fields, temps, boxes of anonymous
    /// values). The control flow reaches it only as <see cref="IExpressionLowering"/>, the copier as
    /// <see cref="ICopyContext"/>. Partial over its files: this one, <c>PlannedStorage</c>, <c>ExpressionSpilling</c>,
    /// <c>SuspensionLowering</c>, <c>SwitchExpressionLowering</c>, <c>BinaryChains</c>, <c>PatternTests</c>,
    /// <c>BaseAccess</c>, <c>AnonymousTypeStorage</c>, <c>UserStatements</c>, <c>LowererExpressionSide</c> and
    /// <c>LowererCopyContext</c>.
    /// </summary>
    /// <remarks>
    /// Input: the method's facts, the hoisting plan, the allocator, the output. Output: nodes written to the output; the
    /// frame's fields, helpers and type helpers through the allocator and <see cref="TypeHelpers"/>.
    /// The control flow and the expression side call each other (a statement lowers its expressions, a short-circuit
    /// expression writes gotos): this class makes the <see cref="ControlFlowLowering"/> it writes its jumps through,
    /// handing it itself; they share nothing mutable but the allocator and the output.
    /// </remarks>
    internal sealed partial class ExpressionLowering
    {
        private readonly MethodFacts _facts;
        private readonly HoistingPlan _plan;
        private readonly string _frameName;

        /// <summary>Labels, temps, resume points, fields and helpers: what every part of the lowering allocates.</summary>
        private readonly LoweringAllocator _alloc;

        /// <summary>The nodes being written, the user's position they map to, the checked context.</summary>
        private readonly IrOutput _ir;

        /// <summary>The receivers of the <c>?.</c> accesses being lowered, for the copier to put in place of their bindings.</summary>
        private readonly Dictionary<SyntaxNode, ExpressionSyntax> _bindingReceivers = new();

        /// <summary>The control flow: the gotos and the user's statements this side writes go through it.</summary>
        private readonly ControlFlowLowering _flow;

        public ExpressionLowering(MethodFacts facts, HoistingPlan plan, LoweringAllocator alloc, IrOutput ir, string frameName)
        {
            _facts = facts;
            _plan = plan;
            _alloc = alloc;
            _ir = ir;
            _frameName = frameName;
            _flow = new ControlFlowLowering(facts, plan, alloc, ir, this, this);
        }

        /// <summary>The control flow this side made (the pass driver lowers the body's statements through it).</summary>
        public ControlFlowLowering Flow => _flow;

        /// <summary>Fields of the frame (parameters come first, then hoisted locals and temps).</summary>
        private List<FrameField> Fields => _alloc.Fields;

        /// <summary>Helper members the body needs, in the order asked for.</summary>
        private List<FrameHelper> Helpers => _alloc.Helpers;

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

        /// <summary>A temp that lives within one step: a local of MoveNext, declared once at its top (the dispatch may jump past any declaration).</summary>
        private LoweredValue NewStepTemp(ITypeSymbol type, SyntaxNode at, string kind)
        {
            if (TypeShapes.ContainsAnonymousType(type) || TypeSyntaxes.Of(type) is not TypeSyntax typeSyntax) return NewTemp(type, at, kind);
            CheckStorable(type, at, at.ToString());
            string name = _alloc.NewTempName(kind);
            _alloc.MoveNextLocals.Add(new IrLocal(IsConst: false, typeSyntax, name, GeneratedSyntax.DefaultForgiving()));
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
                throw new RefusalException(DiagnosticDescriptors.RefLikeAcrossSuspension, at, Excerpt.Short(what), FrameNaming.Type(type));
            if (TypeShapes.ContainsAnonymousDelegate(type))
                throw new RefusalException(DiagnosticDescriptors.NotSupported, at, "A value of an inferred delegate type kept across a suspension point",
                    "no expression can name its type; declare the lambda with a named delegate type (e.g. Func<...>)");
            if (type.TypeKind == TypeKind.Error)
                throw new RefusalException(DiagnosticDescriptors.NotSupported, at, "An expression whose type does not bind", "fix the compile error first");
        }

        private string NewLabel(string kind) => _alloc.NewLabel(kind);

        /// <summary>A provisional identity for a resume point (<see cref="LoweringAllocator.NewResumePoint"/>).</summary>
        private int NewResumePoint() => _alloc.NewResumePoint();

        // ---------------------------------------------------------------- emission

        /// <summary>Emits a statement of the generator's as its typed node (only the emitter writes its text).</summary>
        private void Emit(IrNode statement) => _ir.Add(statement);

        private void EmitLabel(string label) => _ir.Add(new IrLabel(label));

        private void EmitComment(string text) => _ir.Add(new IrComment(text));

        private void SetPosition(SyntaxNode node) => _ir.SetPosition(node);

        private static int LineOf(SyntaxNode node) => ControlFlowLowering.LineOf(node);
    }
}
