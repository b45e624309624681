using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;

namespace Stackless.Generator.Lowering
{
    // The expression side as the context of the code it copies (BodyRewriter): each answer of ICopyContext comes from the part
    // of the lowering that knows it. Also the expression side's way to ask for a copy (Rewrite).
    internal sealed partial class ExpressionLowering : ICopyContext
    {
        /// <summary>The copy of <paramref name="node"/> as it must read inside the frame (with its outer trivia).</summary>
        private SyntaxNode Rewrite(SyntaxNode node, Dictionary<SyntaxNode, LoweredValue>? replacements = null, Dictionary<ISymbol, string>? overrides = null) =>
            BodyRewriter.Copy(this, node, replacements, overrides);

        private bool ContainsHoistedDesignation(SyntaxNode node) => BodyRewriter.ContainsHoistedDesignation(node, _facts, _plan);

        /// <summary>The receiver a <c>?.</c> binding refers to (its temp, or the temp's GetValueOrDefault()), when its conditional access is being lowered.</summary>
        private ExpressionSyntax? BindingReceiverOf(SyntaxNode binding)
        {
            for (SyntaxNode? n = binding.Parent; n != null; n = n.Parent)
            {
                if (n is ConditionalAccessExpressionSyntax ca && ca.WhenNotNull.Span.Contains(binding.Span))
                    return _bindingReceivers.TryGetValue(ca, out ExpressionSyntax? r) ? r : null;
            }
            return null;
        }

        MethodFacts ICopyContext.Facts => _facts;
        HoistingPlan ICopyContext.Plan => _plan;
        LoweringAllocator ICopyContext.Allocator => _alloc;
        // The jump half: the control flow's answers (ControlFlowLowering).
        bool ICopyContext.Preemptible => _flow.Preemptible;
        string? ICopyContext.BreakLabel(SyntaxNode loopOrSwitch) => _flow.JumpTargets.TryGetValue(loopOrSwitch, out JumpTargets? t) ? t.Break : null;
        string? ICopyContext.ContinueLabel(SyntaxNode loop) => _flow.JumpTargets.TryGetValue(loop, out JumpTargets? t) ? t.Continue : null;
        StatementSyntax ICopyContext.ReturnStatement(ExpressionSyntax? value, bool insideTry, SyntaxNode original) => _flow.ReturnStatement(value, insideTry, original);
        StatementSyntax? ICopyContext.GotoJump(GotoStatementSyntax node, SyntaxNode root) => _flow.GotoJump(node, root);
        string? ICopyContext.LabelName(GotoStatementSyntax jump) => _flow.LabelName(jump);
        bool ICopyContext.CountsStepsIn(LocalFunctionStatementSyntax function) => _flow.CountsStepsIn(function);
        string? ICopyContext.RethrowName => _flow.Rethrow;

        List<ILocalSymbol> ICopyContext.BoxesNeeded(SyntaxNode function) => BoxesNeeded(function);
        ExpressionSyntax? ICopyContext.BindingReceiverOf(SyntaxNode binding) => BindingReceiverOf(binding);
        bool ICopyContext.LowersConditionalAccess(ConditionalAccessExpressionSyntax access) => _bindingReceivers.ContainsKey(access);
        ExpressionSyntax ICopyContext.PatternTest(ExpressionSyntax value, PatternSyntax pattern, Dictionary<SyntaxNode, LoweredValue>? replacements) =>
            PatternTestSyntax(value, pattern, replacements);
        ExpressionSyntax ICopyContext.BaseMember(MemberAccessExpressionSyntax access) => BaseMemberSyntax(access);
        ExpressionSyntax ICopyContext.BaseIndexer(ElementAccessExpressionSyntax access, IReadOnlyList<ArgumentSyntax> arguments) => BaseIndexerSyntax(access, arguments);
        bool ICopyContext.IsInObjectBox(ISymbol local) => _anonAccess.ContainsKey(local);
        ExpressionSyntax ICopyContext.ObjectBoxValue(string box, ITypeSymbol type) => AnonAccessSyntax(box, type);
        ExpressionSyntax ICopyContext.FieldReference(ILocalSymbol local) => FieldRefSyntax(local);
    }
}
