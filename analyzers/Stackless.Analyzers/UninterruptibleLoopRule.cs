using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Stackless.Generator.Facts;

namespace Stackless.Analyzers
{
    /// <summary>
    /// TSK117: a loop (or a backward <c>goto</c>) of a <c>[Tasklet]</c> method that the watchdog cannot interrupt: inside
    /// a lambda, an anonymous method, or a local function that may run later (turned into a delegate, called from a
    /// lambda, async, an iterator). Such code runs as ordinary code whenever it is invoked, maybe outside any tasklet or
    /// on another thread, so the generator neither checks nor counts its steps. The loops of the body and of the local
    /// functions it only calls (<see cref="InPlaceLocalFunctions"/>, the generator's own rule) are checked or counted;
    /// a <c>[Tasklet(Preemptible = false)]</c> method asked for none.
    /// </summary>
    /// <remarks>Info by default: most such loops are short, and a budgeted run is opt-in; raise it where the watchdog matters.</remarks>
    internal static class UninterruptibleLoopRule
    {
        public static void Analyze(SyntaxNodeAnalysisContext context, StacklessSymbols stackless)
        {
            var declaration = (MethodDeclarationSyntax)context.Node;
            SyntaxNode? body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
            if (body is null || !HasClosure(body)) return;
            if (context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is not IMethodSymbol method
                || !stackless.IsTasklet(method) || !IsPreemptible(method, stackless))
                return;

            HashSet<LocalFunctionStatementSyntax>? inPlace = null;
            foreach (SyntaxNode node in body.DescendantNodes())
            {
                SyntaxToken at;
                switch (node)
                {
                    case WhileStatementSyntax w: at = w.WhileKeyword; break;
                    case DoStatementSyntax d: at = d.DoKeyword; break;
                    case ForStatementSyntax f: at = f.ForKeyword; break;
                    case CommonForEachStatementSyntax f: at = f.ForEachKeyword; break;
                    case GotoStatementSyntax g: at = g.GotoKeyword; break;
                    default: continue;
                }
                if (Closure(node, body) is not SyntaxNode closure) continue; // the body's own: checked or counted
                if (closure is LocalFunctionStatementSyntax function
                    && (inPlace ??= InPlaceLocalFunctions.Of(body, context.SemanticModel, context.CancellationToken)).Contains(function))
                    continue;
                if (node is GotoStatementSyntax jump && !BackwardJumps.IsBackward(jump, context.SemanticModel, context.CancellationToken)) continue;
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.UninterruptibleLoop, at.GetLocation(), Describe(closure)));
            }
        }

        private static bool HasClosure(SyntaxNode body)
        {
            foreach (SyntaxNode n in body.DescendantNodes())
                if (n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax) return true;
            return false;
        }

        /// <summary>The innermost lambda, anonymous method, local function or query around <paramref name="node"/>, or null.</summary>
        private static SyntaxNode? Closure(SyntaxNode node, SyntaxNode body)
        {
            for (SyntaxNode? n = node.Parent; n != null && n != body; n = n.Parent)
                if (n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or QueryExpressionSyntax) return n;
            return null;
        }

        private static string Describe(SyntaxNode closure) => closure switch
        {
            AnonymousMethodExpressionSyntax => "an anonymous method",
            AnonymousFunctionExpressionSyntax => "a lambda",
            LocalFunctionStatementSyntax f => "local function '" + f.Identifier.ValueText + "' (made a delegate, called from a lambda, async or an iterator)",
            _ => "a query",
        };

        /// <summary>False for <c>[Tasklet(Preemptible = false)]</c>.</summary>
        private static bool IsPreemptible(IMethodSymbol method, StacklessSymbols stackless)
        {
            foreach (AttributeData a in method.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(a.AttributeClass, stackless.TaskletAttribute)) continue;
                foreach (KeyValuePair<string, TypedConstant> arg in a.NamedArguments)
                    if (arg.Key == "Preemptible" && arg.Value.Value is bool b) return b;
            }
            return true;
        }
    }
}
