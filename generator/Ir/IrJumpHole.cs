namespace Stackless.Generator.Ir
{
    /// <summary>
    /// A jump out of copied code (<see cref="IrVerbatim.Holes"/>): <c>goto Label;</c> belongs at <paramref name="Offset"/>
    /// of the verbatim's text, where the copy has nothing. Before Lowering/ExceptionHandlerRouting, <paramref name="Label"/>
    /// is where the user's jump goes (as for an <see cref="IrJump"/>); after it, the label routed through the lowered
    /// finally blocks it leaves. The emitter writes the goto into the hole.
    /// </summary>
    internal readonly record struct IrJumpHole(int Offset, string Label) : System.IEquatable<IrJumpHole>;
}
