namespace Stackless.Generator.Model
{
    /// <summary>
    /// A member the frame needs in the user's type itself (not in the frame), as the lowering asks for it: its shape,
    /// never its text (only <c>Emitter/TypeHelperEmitter</c> writes members). The forwarders behind <c>base</c> accesses,
    /// which only code of the user's type can make non-virtually. Written after the frame's members, in the order asked;
    /// each private and hidden from IntelliSense, under a summary that says which access it serves.
    /// </summary>
    /// <remarks>
    /// Types, names and parameters are the parts as C# spells them (as <see cref="EndHelper"/>'s are); a summary names the
    /// base member (its display) and the [Tasklet] method it serves.
    /// </remarks>
    internal abstract record TypeHelper;
}
