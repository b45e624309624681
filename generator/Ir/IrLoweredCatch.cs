using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Model;

namespace Stackless.Generator.Ir
{
    /// <summary>
    /// A catch clause of an <see cref="IrTryWithLoweredCatches"/>: the type the real catch declares and the name it
    /// catches into (<paramref name="ExceptionName"/>, <c>__exN</c>), and its filter (none when null; a filter never
    /// suspends); its block, lowered (<paramref name="Body"/>, its variable assigned first), runs after the try when this
    /// clause caught, skipped to <paramref name="SkipLabel"/> otherwise.
    /// </summary>
    internal sealed record IrLoweredCatch(IrSyntax<TypeSyntax> Type, string ExceptionName, IrSyntax<ExpressionSyntax>? Filter, string SkipLabel, EquatableArray<IrNode> Body);
}
