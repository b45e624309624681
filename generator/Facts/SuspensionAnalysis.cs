using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Facts
{
    /// <summary>
    /// Finds every suspension point of a method body with the semantic model, and which syntax nodes contain one
    /// (the "suspending spine" that must be lowered; everything else is copied as written).
    /// </summary>
    internal sealed class SuspensionAnalysis
    {
        private readonly Dictionary<SyntaxNode, SuspensionKind> _points = new();
        private readonly HashSet<SyntaxNode> _spine = new();
        private readonly Dictionary<SyntaxNode, IMethodSymbol> _methods = new();

        public SuspensionAnalysis(SemanticModel model, KnownSymbols known, SyntaxNode body, CancellationToken ct)
        {
            foreach (SyntaxNode node in body.DescendantNodesAndSelf())
            {
                ct.ThrowIfCancellationRequested();
                IMethodSymbol? invoked = null;
                SuspensionKind kind = node switch
                {
                    InvocationExpressionSyntax inv => Classify(model, known, inv, ct, out invoked),
                    ForEachStatementSyntax fe => ClassifyForEach(model, known, fe, ct),
                    ForEachVariableStatementSyntax fev => ClassifyForEach(model, known, fev, ct),
                    _ => SuspensionKind.None,
                };
                if (kind == SuspensionKind.None) continue;
                // In a lambda, local function or query clause nothing can suspend: a [Tasklet] method is called there
                // as ordinary code (analyzer TSK116 says so); Send, Receive… there remain TSK007.
                if (kind == SuspensionKind.TaskletCall && Closures.Encloses(node, body)) continue;
                _points[node] = kind;
                if (invoked != null) _methods[node] = invoked; // the lowering needs the symbol again: no second query
                for (SyntaxNode? n = node; n != null; n = n.Parent)
                {
                    if (!_spine.Add(n)) break;
                    if (n == body) break;
                }
            }
        }

        public IEnumerable<KeyValuePair<SyntaxNode, SuspensionKind>> Points => _points;

        public bool HasAny => _points.Count > 0;

        /// <summary>True if <paramref name="node"/> is or contains a suspension point.</summary>
        public bool Contains(SyntaxNode? node) => node != null && _spine.Contains(node);

        public SuspensionKind KindOf(SyntaxNode node) => _points.TryGetValue(node, out SuspensionKind k) ? k : SuspensionKind.None;

        /// <summary>The method a suspending call invokes, as the analysis bound it.</summary>
        public IMethodSymbol MethodOf(InvocationExpressionSyntax suspendingCall) => _methods[suspendingCall];

        private static SuspensionKind ClassifyForEach(SemanticModel model, KnownSymbols known, CommonForEachStatementSyntax fe, CancellationToken ct)
        {
            ForEachStatementInfo info = model.GetForEachStatementInfo(fe);
            return known.IsDeclaredForEach(info.GetEnumeratorMethod) ? SuspensionKind.DeclaredForEach : SuspensionKind.None;
        }

        public static SuspensionKind Classify(SemanticModel model, KnownSymbols known, InvocationExpressionSyntax inv, CancellationToken ct) =>
            Classify(model, known, inv, ct, out _);

        private static SuspensionKind Classify(SemanticModel model, KnownSymbols known, InvocationExpressionSyntax inv, CancellationToken ct, out IMethodSymbol? invoked)
        {
            invoked = model.GetSymbolInfo(inv, ct).Symbol as IMethodSymbol;
            if (invoked is not IMethodSymbol method) return SuspensionKind.None;
            if (known.IsDeclaredSuspensionPoint(method)) return SuspensionKind.Declared;
            // A [Tasklet] method refused before lowering has no frame factory: calling it is an ordinary call.
            return known.IsTaskletMethod(method) && HeaderRefusals.HasFactory(method, known, model.Compilation) ? SuspensionKind.TaskletCall : SuspensionKind.None;
        }
    }
}
