using Stackless.Generator.Model;

namespace Stackless.Generator.Ir
{
    /// <summary>
    /// A statement the generator adds (<c>State = -1;</c>, a temp cleared), hidden from the debugger.
    /// <paramref name="Jumps"/> are the generated labels its text jumps to (counted when unused labels are dropped).
    /// </summary>
    internal sealed record IrGeneratedStatement(string Text, EquatableArray<string> Jumps) : IrNode;
}
