using Stackless.Generator.Model;

namespace Stackless.Generator.Ir
{
    /// <summary>
    /// A try statement whose catch clauses suspend, as the control-flow lowering leaves it: the lowered try block
    /// (<paramref name="Body"/>, a try region entered at <paramref name="EntryLabel"/>) and each clause lowered
    /// (<see cref="IrLoweredCatch"/>). C# cannot suspend inside a catch, so Lowering/ExceptionHandlerRouting turns it
    /// into a real try whose catches only record which clause caught (<paramref name="CaughtField"/>, 1-based; 0 for none)
    /// and the exception (<paramref name="ExceptionField"/>), and the clauses after it, run by that record, each
    /// ending at <paramref name="EndLabel"/>. It never reaches the emitter.
    /// </summary>
    internal sealed record IrTryWithLoweredCatches(string EntryLabel, string CaughtField, string ExceptionField, EquatableArray<IrNode> Body,
        EquatableArray<IrLoweredCatch> Catches, string EndLabel) : IrNode;
}
