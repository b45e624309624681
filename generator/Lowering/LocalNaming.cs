using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Lowering
{
    // Names of the user's locals that stay locals in the frame (declared in copied code, in lambdas, or as ref-like
    // and const locals and local functions of the flattened spine). Hoisted locals are frame fields (LocalHoisting);
    // everything else is renamed here, by symbol, when its name could hide or capture a frame-level name:
    //  - a local of copied code keeps its own scope, where the user could not name another local the same, so only
    //    frame members (State, Return, …) and generated names (__t1, __call1, __result, __this, …) can clash with it;
    //  - a declaration emitted straight into the flattened scope (ref-like or const local, local function) now
    //    encloses every other scope of the method, so it takes a name no other local of the method has.
    // BodyRewriter applies the names to declarations and references alike.
    internal sealed partial class FrameLowerer
    {
        /// <summary>Renamed locals, parameters of lambdas and local functions, local functions and range variables.</summary>
        private readonly Dictionary<ISymbol, string> _localNames = new(SymbolEqualityComparer.Default);

        private HashSet<string>? _bodyIdentifiers;
        private Dictionary<string, int>? _declaredNames;
        private List<(SyntaxNode Node, ISymbol Symbol)>? _localDeclarations;

        /// <summary>Every identifier the user's method spells: a fresh name avoids all of them.</summary>
        private HashSet<string> BodyIdentifiers
        {
            get
            {
                if (_bodyIdentifiers != null) return _bodyIdentifiers;
                var result = new HashSet<string>(StringComparer.Ordinal);
                foreach (SyntaxToken t in _body.DescendantTokens())
                    if (t.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken)) result.Add(t.ValueText);
                return _bodyIdentifiers = result;
            }
        }

        /// <summary>How many local-like symbols of the method (locals, local functions, lambda parameters, range variables) are called <paramref name="name"/>.</summary>
        private int DeclaredNameCount(string name)
        {
            if (_declaredNames == null)
            {
                _declaredNames = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach ((SyntaxNode _, ISymbol symbol) in LocalDeclarations())
                    _declaredNames[symbol.Name] = _declaredNames.TryGetValue(symbol.Name, out int n) ? n + 1 : 1;
            }
            return _declaredNames.TryGetValue(name, out int count) ? count : 0;
        }

        /// <summary>Every declaration of a local-like symbol in the body, lambdas included, in source order.</summary>
        private List<(SyntaxNode Node, ISymbol Symbol)> LocalDeclarations()
        {
            if (_localDeclarations != null) return _localDeclarations;
            var result = new List<(SyntaxNode, ISymbol)>();
            var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (SyntaxNode node in _body.DescendantNodesAndSelf())
            {
                ISymbol? symbol = node switch
                {
                    VariableDeclaratorSyntax v => _model.GetDeclaredSymbol(v, _ct),
                    SingleVariableDesignationSyntax d => _model.GetDeclaredSymbol(d, _ct),
                    ForEachStatementSyntax f => _model.GetDeclaredSymbol(f, _ct),
                    CatchDeclarationSyntax c when c.Identifier.ValueText.Length > 0 => _model.GetDeclaredSymbol(c, _ct),
                    ParameterSyntax p => _model.GetDeclaredSymbol(p, _ct),
                    LocalFunctionStatementSyntax f => _model.GetDeclaredSymbol(f, _ct),
                    QueryClauseSyntax or QueryContinuationSyntax or JoinIntoClauseSyntax => _model.GetDeclaredSymbol(node, _ct),
                    _ => null,
                };
                if (symbol is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol or IMethodSymbol { MethodKind: MethodKind.LocalFunction }
                    && symbol.Name.Length > 0 && seen.Add(symbol))
                    result.Add((node, symbol));
            }
            return _localDeclarations = result;
        }

        /// <summary>Runs after hoisting: every field name is known.</summary>
        private void NameRemainingLocals()
        {
            NameLabels();
            foreach ((SyntaxNode node, ISymbol symbol) in LocalDeclarations())
            {
                if (_names.ContainsKey(symbol)) continue; // a frame field, or a flattened local named by LocalHoisting
                if (symbol is IParameterSymbol { IsDiscard: true } || symbol.Name == "_") continue;
                bool flattened = node is LocalFunctionStatementSyntax f && !InsideLambda(f) && VerbatimRoot(f) == f;
                if (flattened) _localNames[symbol] = AllocateName(symbol.Name, unique: true);
                else if (_reserved.Contains(symbol.Name) || symbol.Name.StartsWith("__", StringComparison.Ordinal)) _localNames[symbol] = AllocateName(symbol.Name);
            }
        }

        /// <summary>User labels renamed: a name generated labels use (<c>__…</c>), or one a sibling block's label has too.</summary>
        private readonly Dictionary<LabeledStatementSyntax, string> _labelNames = new();

        /// <summary>
        /// The lowering puts labels of sibling blocks into one scope (CS0140) or copied blocks inside it (CS0158): each
        /// label of the method body (lambdas have their own) gets a name of its own.
        /// </summary>
        private void NameLabels()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (SyntaxNode node in _body.DescendantNodes())
                if (node is LabeledStatementSyntax l && !InsideLambda(l)) taken.Add(l.Identifier.ValueText);
            foreach (SyntaxNode node in _body.DescendantNodes())
            {
                if (node is not LabeledStatementSyntax labeled || InsideLambda(labeled)) continue;
                string name = labeled.Identifier.ValueText;
                if (!name.StartsWith("__", StringComparison.Ordinal) && seen.Add(name)) continue;
                string stem = name.TrimStart('_');
                if (stem.Length == 0) stem = "L";
                string candidate;
                int i = 2;
                do candidate = stem + "_" + (i++).ToString(System.Globalization.CultureInfo.InvariantCulture);
                while (taken.Contains(candidate) || BodyIdentifiers.Contains(candidate));
                taken.Add(candidate);
                _labelNames[labeled] = candidate;
            }
        }

        /// <summary>The label statement a <c>goto label;</c> jumps to (by symbol), or null.</summary>
        private LabeledStatementSyntax? LabelOf(GotoStatementSyntax jump)
        {
            if (jump.Expression is null || _model.GetSymbolInfo(jump.Expression, _ct).Symbol is not ILabelSymbol label) return null;
            foreach (SyntaxReference r in label.DeclaringSyntaxReferences)
                if (r.SyntaxTree == _body.SyntaxTree && r.GetSyntax(_ct) is LabeledStatementSyntax l && _body.Span.Contains(l.Span)) return l;
            return null;
        }

        /// <summary>A user label as the frame spells it.</summary>
        private string LabelText(LabeledStatementSyntax label) =>
            FrameNaming.Escape(_labelNames.TryGetValue(label, out string? name) ? name : label.Identifier.ValueText);

        /// <summary>The renamed target of a goto, or null when it keeps the user's name.</summary>
        private string? LabelName(GotoStatementSyntax jump) =>
            _labelNames.Count > 0 && LabelOf(jump) is LabeledStatementSyntax l && _labelNames.TryGetValue(l, out string? name) ? name : null;

        /// <summary>The name a local that stays a local has in the frame, when it is not the user's.</summary>
        private string? LocalName(ISymbol? symbol)
        {
            if (symbol is null || _localNames.Count == 0) return null;
            symbol = symbol switch
            {
                IMethodSymbol m => m.OriginalDefinition,
                // A named argument of a call of a generic local function names the constructed method's parameter.
                IParameterSymbol { ContainingSymbol: IMethodSymbol { IsDefinition: false } m } p when p.Ordinal < m.OriginalDefinition.Parameters.Length
                    => m.OriginalDefinition.Parameters[p.Ordinal],
                _ => symbol,
            };
            return _localNames.TryGetValue(symbol, out string? name) ? name : null;
        }
    }
}
