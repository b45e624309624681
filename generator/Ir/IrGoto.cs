namespace Stackless.Generator.Ir
{
    /// <summary>
    /// A generated unconditional jump (hidden from the debugger). <paramref name="IsLoopBackEdge"/> marks the jump
    /// that closes a lowered loop (to its top or its condition): where a per-iteration check belongs.
    /// </summary>
    internal sealed record IrGoto(string Target, bool IsLoopBackEdge = false) : IrNode;
}
