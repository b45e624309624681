using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;
using Stackless.Generator.Model;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// The validation pass: the suspension points of a body (<see cref="SuspensionAnalysis"/>) in, one diagnostic for
    /// every point where a frame cannot suspend out (TSK005 lock, TSK006 catch filter, TSK007 lambda / local function /
    /// query, TSK004 fixed / unsafe, TSK010 a query's source), in source order. All of them are reported, not just the
    /// first; a body with any is not lowered.
    /// </summary>
    internal static class PlacementValidation
    {
        public static List<DiagnosticInfo> Check(SuspensionAnalysis analysis, SyntaxNode body)
        {
            var result = new List<DiagnosticInfo>();
            foreach (SyntaxNode point in analysis.Points.Select(p => p.Key).OrderBy(p => p.SpanStart))
                if (Problem(point, body) is DiagnosticInfo d) result.Add(d);
            return result;
        }

        /// <summary>The innermost construct around <paramref name="point"/> that cannot hold a suspension, as a diagnostic.</summary>
        private static DiagnosticInfo? Problem(SyntaxNode point, SyntaxNode body)
        {
            string text = Excerpt.Short(point is CommonForEachStatementSyntax fe ? "foreach over " + fe.Expression : point.ToString());
            for (SyntaxNode? n = point.Parent; n != null && n != body; n = n.Parent)
            {
                switch (n)
                {
                    case AnonymousFunctionExpressionSyntax:
                        return DiagnosticInfo.Create(DiagnosticDescriptors.SuspensionInLambda, point, text, "lambda");
                    case LocalFunctionStatementSyntax:
                        return DiagnosticInfo.Create(DiagnosticDescriptors.SuspensionInLambda, point, text, "local function");
                    case QueryExpressionSyntax query when Closures.Encloses(point, query):
                        return DiagnosticInfo.Create(DiagnosticDescriptors.SuspensionInLambda, point, text, "query expression");
                    case QueryExpressionSyntax:
                        // The query's source (first from clause, a join's sequence) runs where the query is: a closure
                        // further out decides; in the body itself, the lowering does not split a query.
                        if (!Closures.Encloses(point, body))
                            return DiagnosticInfo.Create(DiagnosticDescriptors.NotSupported, point, "A suspension point in a query's source ('" + text + "')",
                                "assign the sequence to a local before the query");
                        break;
                    case LockStatementSyntax:
                        return DiagnosticInfo.Create(DiagnosticDescriptors.SuspensionInLock, point, text);
                    case CatchFilterClauseSyntax:
                        return DiagnosticInfo.Create(DiagnosticDescriptors.SuspensionInFilter, point, text);
                    case FixedStatementSyntax:
                        return DiagnosticInfo.Create(DiagnosticDescriptors.RefLikeAcrossSuspension, point, text, "inside a fixed statement (a pinned pointer)");
                    case UnsafeStatementSyntax:
                        return DiagnosticInfo.Create(DiagnosticDescriptors.RefLikeAcrossSuspension, point, text, "inside an unsafe block");
                }
            }
            return null;
        }
    }
}
