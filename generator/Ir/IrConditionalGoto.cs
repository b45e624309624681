using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Ir
{
    /// <summary>
    /// <c>if (Condition) goto Target;</c>. A condition written by the user (a loop's or an if's) carries its source
    /// <paramref name="Line"/> (1-based) and <paramref name="Column"/> (0-based); a generated one has Line -1 and is hidden.
    /// </summary>
    internal sealed record IrConditionalGoto(IrSyntax<ExpressionSyntax> Condition, string Target, int Line, int Column, bool IsLoopBackEdge = false) : IrNode;
}
