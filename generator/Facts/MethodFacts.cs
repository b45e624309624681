using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Facts
{
    /// <summary>
    /// What every pass over one [Tasklet] method reads and none changes: its symbol and body, the semantic model, the
    /// runtime's known symbols and the suspension points. Derived facts (declarations, closures and what they
    /// reference) are pure functions of the syntax and the model, computed once on first use.
    /// </summary>
    internal sealed class MethodFacts
    {
        public MethodFacts(SemanticModel model, KnownSymbols known, IMethodSymbol method, SyntaxNode body, CancellationToken ct)
        {
            Model = model;
            Known = known;
            Method = method;
            Body = body;
            Ct = ct;
            Analysis = new SuspensionAnalysis(model, known, body, ct); // binds the body
        }

        public SemanticModel Model { get; }
        public KnownSymbols Known { get; }
        public IMethodSymbol Method { get; }
        /// <summary>The method's block or expression body.</summary>
        public SyntaxNode Body { get; }
        public SuspensionAnalysis Analysis { get; }
        public CancellationToken Ct { get; }

        private HashSet<string>? _bodyIdentifiers;
        private List<(SyntaxNode Node, ISymbol Symbol)>? _localDeclarations;
        private readonly Dictionary<SyntaxNode, HashSet<ISymbol>> _referencedLocals = new();

        /// <summary>True when <paramref name="node"/> is inside a lambda, anonymous method or local function of the body.</summary>
        public bool InsideLambda(SyntaxNode node)
        {
            for (SyntaxNode? n = node.Parent; n != null && n != Body; n = n.Parent)
                if (n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax) return true;
            return false;
        }

        /// <summary>True when <paramref name="node"/> is inside a query expression of the body.</summary>
        public bool InsideQuery(SyntaxNode node)
        {
            for (SyntaxNode? n = node.Parent; n != null && n != Body; n = n.Parent)
                if (n is QueryExpressionSyntax) return true;
            return false;
        }

        /// <summary>Every identifier the user's method spells: a fresh name avoids all of them.</summary>
        public HashSet<string> BodyIdentifiers
        {
            get
            {
                if (_bodyIdentifiers != null) return _bodyIdentifiers;
                var result = new HashSet<string>(StringComparer.Ordinal);
                foreach (SyntaxToken t in Body.DescendantTokens())
                    if (t.IsKind(SyntaxKind.IdentifierToken)) result.Add(t.ValueText);
                return _bodyIdentifiers = result;
            }
        }

        /// <summary>
        /// Every declaration of a local-like symbol in the body (locals, local functions, parameters of lambdas and
        /// local functions, range variables), lambdas included, in source order.
        /// </summary>
        public IReadOnlyList<(SyntaxNode Node, ISymbol Symbol)> LocalDeclarations()
        {
            if (_localDeclarations != null) return _localDeclarations;
            var result = new List<(SyntaxNode, ISymbol)>();
            var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (SyntaxNode node in Body.DescendantNodesAndSelf())
            {
                ISymbol? symbol = node switch
                {
                    VariableDeclaratorSyntax v => Model.GetDeclaredSymbol(v, Ct),
                    SingleVariableDesignationSyntax d => Model.GetDeclaredSymbol(d, Ct),
                    ForEachStatementSyntax f => Model.GetDeclaredSymbol(f, Ct),
                    CatchDeclarationSyntax c when c.Identifier.ValueText.Length > 0 => Model.GetDeclaredSymbol(c, Ct),
                    ParameterSyntax p => Model.GetDeclaredSymbol(p, Ct),
                    LocalFunctionStatementSyntax f => Model.GetDeclaredSymbol(f, Ct),
                    QueryClauseSyntax or QueryContinuationSyntax or JoinIntoClauseSyntax => Model.GetDeclaredSymbol(node, Ct),
                    _ => null,
                };
                if (symbol is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol or IMethodSymbol { MethodKind: MethodKind.LocalFunction }
                    && symbol.Name.Length > 0 && seen.Add(symbol))
                    result.Add((node, symbol));
            }
            return _localDeclarations = result;
        }

        /// <summary>The declaration of local function <paramref name="f"/> in the body, or null.</summary>
        public LocalFunctionStatementSyntax? LocalFunctionDeclaration(IMethodSymbol f)
        {
            foreach (SyntaxReference r in f.OriginalDefinition.DeclaringSyntaxReferences)
                if (r.SyntaxTree == Body.SyntaxTree && r.GetSyntax(Ct) is LocalFunctionStatementSyntax decl && Body.Span.Contains(decl.Span)) return decl;
            return null;
        }

        /// <summary>The declaration of the local function <paramref name="name"/> refers to, or null.</summary>
        public LocalFunctionStatementSyntax? LocalFunctionDeclaration(SimpleNameSyntax name) =>
            Model.GetSymbolInfo(name, Ct).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } f
                ? LocalFunctionDeclaration(f)
                : null;

        /// <summary>A local function name used other than as the callee of a call or inside nameof: a method group conversion.</summary>
        public bool IsLocalFunctionAsValue(SimpleNameSyntax name)
        {
            if (name.Parent is InvocationExpressionSyntax inv && inv.Expression == name) return false;
            if (name.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "nameof" } } }) return false;
            return Model.GetSymbolInfo(name, Ct).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction };
        }

        /// <summary>The locals a lambda or local function refers to, directly or through the local functions it calls.</summary>
        public HashSet<ISymbol> ReferencedLocals(SyntaxNode function)
        {
            if (_referencedLocals.TryGetValue(function, out HashSet<ISymbol>? done)) return done;
            var result = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            _referencedLocals[function] = result; // recursion between local functions ends here
            foreach (SimpleNameSyntax name in function.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                ISymbol? symbol = Model.GetSymbolInfo(name, Ct).Symbol;
                if (symbol is ILocalSymbol) result.Add(symbol);
                else if (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } && LocalFunctionDeclaration(name) is LocalFunctionStatementSyntax f && f != function)
                    result.UnionWith(ReferencedLocals(f));
            }
            return result;
        }

        private HashSet<ISymbol>? _captured;

        /// <summary>The variables lambdas and local functions of the body capture (empty when it has none).</summary>
        public IEnumerable<ISymbol> CapturedVariables() => _captured ??= Captured();

        /// <summary>True when a lambda or local function of the body captures <paramref name="variable"/>.</summary>
        public bool IsCaptured(ISymbol variable) => (_captured ??= Captured()).Contains(variable);

        private HashSet<ISymbol>? _written;

        /// <summary>
        /// True when <paramref name="expression"/> names a by-value parameter of the method that nothing in the body assigns
        /// (nor passes by ref or out, nor captures): reading it again anywhere gives the value it had on entry.
        /// </summary>
        public bool IsUnwrittenParameter(ExpressionSyntax expression) =>
            expression is IdentifierNameSyntax
            && Model.GetSymbolInfo(expression, Ct).Symbol is IParameterSymbol { RefKind: RefKind.None } p
            && SymbolEqualityComparer.Default.Equals(p.ContainingSymbol, Method)
            && !IsCaptured(p)
            && (_written ??= Written()) is HashSet<ISymbol> written && !written.Contains(p);

        /// <summary>The variables the body writes (all of the method's parameters when the flow analysis fails: nothing is then known unwritten).</summary>
        private HashSet<ISymbol> Written()
        {
            var result = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            if (BodyFlow() is DataFlowAnalysis flow)
                result.UnionWith(flow.WrittenInside);
            else
                result.UnionWith(Method.Parameters);
            return result;
        }

        private HashSet<ISymbol> Captured()
        {
            var result = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            if (!Body.DescendantNodes().Any(n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)) return result;
            if (BodyFlow() is DataFlowAnalysis flow)
                result.UnionWith(flow.Captured);
            return result;
        }

        private DataFlowAnalysis? _bodyFlow;
        private bool _bodyFlowDone;

        /// <summary>Roslyn's data flow over the whole body, analysed once for <see cref="Captured"/> and <see cref="Written"/>; null when it failed or the body is empty.</summary>
        private DataFlowAnalysis? BodyFlow()
        {
            if (!_bodyFlowDone)
            {
                _bodyFlowDone = true;
                DataFlowAnalysis? flow = Body switch
                {
                    BlockSyntax { Statements.Count: > 0 } b => Model.AnalyzeDataFlow(b.Statements.First(), b.Statements.Last()),
                    ArrowExpressionClauseSyntax a => Model.AnalyzeDataFlow(a.Expression),
                    _ => null,
                };
                _bodyFlow = flow is { Succeeded: true } ? flow : null;
            }
            return _bodyFlow;
        }
    }
}
