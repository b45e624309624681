using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Lowering
{
    // Which locals become frame fields. Every local declared on the flattened spine is hoisted (its scope is
    // flattened with its siblings and the dispatch jumps over its declaration); locals declared inside statements
    // that are copied whole stay ordinary locals. Names come from symbols, so sibling scopes never collide.
    internal sealed partial class FrameLowerer
    {
        private readonly HashSet<ISymbol> _realLocals = new(SymbolEqualityComparer.Default);

        private void AnalyzeLocals()
        {
            var declared = new List<(SyntaxNode Node, ILocalSymbol Local)>();
            foreach (SyntaxNode node in _body.DescendantNodesAndSelf())
            {
                ISymbol? symbol = node switch
                {
                    VariableDeclaratorSyntax v => _model.GetDeclaredSymbol(v, _ct),
                    SingleVariableDesignationSyntax d => _model.GetDeclaredSymbol(d, _ct),
                    ForEachStatementSyntax f => _model.GetDeclaredSymbol(f, _ct),
                    CatchDeclarationSyntax c when c.Identifier.RawKind != 0 && c.Identifier.Text.Length > 0 => _model.GetDeclaredSymbol(c, _ct),
                    _ => null,
                };
                if (symbol is ILocalSymbol local) declared.Add((node, local));
            }

            HashSet<ISymbol> captured = CapturedVariables();

            foreach ((SyntaxNode node, ILocalSymbol local) in declared)
            {
                if (InsideLambda(node)) continue;
                if (local.IsConst)
                {
                    if (node.Parent?.Parent is LocalDeclarationStatementSyntax decl && !IsInsideVerbatimNested(node))
                        HoistConst(local, (VariableDeclaratorSyntax)node, decl);
                    continue;
                }
                if (!IsHoisted(node)) continue;

                bool unstorable = local.IsRef || local.Type.IsRefLikeType || local.Type.TypeKind == TypeKind.Pointer || local.Type.TypeKind == TypeKind.FunctionPointer;
                if (unstorable)
                {
                    // A ref-like local may stay a real local when nothing can suspend after its declaration within its scope.
                    if (SuspendsLaterInScope(node))
                        throw new LoweringException(DiagnosticDescriptors.RefLikeAcrossSuspension, node, local.Name,
                            local.IsRef ? "a ref local" : FrameNaming.Type(local.Type));
                    _names[local] = AllocateName(local.Name, unique: true); // declared in the flattened scope (LocalNaming)
                    _realLocals.Add(local);
                    continue;
                }
                CheckStorable(local.Type, node, local.Name);
                if (captured.Contains(local) && DeclaredInSuspendingLoop(node))
                {
                    // C# gives each iteration its own variable, and a closure captures that one. The frame keeps a fresh
                    // box per iteration in the field, and each lambda (or local function turned into a delegate) captures
                    // the box of its iteration. Declarations start the fresh box: statements through DeclareText,
                    // pattern variables through PatternTest (`__Set(out field, new StrongBox<T>(__pN))`), out vars and
                    // deconstructions through DesignationAsTarget (`(field = new StrongBox<T>()).Value`).
                    if (!EscapingCaptures().Contains(local)) goto plainField; // local functions called in place see the current iteration's field
                    bool boxable = node is ForEachStatementSyntax
                        || (node is VariableDeclaratorSyntax && node.Parent?.Parent is LocalDeclarationStatementSyntax) // using declarations too (LowerUsingDeclaration)
                        || (node is VariableDeclaratorSyntax && node.Parent?.Parent is UsingStatementSyntax) // a fresh box per execution of the using (LowerUsing)
                        || node is SingleVariableDesignationSyntax
                        || node is CatchDeclarationSyntax // assigned once per catch (ExceptionHandlerLowering)
                        || (node is VariableDeclaratorSyntax && node.Parent?.Parent is ForStatementSyntax); // once per execution of the for (LowerFor)
                    if (!boxable)
                        throw new LoweringException(DiagnosticDescriptors.NotSupported, node, "A using variable '" + local.Name + "' captured by a closure, declared in a loop that suspends",
                            "every iteration would share one frame field; copy the value into a local declared inside the using's block and capture that");
                    string boxField = AllocateName(local.Name);
                    _names[local] = boxField;
                    _fieldLocals.Add(local);
                    _boxed.Add(local);
                    if (ContainsAnonymousType(local.Type))
                    {
                        // The field already holds a box: a fresh one per iteration is the new variable.
                        if (node is SingleVariableDesignationSyntax or CatchDeclarationSyntax)
                            throw new LoweringException(DiagnosticDescriptors.NotSupported, node, "A pattern variable of anonymous type captured by a lambda in a loop that suspends",
                                "declare it with 'var' in a statement of its own");
                        _anonAccess[local] = AnonField(FrameNaming.Escape(boxField), local.Type, "one box per iteration (captured by a lambda)");
                        continue;
                    }
                    FieldLines.Add(FieldAccess(local.Type) + " " + BoxType(local) + " " + FrameNaming.Escape(boxField) + " = default!; // one box per iteration (captured by a closure)");
                    continue;
                }
            plainField:
                string field = AllocateName(local.Name);
                _names[local] = field;
                _fieldLocals.Add(local);
                if (ContainsAnonymousType(local.Type))
                {
                    _anonAccess[local] = AnonField(FrameNaming.Escape(field), local.Type);
                    continue;
                }
                FieldLines.Add(FieldAccess(local.Type) + " " + FrameNaming.Type(local.Type) + " " + FrameNaming.Escape(field) + " = default!;");
            }
        }

        private readonly HashSet<ISymbol> _boxed = new(SymbolEqualityComparer.Default);

        private static string BoxType(ILocalSymbol local) => "global::System.Runtime.CompilerServices.StrongBox<" + FrameNaming.Type(local.Type) + ">";

        /// <summary>The statement that starts a fresh per-iteration variable: a new box, or a plain assignment.</summary>
        private string DeclareText(ILocalSymbol local, string? value)
        {
            string name = FrameNaming.Escape(_names[local]);
            if (_anonAccess.TryGetValue(local, out string? access))
            {
                if (_boxed.Contains(local)) access = AnonFreshAccess(name, local.Type);
                return value is null ? access.Substring(0, access.Length - ".Value".Length) + ";" : access + " = " + value + ";";
            }
            if (_boxed.Contains(local)) return name + " = new " + BoxType(local) + "(" + (value ?? "") + ");";
            return name + " = " + value + ";";
        }

        private HashSet<ISymbol>? _escapingCaptures;

        /// <summary>
        /// Locals a closure that may outlive the statement refers to: lambdas, and local functions turned into
        /// delegates, including through the local functions they call.
        /// </summary>
        private HashSet<ISymbol> EscapingCaptures()
        {
            if (_escapingCaptures != null) return _escapingCaptures;
            var result = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (SyntaxNode n in _body.DescendantNodes())
            {
                if (n is AnonymousFunctionExpressionSyntax) result.UnionWith(ReferencedLocals(n));
                else if (n is SimpleNameSyntax name && IsLocalFunctionAsValue(name) && LocalFunctionDeclaration(name) is LocalFunctionStatementSyntax f)
                    result.UnionWith(ReferencedLocals(f));
            }
            return _escapingCaptures = result;
        }

        private readonly Dictionary<SyntaxNode, HashSet<ISymbol>> _referencedLocals = new();

        /// <summary>The locals a lambda or local function refers to, directly or through the local functions it calls.</summary>
        private HashSet<ISymbol> ReferencedLocals(SyntaxNode function)
        {
            if (_referencedLocals.TryGetValue(function, out HashSet<ISymbol>? done)) return done;
            var result = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            _referencedLocals[function] = result; // recursion between local functions ends here
            foreach (SimpleNameSyntax name in function.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                ISymbol? symbol = _model.GetSymbolInfo(name, _ct).Symbol;
                if (symbol is ILocalSymbol) result.Add(symbol);
                else if (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } && LocalFunctionDeclaration(name) is LocalFunctionStatementSyntax f && f != function)
                    result.UnionWith(ReferencedLocals(f));
            }
            return result;
        }

        /// <summary>A local function name used other than as the callee of a call or inside nameof: a method group conversion.</summary>
        private bool IsLocalFunctionAsValue(SimpleNameSyntax name)
        {
            if (name.Parent is InvocationExpressionSyntax inv && inv.Expression == name) return false;
            if (name.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "nameof" } } }) return false;
            return _model.GetSymbolInfo(name, _ct).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction };
        }

        private LocalFunctionStatementSyntax? LocalFunctionDeclaration(SimpleNameSyntax name) =>
            _model.GetSymbolInfo(name, _ct).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } f
                ? LocalFunctionDeclaration(f)
                : null;

        private LocalFunctionStatementSyntax? LocalFunctionDeclaration(IMethodSymbol f)
        {
            foreach (SyntaxReference r in f.OriginalDefinition.DeclaringSyntaxReferences)
                if (r.SyntaxTree == _body.SyntaxTree && r.GetSyntax(_ct) is LocalFunctionStatementSyntax decl && _body.Span.Contains(decl.Span)) return decl;
            return null;
        }

        private readonly Dictionary<SyntaxNode, List<ILocalSymbol>> _boxesNeeded = new();

        /// <summary>The per-iteration boxes a lambda or local function captures (directly or through local functions it calls), in declaration order.</summary>
        private List<ILocalSymbol> BoxesNeeded(SyntaxNode function)
        {
            if (_boxesNeeded.TryGetValue(function, out List<ILocalSymbol>? done)) return done;
            List<ILocalSymbol> result = _boxed.Count == 0
                ? new List<ILocalSymbol>()
                : ReferencedLocals(function).Where(_boxed.Contains).Cast<ILocalSymbol>()
                    .OrderBy(l => l.Locations.Length > 0 ? l.Locations[0].SourceSpan.Start : 0).ThenBy(l => l.Name, System.StringComparer.Ordinal).ToList();
            _boxesNeeded[function] = result;
            return result;
        }

        private void HoistConst(ILocalSymbol local, VariableDeclaratorSyntax declarator, LocalDeclarationStatementSyntax decl)
        {
            string name = AllocateName(local.Name, unique: true); // declared at the top of MoveNext (LocalNaming)
            _names[local] = name;
            _realLocals.Add(local);
            string init = declarator.Initializer is null ? "default" : Text(declarator.Initializer.Value);
            _constLines.Add("const " + FrameNaming.Type(local.Type) + " " + FrameNaming.Escape(name) + " = " + init + ";");
        }

        private HashSet<ISymbol> CapturedVariables()
        {
            var result = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            if (!_body.DescendantNodes().Any(n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)) return result;
            DataFlowAnalysis? flow = null;
            if (_body is BlockSyntax b && b.Statements.Count > 0) flow = _model.AnalyzeDataFlow(b.Statements.First(), b.Statements.Last());
            else if (_body is ArrowExpressionClauseSyntax a) flow = _model.AnalyzeDataFlow(a.Expression);
            if (flow != null && flow.Succeeded)
                foreach (ISymbol s in flow.Captured) result.Add(s);
            return result;
        }

        private bool DeclaredInSuspendingLoop(SyntaxNode declaration)
        {
            if (declaration is CommonForEachStatementSyntax && _sa.Contains(declaration)) return true; // one variable per iteration
            for (SyntaxNode? n = declaration.Parent; n != null && n != _body; n = n.Parent)
            {
                if (n is WhileStatementSyntax or DoStatementSyntax or CommonForEachStatementSyntax && _sa.Contains(n)) return true;
                if (n is ForStatementSyntax f && _sa.Contains(n) && !(f.Declaration?.Variables.Contains(declaration) ?? false)) return true;
            }
            return false;
        }

        private bool InsideLambda(SyntaxNode node)
        {
            for (SyntaxNode? n = node.Parent; n != null && n != _body; n = n.Parent)
                if (n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax) return true;
            return false;
        }

        /// <summary>The outermost statement (or catch/finally clause) around <paramref name="node"/> that is copied whole, or null.</summary>
        private SyntaxNode? VerbatimRoot(SyntaxNode node)
        {
            SyntaxNode? root = null;
            for (SyntaxNode? n = node; n != null && n != _body; n = n.Parent)
            {
                if (_sa.Contains(n)) break;
                if (n is StatementSyntax) root = n;
                else if (n is CatchClauseSyntax cc && cc.Parent is TryStatementSyntax t && !t.Catches.Any(c => _sa.Contains(c))) root = n;
                else if (n is FinallyClauseSyntax) root = n;
                else if (n is SwitchExpressionArmSyntax arm && arm.Parent is SwitchExpressionSyntax sw && !sw.Arms.Any(a => _sa.Contains(a))) root = n;
            }
            return root;
        }

        private bool IsInsideVerbatimNested(SyntaxNode node)
        {
            SyntaxNode? root = VerbatimRoot(node);
            if (root is null) return false;
            return !(root is LocalDeclarationStatementSyntax && node.Parent?.Parent == root);
        }

        private bool IsHoisted(SyntaxNode declaration)
        {
            SyntaxNode? root = VerbatimRoot(declaration);
            if (root is null) return !InsideQuery(declaration); // declared on the lowered spine (a query is copied whole)
            if (root is IfStatementSyntax ifs)
            {
                // Variables declared in an if condition are in scope in the enclosing block (out var, patterns).
                return ifs.Condition.Span.Contains(declaration.Span) && !InsideLambda(declaration) && !ScopedInsideExpression(declaration, ifs);
            }
            if (root is LocalDeclarationStatementSyntax or ExpressionStatementSyntax or ReturnStatementSyntax or ThrowStatementSyntax)
            {
                // Only declarations in the statement itself leak into the flattened scope; ones nested in lambdas were skipped.
                for (SyntaxNode? n = declaration.Parent; n != null && n != root; n = n.Parent)
                    if (n is StatementSyntax) return false;
                return !ScopedInsideExpression(declaration, root);
            }
            return false;
        }

        private bool InsideQuery(SyntaxNode node)
        {
            for (SyntaxNode? n = node.Parent; n != null && n != _body; n = n.Parent)
                if (n is QueryExpressionSyntax) return true;
            return false;
        }

        /// <summary>
        /// A variable whose scope is a part of an expression copied whole: a switch expression arm (its pattern, guard
        /// and value) or a query clause. It never outlives the copy, so it stays a local of the copied text.
        /// </summary>
        private static bool ScopedInsideExpression(SyntaxNode declaration, SyntaxNode root)
        {
            for (SyntaxNode? n = declaration.Parent; n != null && n != root; n = n.Parent)
                if (n is SwitchExpressionArmSyntax or QueryClauseSyntax or SelectOrGroupClauseSyntax or QueryContinuationSyntax) return true;
            return false;
        }

        private bool SuspendsLaterInScope(SyntaxNode declaration)
        {
            SyntaxNode? scope = declaration.Parent;
            while (scope != null && scope is not BlockSyntax && scope is not SwitchSectionSyntax && scope != _body) scope = scope.Parent;
            if (scope is null) return true;
            int start = declaration.SpanStart;
            foreach (KeyValuePair<SyntaxNode, SuspensionKind> p in _sa.Points)
                if (p.Key.SpanStart > start && scope.Span.Contains(p.Key.Span)) return true;
            // A loop around the declaration that suspends would also carry it across.
            for (SyntaxNode? n = scope; n != null && n != _body; n = n.Parent)
                if (n is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax && _sa.Contains(n)) return true;
            return false;
        }
    }
}
