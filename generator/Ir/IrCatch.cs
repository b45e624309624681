using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Model;

namespace Stackless.Generator.Ir
{
    /// <summary>
    /// A generated catch clause: <c>catch (Type ExceptionName) when (Filter) { Body }</c> (no name, no filter when null).
    /// </summary>
    internal sealed record IrCatch(IrSyntax<TypeSyntax> Type, string? ExceptionName, IrSyntax<ExpressionSyntax>? Filter, EquatableArray<IrNode> Body) : IrNode;
}
