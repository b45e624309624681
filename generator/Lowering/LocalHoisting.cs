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
                    _names[local] = AllocateName(local.Name);
                    _realLocals.Add(local);
                    continue;
                }
                CheckStorable(local.Type, node, local.Name);
                if (captured.Contains(local) && DeclaredInSuspendingLoop(node))
                {
                    // C# gives each iteration its own variable, and lambdas capture that one. The frame keeps a fresh
                    // box per iteration in the field, and each lambda captures the box it was created with.
                    // Pattern variables are bound through PatternTest (`__Set(out field, new StrongBox<T>(__pN))`) and catch
                    // variables by one assignment; out vars and deconstructions assign the field directly (no fresh box).
                    bool boxable = node is ForEachStatementSyntax
                        || (node is VariableDeclaratorSyntax && node.Parent?.Parent is LocalDeclarationStatementSyntax)
                        || (node is SingleVariableDesignationSyntax && node.Parent is DeclarationPatternSyntax or VarPatternSyntax)
                        || node is CatchDeclarationSyntax // assigned once per catch (ExceptionHandlerLowering)
                        || (node is VariableDeclaratorSyntax && node.Parent?.Parent is ForStatementSyntax); // once per execution of the for (LowerFor)
                    if (EscapingLocalFunctionCaptures(local) || (!boxable && CapturedByLambda(local)))
                        throw new LoweringException(DiagnosticDescriptors.NotSupported, node, "A local function or pattern variable capturing '" + local.Name + "', declared in a loop that suspends",
                            "every iteration would share one frame field; use a lambda, or copy the value into a local declared inside a block without suspension points");
                    if (!CapturedByLambda(local)) goto plainField; // local functions called in place see the current iteration's field
                    string boxField = AllocateName(local.Name);
                    _names[local] = boxField;
                    _fieldLocals.Add(local);
                    _boxed.Add(local);
                    FieldLines.Add(FieldAccess(local.Type) + " " + BoxType(local) + " " + FrameNaming.Escape(boxField) + " = default!; // one box per iteration (captured by a lambda)");
                    continue;
                }
            plainField:
                string field = AllocateName(local.Name);
                _names[local] = field;
                _fieldLocals.Add(local);
                FieldLines.Add(FieldAccess(local.Type) + " " + FrameNaming.Type(local.Type) + " " + FrameNaming.Escape(field) + " = default!;");
            }
        }

        private readonly HashSet<ISymbol> _boxed = new(SymbolEqualityComparer.Default);

        private static string BoxType(ILocalSymbol local) => "global::System.Runtime.CompilerServices.StrongBox<" + FrameNaming.Type(local.Type) + ">";

        /// <summary>The statement that starts a fresh per-iteration variable: a new box, or a plain assignment.</summary>
        private string DeclareText(ILocalSymbol local, string? value)
        {
            string name = FrameNaming.Escape(_names[local]);
            if (_boxed.Contains(local)) return name + " = new " + BoxType(local) + "(" + (value ?? "") + ");";
            return name + " = " + value + ";";
        }

        private bool References(SyntaxNode scope, ILocalSymbol local) =>
            scope.DescendantNodes().OfType<IdentifierNameSyntax>().Any(i => i.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(i, _ct).Symbol, local));

        private bool CapturedByLambda(ILocalSymbol local) =>
            _body.DescendantNodes().OfType<AnonymousFunctionExpressionSyntax>().Any(f => References(f, local));

        /// <summary>A local function that captures <paramref name="local"/> and is turned into a delegate (it may outlive the iteration).</summary>
        private bool EscapingLocalFunctionCaptures(ILocalSymbol local)
        {
            foreach (LocalFunctionStatementSyntax f in _body.DescendantNodes().OfType<LocalFunctionStatementSyntax>())
            {
                if (!References(f, local)) continue;
                foreach (IdentifierNameSyntax use in _body.DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    if (use.Identifier.ValueText != f.Identifier.ValueText) continue;
                    if (use.Parent is InvocationExpressionSyntax inv && inv.Expression == use) continue;
                    if (_model.GetSymbolInfo(use, _ct).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction }) return true;
                }
            }
            return false;
        }

        private void HoistConst(ILocalSymbol local, VariableDeclaratorSyntax declarator, LocalDeclarationStatementSyntax decl)
        {
            string name = AllocateName(local.Name);
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
            if (root is null) return true; // declared on the lowered spine
            if (root is IfStatementSyntax ifs)
            {
                // Variables declared in an if condition are in scope in the enclosing block (out var, patterns).
                return ifs.Condition.Span.Contains(declaration.Span) && !InsideLambda(declaration);
            }
            if (root is LocalDeclarationStatementSyntax or ExpressionStatementSyntax or ReturnStatementSyntax or ThrowStatementSyntax)
            {
                // Only declarations in the statement itself leak into the flattened scope; ones nested in lambdas were skipped.
                for (SyntaxNode? n = declaration.Parent; n != null && n != root; n = n.Parent)
                    if (n is StatementSyntax) return false;
                return true;
            }
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
