using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Ir
{
    /// <summary>
    /// <c>Expression;</c>: a call the generator makes for its effect (hidden from the debugger), such as a nested
    /// call's result taken and dropped (<c>TaskletFrame.TakeResult(ref __call3);</c>) or a fresh per-iteration box.
    /// </summary>
    internal sealed record IrEvaluate(IrSyntax<ExpressionSyntax> Expression) : IrNode;
}
