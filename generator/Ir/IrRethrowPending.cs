namespace Stackless.Generator.Ir
{
    /// <summary>
    /// After a lowered finally: the exception the try recorded in <paramref name="Field"/> (null when none) is thrown
    /// again with its original stack trace (<c>ExceptionDispatchInfo.Capture(field).Throw()</c>).
    /// </summary>
    internal sealed record IrRethrowPending(string Field) : IrNode;
}
