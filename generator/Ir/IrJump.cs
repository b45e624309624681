namespace Stackless.Generator.Ir
{
    /// <summary>
    /// A jump of the user's that may leave try statements (a <c>break</c>, <c>continue</c>, <c>goto</c> or <c>return</c>
    /// out of lowered code, the jump after a backward goto's step check): to <paramref name="Label"/>, an
    /// <see cref="IrLabel"/> of the body. It says only where it goes; Lowering/ExceptionHandlerRouting sees which tries
    /// it leaves and makes it an <see cref="IrGoto"/> there, or to the leave label of the innermost lowered finally it
    /// leaves (a pending branch, taken after that finally). It never reaches the emitter.
    /// </summary>
    internal sealed record IrJump(string Label) : IrNode;
}
