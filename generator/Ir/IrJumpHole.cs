namespace Stackless.Generator.Ir
{
    /// <summary>
    /// A jump of a statement of the user's code, the one way such a statement jumps: out of copied code
    /// (<see cref="IrVerbatim.Holes"/>: <c>goto Label;</c> belongs at <paramref name="Offset"/> of the verbatim's text,
    /// where the copy has nothing), or in a statement built as syntax (<see cref="IrUserStatement.Holes"/>: in the place
    /// of the empty statement at <paramref name="Offset"/> of its written text). Before Lowering/ExceptionHandlerRouting, <paramref name="Label"/>
    /// is where the user's jump goes (as for an <see cref="IrJump"/>); after it, the label routed through the lowered
    /// finally blocks it leaves. The emitter writes the goto into the hole.
    /// </summary>
    internal readonly record struct IrJumpHole(int Offset, string Label) : System.IEquatable<IrJumpHole>;
}
