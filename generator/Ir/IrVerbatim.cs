using Stackless.Generator.Model;

namespace Stackless.Generator.Ir
{
    /// <summary>
    /// A statement made of the user's code (copied as written, or a lowered piece of it), mapped to its source
    /// <paramref name="Line"/> (1-based) with <c>#line</c>. A text of several lines keeps each continuation line's
    /// indentation relative to <paramref name="Column"/> (the 0-based column of its first line in the source).
    /// <paramref name="Holes"/> are its jumps that may leave try statements (a <c>break</c> routed to a lowered loop's
    /// end, a <c>return</c> inside a try), in offset order: not in the text, the emitter writes them there once
    /// Lowering/ExceptionHandlerRouting has routed them.
    /// </summary>
    internal sealed record IrVerbatim(string Text, int Line, int Column, EquatableArray<IrJumpHole> Holes = default) : IrNode;
}
