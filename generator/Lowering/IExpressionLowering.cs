using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// The expression side of the lowering as the control flow sees it (issue 16 item 2 (c)): an expression in, its
    /// prefix nodes written to the <see cref="IrOutput"/> (spilled operands, suspension points), its value out as a
    /// <see cref="LoweredValue"/>. Everything the control flow (statements, loops, switches, tries) asks of it, and nothing
    /// else: the seam along which the expression side becomes a class of its own.
    /// </summary>
    internal interface IExpressionLowering
    {
        /// <summary>The value of <paramref name="expression"/> (TSK010 for a void call).</summary>
        LoweredValue Lower(ExpressionSyntax expression);

        /// <summary>The value of <paramref name="expression"/>, or null for a void call.</summary>
        LoweredValue? LowerOrVoid(ExpressionSyntax expression);

        /// <summary><paramref name="expression"/> evaluated for its effect (an expression statement).</summary>
        void LowerForEffect(ExpressionSyntax expression);

        /// <summary><paramref name="parent"/> with <paramref name="children"/> lowered first, left to right.</summary>
        LoweredValue LowerChildren(ExpressionSyntax parent, IReadOnlyList<ExpressionSyntax> children);

        /// <summary>The negation of a lowered condition, for a jump taken when it is false.</summary>
        ExpressionSyntax Negated(LoweredValue condition, ExpressionSyntax conditionSyntax);

        /// <summary>The test of <paramref name="pattern"/> on <paramref name="value"/>, assigning the hoisted locals it designates.</summary>
        ExpressionSyntax PatternTest(LoweredValue value, PatternSyntax pattern);

        /// <summary><paramref name="value"/> converted to <paramref name="type"/> (through <c>__AnonCast</c> for a type built from an anonymous one).</summary>
        ExpressionSyntax Cast(ITypeSymbol type, ExpressionSyntax value);

        /// <summary>The storage of hoisted <paramref name="local"/>: its field, or its object box's value; still text.</summary>
        string FieldRef(ISymbol local);
    }
}
