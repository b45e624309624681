namespace Stackless.Generator.Ir
{
    /// <summary><c>Target++;</c>: a generated counter steps (the index of a lowered foreach over an array).</summary>
    internal sealed record IrIncrement(string Target) : IrNode;
}
