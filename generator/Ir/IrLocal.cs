using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Ir
{
    /// <summary>
    /// A local of <c>MoveNext</c>, declared before the state dispatch (which may jump past any declaration in the body):
    /// <c>const Type Name = Value;</c> for the method's const locals, or <c>Type Name = default!;</c> for a local the plan
    /// keeps in MoveNext. <paramref name="Name"/> is the identifier as written (escaped with @ when it must be).
    /// </summary>
    internal sealed record IrLocal(bool IsConst, IrSyntax<TypeSyntax> Type, string Name, IrSyntax<ExpressionSyntax> Value);
}
