using Stackless.Generator.Model;

namespace Stackless.Generator.Ir
{
    /// <summary>
    /// A real <c>try</c> statement whose block suspends. C# forbids a goto into a try, so it has its own state
    /// dispatch at its top (<paramref name="Dispatch"/>), and the body's dispatch jumps to <paramref name="EntryLabel"/>
    /// before it. <paramref name="Handlers"/> follow the block: <see cref="IrCatch"/>, <see cref="IrFinally"/> or a
    /// catch clause copied as written (<see cref="IrVerbatim"/>).
    /// </summary>
    internal sealed record IrTryRegion(string EntryLabel, IrDispatch Dispatch, EquatableArray<IrNode> Body, EquatableArray<IrNode> Handlers) : IrNode;
}
