using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Ir
{
    /// <summary>
    /// <c>Return();</c> or <c>Return(Result);</c>: the frame completes (its tasklet's result delivered, its caller resumed
    /// by the trampoline). <paramref name="Result"/> is null for a void method.
    /// </summary>
    internal sealed record IrFinish(IrSyntax<ExpressionSyntax>? Result) : IrNode;
}
