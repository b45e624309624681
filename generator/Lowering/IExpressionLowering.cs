using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Ir;

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
        // The values of expressions, their prefix nodes written to the output.

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

        // The storage of what the frame keeps (PlannedStorage, AnonymousTypeStorage): the expression side's, as a value of
        // an anonymous type lives in an object box only it can read.

        /// <summary>A new frame field for a value of <paramref name="type"/> kept across a suspension at <paramref name="at"/>; its value (its name, or its box's value).</summary>
        LoweredValue NewTemp(ITypeSymbol type, SyntaxNode at, string kind);

        /// <summary>
        /// A new temp for a value of <paramref name="type"/> that no suspension point separates from its uses: a local of
        /// MoveNext (no frame field), or a field when its type cannot be written.
        /// </summary>
        LoweredValue NewStepTemp(ITypeSymbol type, SyntaxNode at, string kind);

        /// <summary>The statement that starts a fresh per-iteration variable: a new box, or a plain assignment.</summary>
        IrNode Declare(ILocalSymbol local, ExpressionSyntax? value);

        /// <summary><see cref="Declare"/> as a statement of the user's (a resource of a using statement, a local's initializer).</summary>
        StatementSyntax DeclareStatement(ILocalSymbol local, ExpressionSyntax? value);

        /// <summary>Where hoisted <paramref name="local"/>'s value is stored: its field, its box's value, or its object box's access.</summary>
        ExpressionSyntax StorageOf(ILocalSymbol local);
    }
}
