using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Ir
{
    /// <summary>
    /// A resume point of a call to another tasklet: <c>Field = Creation;</c> (the user's call, mapped to
    /// <paramref name="MappedLine"/>, the line of its statement; <paramref name="Line"/> is the call's own line), then <c>State = k; Call(Field); return;</c>, the resume label and <c>State = -1;</c>.
    /// The callee's result is taken from <paramref name="Field"/> by the node that follows (or the expression using it).
    /// <paramref name="Field"/> is the frame field's name, or the access of its box when the callee's result type is anonymous.
    /// </summary>
    internal sealed record IrNestedCall(int State, int Line, string Source, IrSyntax<ExpressionSyntax> Field, IrSyntax<ExpressionSyntax> Creation, int MappedLine, int Column)
        : IrResumePoint(State, Line, Source);
}
