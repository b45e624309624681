using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// The value of a lowered sub-expression, to be read next (its prefix statements are emitted already). It is syntax
    /// where the lowering built syntax — a sub-expression copied with its lowered children (binary chains, parentheses,
    /// checked, throw and assignments included), a temp's name, End… (on its receiver or its type, with out and type
    /// arguments), <c>x ?? y</c> — and a parent embeds it as it is; otherwise it is text, which a parent must parse to
    /// embed (issue 16: a pattern test is syntax too; still text is whatever involves a value of anonymous type: its access, an
    /// End… through an <c>__EndN</c> helper, a nested frame's result kept in a box).
    /// </summary>
    /// <remarks>
    /// Invariant: exactly one of syntax, name and text is set. A copied syntax value knows the node it was copied from:
    /// it carries that node's trivia, so it stands in that node's place without trivia surgery (rebuilding the path to
    /// the first token of <c>a + b + … + z</c> would recurse as deep as the chain is long); only shallow syntax the
    /// lowering built itself is given trivia.
    /// </remarks>
    internal readonly struct LoweredValue
    {
        private readonly ExpressionSyntax? _syntax;
        private readonly SyntaxNode? _copyOf;
        private readonly string? _name;
        private readonly string? _text;

        private LoweredValue(ExpressionSyntax? syntax, SyntaxNode? copyOf, string? name, string? text)
        {
            System.Diagnostics.Debug.Assert((syntax != null ? 1 : 0) + (name != null ? 1 : 0) + (text != null ? 1 : 0) == 1, "one kind of value");
            _syntax = syntax;
            _copyOf = copyOf;
            _name = name;
            _text = text;
        }

        /// <summary>The copy of <paramref name="original"/> (children lowered), with its trivia.</summary>
        public static LoweredValue CopyOf(ExpressionSyntax copy, SyntaxNode original) => new(copy, original, null, null);

        /// <summary>
        /// Syntax the lowering built (a call of End…, a nested frame's result), a few nodes deep: it takes the trivia of
        /// the node it replaces.
        /// </summary>
        public static LoweredValue Built(ExpressionSyntax syntax) => new(syntax, null, null, null);

        /// <summary>
        /// C# text: a plain name (a temp, a frame field) becomes an identifier where a parent embeds it; anything else is
        /// parsed there.
        /// </summary>
        public static LoweredValue Text(string text) =>
            SyntaxFacts.IsValidIdentifier(text) && SyntaxFacts.GetKeywordKind(text) == SyntaxKind.None
                ? new(null, null, text, null)
                : new(null, null, null, text);

        /// <summary>Nothing: the node it replaces is left out of its parent's copy (an optional node).</summary>
        public static readonly LoweredValue Dropped = new(null, null, null, "");

        public bool IsDropped => _text is { Length: 0 };

        /// <summary>The value as C# text (without outer trivia).</summary>
        public override string ToString() => _syntax?.ToString() ?? _name ?? _text!;

        public static implicit operator string(LoweredValue value) => value.ToString();

        /// <summary>The value as an expression of its own, without trivia (a parent the lowering builds embeds it so).</summary>
        public ExpressionSyntax ToSyntax()
        {
            if (_syntax != null) return _syntax;
            if (_name != null) return SyntaxFactory.IdentifierName(Identifier(default, _name, default));
            return Parsed(_text!, default, default);
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
            if (_syntax != null && _copyOf is null) return _syntax.WithLeadingTrivia(leading).WithTrailingTrivia(original.GetTrailingTrivia());
            if (_name != null)
                return SyntaxFactory.IdentifierName(Identifier(leading, _name, original.GetTrailingTrivia()));
            return Parsed(ToString(), leading, original.GetTrailingTrivia());
        }

        private static SyntaxToken Identifier(SyntaxTriviaList leading, string name, SyntaxTriviaList trailing) =>
            GeneratedSyntax.Identifier(name).WithLeadingTrivia(leading).WithTrailingTrivia(trailing);

        /// <summary>
        /// Text parsed with the trivia of the node it replaces. Its leading trivia is parsed with it: WithLeadingTrivia
        /// would rebuild the path to its first token, as deep as a + b + … + z is long.
        /// </summary>
        private static ExpressionSyntax Parsed(string text, SyntaxTriviaList leading, SyntaxTriviaList trailing)
        {
            bool directives = false;
            foreach (SyntaxTrivia t in leading) directives |= t.IsDirective;
            ExpressionSyntax parsed = directives
                ? SyntaxFactory.ParseExpression(text).WithLeadingTrivia(leading)
                : SyntaxFactory.ParseExpression(leading.ToFullString() + text);
            return parsed.WithTrailingTrivia(trailing);
        }
    }
}
