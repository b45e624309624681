using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Ir
{
    /// <summary>
    /// <c>Target = Value;</c>, a statement the generator adds (hidden from the debugger): a temp set or cleared
    /// (<c>__t3 = default!;</c>, <c>__index2 = 0;</c>), a caught exception recorded. <paramref name="Comment"/> (without
    /// <c>//</c>) ends the line when the reader needs to know why.
    /// </summary>
    internal sealed record IrAssign(IrSyntax<ExpressionSyntax> Target, IrSyntax<ExpressionSyntax> Value, string? Comment = null) : IrNode;
}
