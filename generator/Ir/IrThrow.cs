using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Ir
{
    /// <summary><c>throw Exception;</c> where C# itself would throw (a switch expression that matched no arm).</summary>
    internal sealed record IrThrow(IrSyntax<ExpressionSyntax> Exception) : IrNode;
}
