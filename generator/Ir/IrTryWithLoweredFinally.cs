using Stackless.Generator.Model;

namespace Stackless.Generator.Ir
{
    /// <summary>
    /// A try statement whose finally suspends, as the control-flow lowering leaves it: the lowered try block (with its
    /// catches, <paramref name="Body"/>, a try region entered at <paramref name="EntryLabel"/>; its jumps out are still
    /// <see cref="IrJump"/>s and <see cref="IrJumpHole"/>s to where they go) and the lowered finally block
    /// (<paramref name="Finally"/>). C# cannot suspend inside a finally, so Lowering/ExceptionHandlerRouting turns it into
    /// a real try that only records an exception (<paramref name="PendingField"/>, caught as
    /// <paramref name="ExceptionName"/>) or the branch that left it (<paramref name="BranchField"/>, 1-based; 0 for
    /// falling out at <paramref name="ExitLabel"/>), then the finally block, then the exception rethrown with its original
    /// trace, then the pending branch taken. It never reaches the emitter.
    /// </summary>
    internal sealed record IrTryWithLoweredFinally(string EntryLabel, string PendingField, string BranchField, string ExitLabel, string ExceptionName,
        EquatableArray<IrNode> Body, EquatableArray<IrNode> Finally) : IrNode;
}
