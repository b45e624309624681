using Stackless.Generator.Model;

namespace Stackless.Generator.Ir
{
    /// <summary>A generated catch clause: <c>catch (Declaration) when (Filter) { Body }</c> (no filter when null).</summary>
    internal sealed record IrCatch(string Declaration, string? Filter, EquatableArray<IrNode> Body) : IrNode;
}
