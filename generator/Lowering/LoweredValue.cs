using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// The value of a lowered sub-expression, to be read next (its prefix statements are emitted already), always as
    /// syntax, never as text a parent parses again (issue 16): a sub-expression copied with its lowered children (binary
    /// chains, parentheses, checked, throw and assignments included), a temp's or field's name, or syntax the lowering
    /// built a few nodes deep (End… on its receiver or its type or through an <c>__EndN</c> helper, a nested frame's
    /// result, <c>x ?? y</c>, a pattern test, the access of a value of anonymous type). A parent embeds it as it is.
    /// </summary>
    /// <remarks>
    /// Invariant: exactly one of syntax and name is set, or neither (<see cref="Dropped"/>). A copied syntax value knows
    /// the node it was copied from: it carries that node's trivia, so it stands in that node's place without trivia
    /// surgery (rebuilding the path to the first token of <c>a + b + … + z</c> would recurse as deep as the chain is
    /// long); only shallow syntax the lowering built itself is given trivia.
    /// </remarks>
    internal readonly struct LoweredValue
    {
        private readonly ExpressionSyntax? _syntax;
        private readonly SyntaxNode? _copyOf;
        private readonly string? _name;

        private LoweredValue(ExpressionSyntax? syntax, SyntaxNode? copyOf, string? name)
        {
            System.Diagnostics.Debug.Assert(syntax is null || name is null, "one kind of value");
            _syntax = syntax;
            _copyOf = copyOf;
            _name = name;
        }

        /// <summary>The copy of <paramref name="original"/> (children lowered), with its trivia.</summary>
        public static LoweredValue CopyOf(ExpressionSyntax copy, SyntaxNode original) => new(copy, original, null);

        /// <summary>
        /// Syntax the lowering built (a call of End…, a nested frame's result, an anonymous value's access), a few nodes
        /// deep: it takes the trivia of the node it replaces.
        /// </summary>
        public static LoweredValue Built(ExpressionSyntax syntax) => new(syntax, null, null);

        /// <summary>A name the lowering chose (a temp, a frame field): an identifier where a parent embeds it.</summary>
        public static LoweredValue Name(string name)
        {
            System.Diagnostics.Debug.Assert(SyntaxFacts.IsValidIdentifier(name.Length > 1 && name[0] == '@' ? name.Substring(1) : name), "a name: " + name);
            return new(null, null, name);
        }

        /// <summary>Nothing: the node it replaces is left out of its parent's copy (an optional node).</summary>
        public static readonly LoweredValue Dropped = default;

        public bool IsDropped => _syntax is null && _name is null;

        /// <summary>The value as C# text (without outer trivia), for a statement the lowering still writes as text.</summary>
        public override string ToString() => _syntax?.ToString() ?? _name ?? "";

        public static implicit operator string(LoweredValue value) => value.ToString();

        /// <summary>The value as an expression of its own, without trivia (a parent the lowering builds embeds it so).</summary>
        public ExpressionSyntax ToSyntax()
        {
            System.Diagnostics.Debug.Assert(!IsDropped, "a dropped value has no syntax");
            return _syntax ?? SyntaxFactory.IdentifierName(GeneratedSyntax.Identifier(_name!));
        }

        /// <summary>
        /// The value as an expression of its own without its outer trivia (what <see cref="ToString"/> writes), for a
        /// statement or expression the lowering builds around it (<see cref="OuterTrivia"/>: no recursion along a chain).
        /// </summary>
        public ExpressionSyntax Bare()
        {
            System.Diagnostics.Debug.Assert(!IsDropped, "a dropped value has no syntax");
            return _syntax is null ? SyntaxFactory.IdentifierName(GeneratedSyntax.Identifier(_name!)) : OuterTrivia.Without(_syntax);
        }

        /// <summary>The value standing in the place of <paramref name="original"/> in a copy of its parent, with its trivia.</summary>
        public ExpressionSyntax InPlaceOf(SyntaxNode original) =>
            _syntax != null && _copyOf == original ? _syntax : InPlaceOf(original, original.GetLeadingTrivia());

        /// <summary>
        /// As <see cref="InPlaceOf(SyntaxNode)"/>, with the leading trivia of <paramref name="original"/> given: a caller
        /// that knows it spares the walk to the first token of a left-deep chain (as deep as the chain is long).
        /// </summary>
        public ExpressionSyntax InPlaceOf(SyntaxNode original, SyntaxTriviaList leading)
        {
            if (_syntax != null && _copyOf == original) return _syntax;
            if (_syntax != null) return _syntax.WithLeadingTrivia(leading).WithTrailingTrivia(original.GetTrailingTrivia());
            return SyntaxFactory.IdentifierName(GeneratedSyntax.Identifier(_name!).WithLeadingTrivia(leading).WithTrailingTrivia(original.GetTrailingTrivia()));
        }
    }
}
