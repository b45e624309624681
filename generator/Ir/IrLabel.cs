namespace Stackless.Generator.Ir
{
    /// <summary>A generated label (<c>__endif3:</c>). The emitter drops it when no node of the body jumps to it.</summary>
    internal sealed record IrLabel(string Name) : IrNode;
}
