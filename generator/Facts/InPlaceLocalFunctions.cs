using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Facts
{
    /// <summary>
    /// The local functions of a <c>[Tasklet]</c> body that run only in place (issue 14): every use is a call (none is
    /// turned into a delegate), made from the body itself or from another such local function, never from a lambda,
    /// anonymous method or query, which may run later, outside any tasklet or on another thread; declared there too;
    /// not <c>async</c>, not an iterator (their bodies run when awaited or enumerated, maybe later), not <c>extern</c>.
    /// Such a function runs on the tasklet's stack while its frame runs, inside the frame's <c>MoveNext</c>, so its loops
    /// count their steps as the body's copied loops do.
    /// </summary>
    /// <remarks>
    /// One rule for the generator (which counts those loops) and the analyzer (TSK117 reports the loops of every other
    /// closure of a <c>[Tasklet]</c> method): the analyzer project compiles this file too.
    /// </remarks>
    internal static class InPlaceLocalFunctions
    {
        /// <summary>The local functions of <paramref name="body"/> that run only in place.</summary>
        public static HashSet<LocalFunctionStatementSyntax> Of(SyntaxNode body, SemanticModel model, CancellationToken ct)
        {
            // Soundness matters more than reach: a counted step reads the frame's scheduler without a test, valid only while
            // the frame runs. Any use this cannot place takes every function of its name out.
            var result = new HashSet<LocalFunctionStatementSyntax>();
            var declarations = new List<LocalFunctionStatementSyntax>();
            var names = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (SyntaxNode n in body.DescendantNodes())
            {
                if (n is not LocalFunctionStatementSyntax f) continue;
                declarations.Add(f);
                names.Add(f.Identifier.ValueText);
                if (RunsWhenCalled(f)) result.Add(f);
            }
            if (result.Count == 0) return result;

            // Each place a function is declared or called, with the local function that place is in (null: the body).
            var uses = new List<(LocalFunctionStatementSyntax Function, LocalFunctionStatementSyntax? In)>();
            foreach (LocalFunctionStatementSyntax f in declarations)
                Use(f, f.Parent!, body, result, uses);
            foreach (SyntaxNode n in body.DescendantNodes())
            {
                if (n is not SimpleNameSyntax name || !names.Contains(name.Identifier.ValueText)) continue;
                if (InsideNameOf(name)) continue; // binds to a method group with no symbol, and runs nothing
                SymbolInfo info = model.GetSymbolInfo(name, ct);
                if (info.Symbol is null && info.CandidateSymbols.IsEmpty) continue; // not bound: a label, a member of something else
                if (info.Symbol is not IMethodSymbol { MethodKind: MethodKind.LocalFunction } m || Declaration(m, ct) is not LocalFunctionStatementSyntax f || !declarations.Contains(f))
                {
                    if (info.Symbol is null) result.RemoveWhere(d => d.Identifier.ValueText == name.Identifier.ValueText);
                    continue;
                }
                if (name.Parent is InvocationExpressionSyntax call && call.Expression == name) Use(f, name, body, result, uses);
                else result.Remove(f); // a delegate (or an expression tree, a function pointer) made from it: it may run later
            }
            // A function used in one that may run later may run later too.
            for (bool changed = true; changed;)
            {
                changed = false;
                foreach ((LocalFunctionStatementSyntax f, LocalFunctionStatementSyntax? place) in uses)
                    if (place != null && !result.Contains(place) && result.Remove(f)) changed = true;
            }
            return result;
        }

        /// <summary>A use of <paramref name="f"/> at <paramref name="at"/>: none inside a lambda or query; one inside a local function, recorded.</summary>
        private static void Use(LocalFunctionStatementSyntax f, SyntaxNode at, SyntaxNode body, HashSet<LocalFunctionStatementSyntax> result,
            List<(LocalFunctionStatementSyntax, LocalFunctionStatementSyntax?)> uses)
        {
            for (SyntaxNode? n = at; n != null && n != body; n = n.Parent)
            {
                switch (n)
                {
                    case LocalFunctionStatementSyntax place:
                        uses.Add((f, place));
                        return;
                    case AnonymousFunctionExpressionSyntax or QueryExpressionSyntax:
                        result.Remove(f);
                        return;
                }
            }
        }

        private static LocalFunctionStatementSyntax? Declaration(IMethodSymbol f, CancellationToken ct)
        {
            foreach (SyntaxReference r in f.OriginalDefinition.DeclaringSyntaxReferences)
                if (r.GetSyntax(ct) is LocalFunctionStatementSyntax d) return d;
            return null;
        }

        /// <summary>False for a function whose body may run at another time than its call: async, an iterator, extern (no body).</summary>
        private static bool RunsWhenCalled(LocalFunctionStatementSyntax f)
        {
            if (f.Modifiers.Any(SyntaxKind.AsyncKeyword) || f.Modifiers.Any(SyntaxKind.ExternKeyword)) return false;
            SyntaxNode? body = (SyntaxNode?)f.Body ?? f.ExpressionBody;
            if (body is null) return false;
            return !body.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .Any(n => n is YieldStatementSyntax);
        }

        private static bool InsideNameOf(SyntaxNode node)
        {
            for (SyntaxNode? n = node.Parent; n is ExpressionSyntax or ArgumentSyntax or ArgumentListSyntax; n = n.Parent)
                if (n is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } }) return true;
            return false;
        }
    }
}
