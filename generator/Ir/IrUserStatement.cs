using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Model;

namespace Stackless.Generator.Ir
{
    /// <summary>
    /// A statement of the user's code that the lowering built as syntax (a spilled operand's temp set, the assignment or
    /// call a suspension point's value goes to, a throw), mapped to the user's <paramref name="Line"/> (1-based) and
    /// <paramref name="Column"/> (0-based) like <see cref="IrVerbatim"/>. The syntax is built with <c>SyntaxFactory</c>
    /// (spaced as the generator writes C#, no outer trivia), never parsed; only <c>Emitter/</c> writes it.
    /// <paramref name="Holes"/> are its jumps (a probe's jump past its catch, a lowered <c>return</c>'s jump to the end),
    /// in offset order: the syntax has an empty statement (<c>;</c>) at each <see cref="IrJumpHole.Offset"/> of its
    /// written text, and the emitter writes <c>goto Label;</c> in its place once Lowering/ExceptionHandlerRouting has
    /// routed them (the label in the syntax's annotation is the one before routing; <paramref name="Holes"/> say where).
    /// </summary>
    /// <remarks>
    /// Equal when written alike: syntax compares by reference, and a lowering run again must equal the one the
    /// incremental pipeline kept (the text is made once, when first compared). Holds no node of the user's tree
    /// (a built root: the user's green nodes inside it, not the tree they came from).
    /// </remarks>
    internal sealed record IrUserStatement(StatementSyntax Statement, int Line, int Column, EquatableArray<IrJumpHole> Holes = default) : IrNode
    {
        private string? _written;

        private string Written => _written ??= Statement.ToFullString();

        public bool Equals(IrUserStatement? other) =>
            ReferenceEquals(this, other)
            || other is not null && Line == other.Line && Column == other.Column && Holes.Equals(other.Holes) && Written == other.Written;

        public override int GetHashCode() => (Line * 31 + Column) * 31 + System.StringComparer.Ordinal.GetHashCode(Written);
    }
}
