using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Ir;

namespace Stackless.Generator.Lowering
{
    // Statements of the user's code the lowering builds (a spilled operand's temp set, the assignment a suspension
    // point's value goes to, a throw): syntax, never text; Emitter/ writes it (IrUserStatement).
    internal sealed partial class ExpressionLowering
    {
        /// <summary><paramref name="value"/> in the checked context of the user's expression it was lowered from: <c>checked(value)</c>, <c>unchecked(value)</c>, or as it is.</summary>
        private ExpressionSyntax InCheckedContext(ExpressionSyntax value) => _ir.InCheckedContext(value);

        /// <summary>
        /// The copy of the user's expression <paramref name="node"/> as it reads in the frame, as syntax without its outer
        /// trivia (what Text writes; no jump leaves an expression, so there is no hole to cut).
        /// </summary>
        private ExpressionSyntax CopiedExpression(ExpressionSyntax node) => OuterTrivia.Without((ExpressionSyntax)Rewrite(node));

        /// <summary><c>value;</c> (a call or assignment evaluated for its effect).</summary>
        private void EmitUserEvaluate(LoweredValue value) => _flow.EmitUser(GeneratedSyntax.Statement(value.Bare()));
    }
}
