namespace Stackless.Generator.Ir
{
    /// <summary>
    /// A step check of the watchdog (a loop back-edge, or the method's entry): <c>if (BudgetCheck(k)) return;</c>, then on
    /// the fast path <c>goto Target;</c>. Only the dispatch reaches the resume label after it: <c>__resumeK: State = -1;
    /// EndBudgetCheck();</c>, and the node that follows the check goes on to <paramref name="Target"/> (a back-edge's own
    /// goto, or the label right after the check). <paramref name="Line"/> (1-based) is the user's line it belongs to.
    /// <paramref name="AtEntry"/>: the method's entry check, written first in the body and numbered after every other
    /// resume point (Lowering/StateNumbering), so that the others keep the numbers they have without it.
    /// </summary>
    internal sealed record IrStepCheck(int State, string Target, int Line, bool AtEntry = false) : IrResumePoint(State, Line, "step check");
}
