using System;

namespace Stackless.Generator.Ir
{
    /// <summary>
    /// One node of a frame's <c>MoveNext</c> body in the intermediate form: what the lowering decided, as plain
    /// equatable data (strings and numbers, no symbols; syntax only where the lowering built it, compared by its text:
    /// <see cref="IrUserStatement"/>), so the incremental pipeline can cache it. Only
    /// <c>Emitter/</c> turns nodes into text: it owns indentation, <c>#line</c> directives and which labels survive.
    /// </summary>
    internal abstract record IrNode : IEquatable<IrNode>;
}
