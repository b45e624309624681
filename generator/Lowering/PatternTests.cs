using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Lowering
{
    // A pattern test on the suspending spine (a switch's case, an arm, `x is P` with a suspending x) or a copied one that
    // designates hoisted locals: built as syntax, never parsed. A hoisted local cannot be declared by the pattern (its
    // storage is a field): the pattern binds a fresh pattern local in its place, and the test copies that into the
    // field once it matched (`__Set(out field, __p1)`, a fresh box per match for a local boxed per iteration).
    internal sealed partial class ExpressionLowering
    {
        /// <summary><c>(value is pattern &amp;&amp; __Set(out field, __pN) …)</c>, a condition of the lowering's.</summary>
        private ExpressionSyntax PatternTest(LoweredValue value, PatternSyntax pattern, Dictionary<SyntaxNode, LoweredValue>? replacements = null) =>
            PatternTestSyntax(value.Bare(), pattern, replacements);

        /// <summary>
        /// <c>(value is pattern)</c>, with <c>&amp;&amp; __Set(out field, __pN)</c> for each hoisted local the pattern
        /// designates (<c>!(… )</c> for <c>not</c> around such a pattern); <c>true</c> for a discard. Without trivia
        /// around it: the caller gives it the trivia of what it replaces.
        /// </summary>
        private ExpressionSyntax PatternTestSyntax(ExpressionSyntax value, PatternSyntax pattern, Dictionary<SyntaxNode, LoweredValue>? replacements = null)
        {
            if (pattern is DiscardPatternSyntax) return SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);
            var rewriter = new BodyRewriter(this, pattern, replacements, null) { PatternSets = new List<(ILocalSymbol, string)>() };
            PatternSyntax p = pattern;
            bool negated = false;
            if (p is UnaryPatternSyntax u && u.OperatorToken.IsKind(SyntaxKind.NotKeyword) && ContainsHoistedDesignation(u.Pattern))
            {
                negated = true;
                p = u.Pattern;
            }
            // The pattern as copied, without the trivia around it (spaces around 'is' are the test's own).
            var copied = (PatternSyntax)rewriter.Visit(p)!;
            if (copied.HasLeadingTrivia) copied = copied.WithLeadingTrivia();
            if (copied.HasTrailingTrivia) copied = copied.WithTrailingTrivia(); // the last token: at the end of the right-most path
            ExpressionSyntax test = SyntaxFactory.IsPatternExpression(value, GeneratedSyntax.Spaced(SyntaxKind.IsKeyword), copied);
            if (rewriter.PatternSets.Count == 0)
            {
                System.Diagnostics.Debug.Assert(!negated, "a 'not' pattern is taken apart only when it designates hoisted locals");
                return GeneratedSyntax.Paren(test);
            }
            _alloc.UseSetHelper();
            foreach ((ILocalSymbol local, string temp) in rewriter.PatternSets)
            {
                ExpressionSyntax field = FieldRefSyntax(local);
                ExpressionSyntax matched = GeneratedSyntax.Name(temp);
                if (_plan.IsBoxedPerIteration(local))
                    matched = TypeSyntaxes.Of(local.Type) is TypeSyntax type
                        ? GeneratedSyntax.New(SyntaxFactory.QualifiedName(GeneratedSyntax.GlobalType("System", "Runtime", "CompilerServices"),
                            (SimpleNameSyntax)GeneratedSyntax.Generic("StrongBox", new[] { type })), new[] { SyntaxFactory.Argument(matched) })
                        : throw new RefusalException(DiagnosticDescriptors.NotSupported, pattern, "A pattern variable of this type kept in a box per iteration", "its type cannot be written"); // anonymous: refused before (planner)
                InvocationExpressionSyntax set = GeneratedSyntax.Call(GeneratedSyntax.Name("__Set"),
                    new[] { GeneratedSyntax.ByReference(SyntaxKind.OutKeyword, field), SyntaxFactory.Argument(matched) });
                test = GeneratedSyntax.Binary(SyntaxKind.LogicalAndExpression, SyntaxKind.AmpersandAmpersandToken, test, set);
            }
            ParenthesizedExpressionSyntax whole = GeneratedSyntax.Paren(test);
            return negated ? SyntaxFactory.PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, whole) : whole;
        }
    }
}
