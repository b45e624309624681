using Stackless.Generator.Model;

namespace Stackless.Generator.Ir
{
    /// <summary>
    /// A finally clause. <paramref name="GuardedByState"/>: its body runs only when <c>State &lt;= 0</c>, i.e. not
    /// when the frame merely suspends (the try is left by <c>return</c> after setting State).
    /// </summary>
    internal sealed record IrFinally(bool GuardedByState, EquatableArray<IrNode> Body) : IrNode;
}
