namespace Stackless.Generator.Ir
{
    /// <summary>A comment for the reader of the generated code (without the leading <c>//</c>).</summary>
    internal sealed record IrComment(string Text) : IrNode;
}
