using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// Parentheses around a lowered condition, decided on its syntax as the lowering used to decide on its text (so the
    /// frame reads as before): an expression is wrapped when it is one pair of parentheses around the rest and nothing
    /// in it spells a quote or a parenthesis the old character count could misread (a string or char literal, a comment).
    /// Tokens are read one after the other (Roslyn's iterative navigation), never written out.
    /// </summary>
    internal static class Parentheses
    {
        /// <summary><paramref name="e"/> (no outer trivia), parenthesized unless wrapped already.</summary>
        public static ExpressionSyntax Wrapped(ExpressionSyntax e) => IsWrapped(e) ? e : GeneratedSyntax.Paren(e);

        /// <summary>
        /// <paramref name="e"/> (no outer trivia) without the parentheses that wrap it whole, as many pairs as there are;
        /// a pair with trivia inside its tokens is kept (what is between would lose a space).
        /// </summary>
        public static ExpressionSyntax Unwrapped(ExpressionSyntax e)
        {
            while (e is ParenthesizedExpressionSyntax p && IsWrapped(p) && !p.OpenParenToken.HasTrailingTrivia && !p.CloseParenToken.HasLeadingTrivia)
                e = p.Expression;
            return e;
        }

        private static bool IsWrapped(ExpressionSyntax e)
        {
            if (e is not (ParenthesizedExpressionSyntax or TupleExpressionSyntax)) return false;
            SyntaxToken first = e.GetFirstToken(includeZeroWidth: true), last = e.GetLastToken(includeZeroWidth: true);
            for (SyntaxToken t = first; ; t = t.GetNextToken(includeZeroWidth: true))
            {
                if (Quoted(t.Text)) return false;
                if (t != first && Misread(t.LeadingTrivia) || t != last && Misread(t.TrailingTrivia)) return false;
                if (t == last) return true;
            }
        }

        private static bool Misread(SyntaxTriviaList trivia)
        {
            foreach (SyntaxTrivia t in trivia)
                if (!t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia) && (Quoted(t.ToFullString()) || t.ToFullString().IndexOfAny(s_parentheses) >= 0))
                    return true;
            return false;
        }

        private static readonly char[] s_parentheses = { '(', ')' };

        private static bool Quoted(string text) => text.IndexOf('"') >= 0 || text.IndexOf('\'') >= 0;
    }
}
