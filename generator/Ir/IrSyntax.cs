using System;
using Microsoft.CodeAnalysis;

namespace Stackless.Generator.Ir
{
    /// <summary>
    /// A piece of C# in a node of the intermediate form (a condition, a call, a value, a type): syntax the lowering built
    /// with <c>SyntaxFactory</c> (spaced as the generator writes C#, no outer trivia), never text it concatenated or
    /// parsed. Only <c>Emitter/</c> writes it (<see cref="Node"/>).
    /// </summary>
    /// <remarks>
    /// Equal when written alike: syntax compares by reference, and a lowering run again must equal the one the
    /// incremental pipeline kept. The text is made once, when first compared (Roslyn writes a node with its own stack,
    /// no recursion as deep as the node). Holds no node of the user's tree (a built root: the user's green nodes inside
    /// it, not the tree they came from).
    /// </remarks>
    internal sealed class IrSyntax<T> : IEquatable<IrSyntax<T>> where T : SyntaxNode
    {
        private string? _written;

        // A node of the user's tree is taken out of it (a new root over the same green node: no copy, no walk), so the
        // IR keeps no user tree alive.
        public IrSyntax(T node) => Node = node.Parent is null ? node : node.WithAdditionalAnnotations();

        public T Node { get; }

        private string Written => _written ??= Node.ToFullString();

        public static implicit operator IrSyntax<T>(T node) => new(node);

        /// <summary>An optional piece (a filter, a result): null stays null.</summary>
        public static IrSyntax<T>? Optional(T? node) => node is null ? null : new(node);

        public bool Equals(IrSyntax<T>? other) => ReferenceEquals(this, other) || other is not null && Written == other.Written;

        public override bool Equals(object? obj) => obj is IrSyntax<T> other && Equals(other);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Written);
    }
}
