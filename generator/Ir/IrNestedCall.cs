namespace Stackless.Generator.Ir
{
    /// <summary>
    /// A resume point of a call to another tasklet: <c>Field = Creation;</c> (the user's call, mapped to
    /// <paramref name="MappedLine"/>, the line of its statement; <paramref name="Line"/> is the call's own line), then <c>State = k; Call(Field); return;</c>, the resume label and <c>State = -1;</c>.
    /// The callee's result is taken from <paramref name="Field"/> by the node that follows (or the expression using it).
    /// </summary>
    internal sealed record IrNestedCall(int State, int Line, string Source, string Field, string Creation, int MappedLine, int Column)
        : IrResumePoint(State, Line, Source);
}
