using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Facts
{
    /// <summary>
    /// Code of a [Tasklet] body that the C# compiler turns into a separate method: lambdas, anonymous methods, local
    /// functions and the query clauses that become lambdas. Nothing there can suspend the tasklet (it runs on the
    /// native stack, called by whatever invokes the delegate), so a [Tasklet] method called there is an ordinary call.
    /// </summary>
    internal static class Closures
    {
        /// <summary>True when <paramref name="node"/> (inside <paramref name="body"/>) is part of a closure's code.</summary>
        public static bool Encloses(SyntaxNode node, SyntaxNode body)
        {
            SyntaxNode child = node;
            for (SyntaxNode? n = node.Parent; n != null && n != body; child = n, n = n.Parent)
            {
                switch (n)
                {
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                        return true;
                    // A query's source (the first from clause) and a join's inner sequence are evaluated where the query is.
                    case FromClauseSyntax from when child == from.Expression && from.Parent is QueryExpressionSyntax:
                    case JoinClauseSyntax join when child == join.InExpression:
                        continue;
                    case QueryClauseSyntax or SelectOrGroupClauseSyntax:
                        return true;
                }
            }
            return false;
        }
    }
}
