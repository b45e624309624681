namespace Stackless.Generator.Ir
{
    /// <summary>
    /// A jump leaving an <see cref="IrTryWithLoweredFinally"/>: the body jumps to <paramref name="LeaveLabel"/>, which
    /// records <paramref name="Index"/>; after the finally block the branch goes on to <paramref name="Target"/> (already
    /// routed through the tries it leaves further out), or past it to <paramref name="SkipLabel"/> when not taken.
    /// </summary>
    internal sealed record IrPendingBranch(int Index, string LeaveLabel, string SkipLabel, string Target);
}
