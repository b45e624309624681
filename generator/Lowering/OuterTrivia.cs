using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// An expression without the trivia before its first token and after its last: what its <c>ToString()</c> writes,
    /// as syntax a statement the lowering builds embeds. Without recursion as deep as the expression: <c>a + b + … + z</c>
    /// nests to the left, so its first token is as deep as the chain is long (Roslyn's <c>WithoutLeadingTrivia</c>
    /// rewrites that path recursively); the path is rebuilt here in a loop, each link through its own typed update.
    /// The last token of such a chain is shallow.
    /// </summary>
    internal static class OuterTrivia
    {
        public static ExpressionSyntax Without(ExpressionSyntax e)
        {
            // Both walks are Roslyn's iterative token navigation.
            if (e.GetLastToken(includeZeroWidth: true).TrailingTrivia.Count > 0) e = e.WithoutTrailingTrivia();
            SyntaxToken first = e.GetFirstToken(includeZeroWidth: true);
            if (first.LeadingTrivia.Count == 0) return e;
            SyntaxNode parent = first.Parent!;
            SyntaxNode rebuilt = parent.ReplaceToken(first, first.WithLeadingTrivia());
            for (SyntaxNode child = parent; child != e; child = parent)
            {
                parent = child.Parent!;
                rebuilt = WithFirstChild(parent, child, rebuilt);
            }
            return (ExpressionSyntax)rebuilt;
        }

        /// <summary><paramref name="parent"/> with <paramref name="child"/>, its first child, replaced by <paramref name="replacement"/>.</summary>
        private static SyntaxNode WithFirstChild(SyntaxNode parent, SyntaxNode child, SyntaxNode replacement)
        {
            // The kinds whose first child is an expression (left-deep when nested); anything else is shallow here.
            if (replacement is ExpressionSyntax x)
            {
                switch (parent)
                {
                    case BinaryExpressionSyntax b when b.Left == child: return b.WithLeft(x);
                    case MemberAccessExpressionSyntax m when m.Expression == child: return m.WithExpression(x);
                    case InvocationExpressionSyntax i when i.Expression == child: return i.WithExpression(x);
                    case ElementAccessExpressionSyntax a when a.Expression == child: return a.WithExpression(x);
                    case ConditionalAccessExpressionSyntax c when c.Expression == child: return c.WithExpression(x);
                    case PostfixUnaryExpressionSyntax u when u.Operand == child: return u.WithOperand(x);
                    case AssignmentExpressionSyntax a when a.Left == child: return a.WithLeft(x);
                    case ConditionalExpressionSyntax c when c.Condition == child: return c.WithCondition(x);
                    case IsPatternExpressionSyntax p when p.Expression == child: return p.WithExpression(x);
                    case SwitchExpressionSyntax s when s.GoverningExpression == child: return s.WithGoverningExpression(x);
                    case WithExpressionSyntax w when w.Expression == child: return w.WithExpression(x);
                    case RangeExpressionSyntax r when r.LeftOperand == child: return r.WithLeftOperand(x);
                }
            }
            return parent.ReplaceNode(child, replacement);
        }
    }
}
