using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// What the <see cref="BodyRewriter"/> needs from the lowering around the code it copies: the method's facts, the
    /// hoisting plan and the allocator (its explicit inputs), the control flow the copy sits in (where a break, continue,
    /// return or goto of the user's goes now) and the expression side's answers for the few expressions copying cannot
    /// write alone (a spilled conditional access's receiver, a pattern test designating hoisted locals, base access,
    /// values kept in object boxes). Nothing here hands out mutable state: each member answers one question.
    /// </summary>
    internal interface ICopyContext
    {
        MethodFacts Facts { get; }
        HoistingPlan Plan { get; }
        LoweringAllocator Allocator { get; }

        /// <summary>False for <c>[Tasklet(Preemptible = false)]</c>: copied loops do not count their steps.</summary>
        bool Preemptible { get; }

        // ---- control flow around the copy

        /// <summary>The lowered label a <c>break</c> of <paramref name="loopOrSwitch"/> goes to, or null when it stays in the copy.</summary>
        string? BreakLabel(SyntaxNode loopOrSwitch);

        /// <summary>The lowered label a <c>continue</c> of <paramref name="loop"/> goes to, or null when it stays in the copy.</summary>
        string? ContinueLabel(SyntaxNode loop);

        /// <summary>The statement of a copied <c>return value;</c> (<paramref name="value"/> already copied).</summary>
        StatementSyntax ReturnStatement(ExpressionSyntax? value, bool insideTry, SyntaxNode original);

        /// <summary>A goto leaving the copy rooted at <paramref name="root"/>, as a hole; null when it stays inside.</summary>
        StatementSyntax? GotoJump(GotoStatementSyntax node, SyntaxNode root);

        /// <summary>The renamed target of a goto, or null when it keeps the user's name.</summary>
        string? LabelName(GotoStatementSyntax jump);

        /// <summary>True for a local function of the body that runs only in place, when the method counts steps.</summary>
        bool CountsStepsIn(LocalFunctionStatementSyntax function);

        /// <summary>The temp holding the exception a lowered catch caught (a bare <c>throw;</c> rethrows it), or null.</summary>
        string? RethrowName { get; }

        // ---- the expression side's answers

        /// <summary>The per-iteration boxes a lambda or local function captures, in declaration order.</summary>
        List<ILocalSymbol> BoxesNeeded(SyntaxNode function);

        /// <summary>The receiver a <c>?.</c> binding refers to, when its conditional access is being lowered.</summary>
        ExpressionSyntax? BindingReceiverOf(SyntaxNode binding);

        /// <summary>True when <paramref name="access"/> is being lowered (its receiver spilled): the copy is its WhenNotNull.</summary>
        bool LowersConditionalAccess(ConditionalAccessExpressionSyntax access);

        /// <summary><c>(value is pattern &amp;&amp; __Set(out field, __pN) …)</c> for a pattern designating hoisted locals.</summary>
        ExpressionSyntax PatternTest(ExpressionSyntax value, PatternSyntax pattern, Dictionary<SyntaxNode, LoweredValue>? replacements);

        /// <summary><c>base.M</c> as the call of a forwarding member of the user's type.</summary>
        ExpressionSyntax BaseMember(MemberAccessExpressionSyntax access);

        /// <summary><c>base[…]</c> as the call of a forwarding member of the user's type.</summary>
        ExpressionSyntax BaseIndexer(ElementAccessExpressionSyntax access, IReadOnlyList<ArgumentSyntax> arguments);

        /// <summary>True when <paramref name="local"/> (of an anonymous type) lives in an object box.</summary>
        bool IsInObjectBox(ISymbol local);

        /// <summary>The value in the object box <paramref name="box"/> of <paramref name="type"/>.</summary>
        ExpressionSyntax ObjectBoxValue(string box, ITypeSymbol type);

        /// <summary>A reference to the storage of hoisted <paramref name="local"/> (its field, or its box's value).</summary>
        ExpressionSyntax FieldReference(ILocalSymbol local);
    }
}
