using Stackless.Generator.Model;

namespace Stackless.Generator.Ir
{
    /// <summary>A generated block: <c>{ … }</c> around its nodes, one level deeper.</summary>
    internal sealed record IrBlock(EquatableArray<IrNode> Body) : IrNode;
}
