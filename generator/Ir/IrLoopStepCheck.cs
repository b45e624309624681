using Stackless.Generator.Model;

namespace Stackless.Generator.Ir
{
    /// <summary>
    /// The step check at the back-edge of a loop that does not suspend (issue 14), with no call in the loop: on the fast
    /// path a decrement of the scheduler's counter and a branch, then <c>goto Target;</c>. A counter that runs out saves
    /// the locals of <c>MoveNext</c> live across the check (<paramref name="Saves"/>, <c>__saved_x = x;</c>, as assignments of the generator's), sets State
    /// and returns; the trampoline calls the frame again and the dispatch reaches the resume label, where
    /// <paramref name="Restores"/> take the locals back and the runtime decides (<c>LoopCheckResume</c>: go on, or return
    /// interrupted); the node that follows the check goes on to <paramref name="Target"/>, as after an <see cref="IrStepCheck"/>.
    /// </summary>
    internal sealed record IrLoopStepCheck(int State, string Target, int Line, EquatableArray<IrAssign> Saves, EquatableArray<IrAssign> Restores)
        : IrResumePoint(State, Line, "step check");
}
