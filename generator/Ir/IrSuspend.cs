using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Ir
{
    /// <summary>
    /// A resume point of a Begin/End pair: <c>if (Begin) { State = k; return; }</c>, then the resume label
    /// <c>__resumeK:</c> and <c>State = -1;</c>. The End call follows as its own node (or is part of the expression
    /// that uses its value). <paramref name="Line"/> (1-based) and <paramref name="Source"/> (the user's code, shortened)
    /// say which call of the user's method suspends here; the Begin statement is mapped to <paramref name="MappedLine"/>
    /// (the line of the statement it belongs to; <paramref name="Column"/> is that statement's column). <paramref name="StateFirst"/>: the form of a foreach step,
    /// <c>State = k; if (Begin) return;</c>, whose Begin is generated code (hidden), not the user's call.
    /// </summary>
    internal sealed record IrSuspend(int State, int Line, string Source, IrSyntax<ExpressionSyntax> Begin, int MappedLine, int Column, bool StateFirst = false)
        : IrResumePoint(State, Line, Source);
}
