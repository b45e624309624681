namespace Stackless.Generator.Ir
{
    /// <summary>
    /// The resume half of a step check written inside copied code (a backward <c>goto</c> to a label of the flattened
    /// scope): the check itself, <c>if (BudgetCheck(k)) return;</c>, is part of the copied statement's text, right before
    /// its goto; only the dispatch reaches <c>__resumeK: EndBudgetCheck();</c>, and the node that follows jumps on to the
    /// goto's label. <paramref name="Line"/> (1-based) is the goto's line.
    /// </summary>
    internal sealed record IrStepCheckResume(int State, int Line) : IrResumePoint(State, Line, "step check");
}
