using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// Copies the user's code into the frame: hoisted locals and parameters become field references, <c>this</c> and
    /// implicit members of the user's type are qualified (the frame is a nested class deriving from Tasklet, whose
    /// members would otherwise capture simple names), and jumps that leave the copy become holes (<see cref="JumpHoles"/>).
    /// </summary>
    /// <remarks>
    /// Input: the node to copy, with its explicit context (<see cref="ICopyContext"/>: facts, plan, allocator, and the
    /// lowering's answers about jumps and lowered expressions), optionally sub-expressions already lowered
    /// (<c>replacements</c>) and names to use for some symbols (<c>overrides</c>). Output: the rewritten syntax, with
    /// its outer trivia. One instance per copy; it allocates only through <see cref="LoweringAllocator"/>.
    /// </remarks>
    internal sealed partial class BodyRewriter : CSharpSyntaxRewriter
    {
        private readonly ICopyContext _context;
        private readonly MethodFacts _facts;
        private readonly HoistingPlan _plan;
        private readonly LoweringAllocator _alloc;
        private readonly SyntaxNode _root;
        private readonly Dictionary<SyntaxNode, LoweredValue>? _replacements;
        private readonly Dictionary<ISymbol, string>? _overrides;
        private int _lambdaDepth;
        /// <summary>Set while a pattern test is copied: each hoisted local it designates, with the pattern local bound in its place.</summary>
        public List<(ILocalSymbol Local, string Temp)>? PatternSets;

        public BodyRewriter(ICopyContext context, SyntaxNode root, Dictionary<SyntaxNode, LoweredValue>? replacements, Dictionary<ISymbol, string>? overrides)
        {
            _context = context;
            _facts = context.Facts;
            _plan = context.Plan;
            _alloc = context.Allocator;
            _root = root;
            _replacements = replacements;
            _overrides = overrides;
        }

        /// <summary>The copy of <paramref name="node"/> as it must read inside the frame (with its outer trivia).</summary>
        public static SyntaxNode Copy(ICopyContext context, SyntaxNode node, Dictionary<SyntaxNode, LoweredValue>? replacements = null, Dictionary<ISymbol, string>? overrides = null)
        {
            var rewriter = new BodyRewriter(context, node, replacements, overrides);
            try
            {
                return rewriter.Visit(node)!;
            }
            catch (System.InsufficientExecutionStackException)
            {
                throw StackGuard.TooDeep(node); // Roslyn's rewriter guards its own recursion
            }
        }

        /// <summary>True when <paramref name="node"/> designates a local the plan hoists (a pattern test must assign it).</summary>
        public static bool ContainsHoistedDesignation(SyntaxNode node, MethodFacts facts, HoistingPlan plan) =>
            node.DescendantNodesAndSelf().OfType<SingleVariableDesignationSyntax>()
                .Any(d => facts.Model.GetDeclaredSymbol(d, facts.Ct) is ILocalSymbol l && plan.IsAssigned(l));

        private SemanticModel Model => _facts.Model;
        private System.Threading.CancellationToken Ct => _facts.Ct;

        public override SyntaxNode? Visit(SyntaxNode? node)
        {
            // A lowered sub-expression in the place of the one it replaces (Dropped leaves out an optional node).
            if (node != null && _replacements != null && _replacements.TryGetValue(node, out LoweredValue value))
                return value.IsDropped ? null : value.InPlaceOf(node);
            return base.Visit(node);
        }

        public override SyntaxNode? VisitBinaryExpression(BinaryExpressionSyntax node)
        {
            // a + b + … + z nests to the left, as deep as it is long: rebuild it from the innermost left operand
            // outwards in a loop (a recursion overflowed csc's stack at ~2,000 terms, issue 16).
            if (node.Left is not BinaryExpressionSyntax) return base.VisitBinaryExpression(node);
            var links = new List<BinaryExpressionSyntax> { node };
            for (BinaryExpressionSyntax b = node; b.Left is BinaryExpressionSyntax inner && !IsReplaced(inner); b = inner)
                links.Add(inner);
            var result = (ExpressionSyntax)Visit(links[links.Count - 1].Left)!;
            for (int i = links.Count - 1; i >= 0; i--)
            {
                BinaryExpressionSyntax b = links[i];
                result = b.Update(result, VisitToken(b.OperatorToken), (ExpressionSyntax)Visit(b.Right)!);
            }
            return result;
        }

        public override SyntaxNode? VisitIfStatement(IfStatementSyntax node)
        {
            // if … else if … else if … nests each if in the previous one's else: visit the chain top to bottom in a
            // loop (source order), then rebuild it bottom-up, never by a recursion as deep as the chain.
            if (node.Else?.Statement is not IfStatementSyntax) return base.VisitIfStatement(node);
            var links = new List<IfStatementSyntax> { node };
            for (IfStatementSyntax s = node; s.Else?.Statement is IfStatementSyntax next; s = next) links.Add(next);
            var heads = new List<(SyntaxList<AttributeListSyntax> Attributes, SyntaxToken If, SyntaxToken Open, ExpressionSyntax Condition, SyntaxToken Close, StatementSyntax Statement, SyntaxToken Else)>();
            for (int i = 0; i < links.Count - 1; i++)
            {
                IfStatementSyntax s = links[i];
                heads.Add((VisitList(s.AttributeLists), VisitToken(s.IfKeyword), VisitToken(s.OpenParenToken), (ExpressionSyntax)Visit(s.Condition)!,
                    VisitToken(s.CloseParenToken), (StatementSyntax)Visit(s.Statement)!, VisitToken(s.Else!.ElseKeyword)));
            }
            var result = (IfStatementSyntax)base.VisitIfStatement(links[links.Count - 1])!;
            for (int i = links.Count - 2; i >= 0; i--)
            {
                var h = heads[i];
                result = links[i].Update(h.Attributes, h.If, h.Open, h.Condition, h.Close, h.Statement, links[i].Else!.Update(h.Else, result));
            }
            return result;
        }

        private bool IsReplaced(SyntaxNode node) => _replacements != null && _replacements.ContainsKey(node);

        /// <summary><c>receiver.name</c> in the place of <paramref name="original"/> (its trivia).</summary>
        private static SyntaxNode Member(ExpressionSyntax receiver, SimpleNameSyntax name, SyntaxNode original) =>
            GeneratedSyntax.Member(receiver, name).WithTriviaFrom(original);

        /// <summary><c>global::T.name</c>: a static member of <paramref name="type"/>, the type's syntax built from its symbol.</summary>
        private static SyntaxNode? OnType(INamedTypeSymbol type, SimpleNameSyntax name, SyntaxNode original) =>
            TypeSyntaxes.Of(type) is TypeSyntax t ? Member(t, name.WithoutTrivia(), original) : null;

        /// <summary>A name the lowering chose (a field, a temp), as an identifier with the trivia of <paramref name="original"/>.</summary>
        private static SyntaxNode Identifier(string name, SyntaxNode original) => GeneratedSyntax.Name(name).WithTriviaFrom(original);

        /// <summary>The type of a local function's leading box parameter: <c>object</c> (anonymous types) or <c>StrongBox&lt;T&gt;</c>.</summary>
        private static TypeSyntax BoxParameterTypeSyntax(ILocalSymbol local) =>
            !TypeShapes.ContainsAnonymousType(local.Type) && TypeSyntaxes.Of(local.Type) is TypeSyntax type
                ? BoxTypeSyntax(type)
                : SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.ObjectKeyword));

        /// <summary><c>global::System.Runtime.CompilerServices.StrongBox&lt;T&gt;</c> of <paramref name="type"/>.</summary>
        private static TypeSyntax BoxTypeSyntax(TypeSyntax type)
        {
            var box = (QualifiedNameSyntax)GeneratedSyntax.GlobalType("System", "Runtime", "CompilerServices", "StrongBox");
            return box.WithRight(SyntaxFactory.GenericName(box.Right.Identifier, SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(type))));
        }

        public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
        {
            if (node.IsVar) return node;
            ISymbol? symbol = Model.GetSymbolInfo(node, Ct).Symbol;
            if (symbol is null) return QualifySpawnCall(node) ?? node;
            if (_plan.CopiedNameOf(symbol) is string local)
            {
                // A local that stays a local, renamed (LocalNaming); a named argument of a local function too.
                if (IsMemberName(node) && node.Parent is not NameColonSyntax) return node;
                var renamed = SyntaxFactory.IdentifierName(Renamed(node.Identifier, local));
                if (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction }) return LocalFunctionAsDelegate(node, renamed) ?? renamed;
                return renamed;
            }
            if (symbol is ILocalSymbol or IParameterSymbol)
            {
                if (_overrides != null && _overrides.TryGetValue(symbol, out string? o)) return Identifier(o, node);
                if (_plan.TryGetName(symbol, out string? field))
                {
                    if (IsMemberName(node)) return node;
                    if (_context.IsInObjectBox(symbol))
                    {
                        // A lambda's own box (per-iteration capture) or the frame field, read through its example.
                        string box = _boxParameters != null && _boxParameters.TryGetValue(symbol, out string? own) ? own : FrameNaming.Escape(field);
                        return _context.ObjectBoxValue(box, ((ILocalSymbol)symbol).Type).WithTriviaFrom(node);
                    }
                    if (_plan.IsBoxedPerIteration(symbol))
                        return Member(GeneratedSyntax.Name(_boxParameters != null && _boxParameters.TryGetValue(symbol, out string? p) ? p : FrameNaming.Escape(field)),
                            SyntaxFactory.IdentifierName("Value"), node);
                    return Identifier(FrameNaming.Escape(field), node);
                }
                return node;
            }
            if (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction }) return LocalFunctionAsDelegate(node, node) ?? node;
            return QualifyMember(node, symbol) ?? node;
        }

        public override SyntaxNode? VisitGenericName(GenericNameSyntax node)
        {
            ISymbol? symbol = Model.GetSymbolInfo(node, Ct).Symbol;
            var visited = (GenericNameSyntax)base.VisitGenericName(node)!;
            if (_plan.CopiedNameOf(symbol) is string local) visited = visited.WithIdentifier(Renamed(node.Identifier, local));
            if (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction }) return LocalFunctionAsDelegate(node, visited) ?? visited;
            if (symbol is null) return QualifySpawnCall(visited) is SyntaxNode q && node.Parent is InvocationExpressionSyntax ? q : visited;
            return QualifyMember(node, symbol, visited) ?? visited;
        }

        /// <summary>
        /// <c>SpawnM(…)</c> of a [Tasklet] method of the user's type: generated, so unknown to the semantic model,
        /// but it needs the same qualification as any member.
        /// </summary>
        private SyntaxNode? QualifySpawnCall(SimpleNameSyntax node)
        {
            string name = node.Identifier.ValueText;
            if (!name.StartsWith("Spawn", System.StringComparison.Ordinal) || IsMemberName(node)) return null;
            string target = name.Substring("Spawn".Length);
            for (INamedTypeSymbol? t = _facts.Method.ContainingType; t != null; t = t.ContainingType)
            {
                var candidates = t.GetMembers(target).OfType<IMethodSymbol>().Where(m => _facts.Known.IsTaskletMethod(m)).ToList();
                if (candidates.Count == 0) continue;
                if (candidates.All(m => m.IsStatic)) return OnType(t, node, node);
                if (_facts.Method.IsStatic) return null;
                _alloc.UseThis();
                return Member(SyntaxFactory.IdentifierName("__this"), node.WithoutTrivia(), node);
            }
            return null;
        }

        /// <summary>Implicit references to members of the user's type: <c>x</c> → <c>__this.x</c> or <c>global::T.x</c>.</summary>
        private SyntaxNode? QualifyMember(SimpleNameSyntax node, ISymbol symbol, SimpleNameSyntax? visited = null)
        {
            if (IsMemberName(node)) return null;
            if (symbol is INamedTypeSymbol or INamespaceSymbol)
            {
                // A type or namespace whose simple name a frame member, a frame field or a local of the flattened
                // scope would hide (a user type called Result, a local called Env or System).
                if (!_plan.IsFrameMemberName(node.Identifier.ValueText) && !_plan.IsFrameLevelName(node.Identifier.ValueText)) return null;
                if (symbol is INamedTypeSymbol type && type.TypeKind != TypeKind.Error)
                    return TypeSyntaxes.Of(type)?.WithTriviaFrom(node);
                if (symbol is INamespaceSymbol { IsGlobalNamespace: false } ns && visited is null)
                    return TypeSyntaxes.Of(ns).WithTriviaFrom(node);
                return null;
            }
            if (symbol is not (IFieldSymbol or IPropertySymbol or IMethodSymbol or IEventSymbol)) return null;
            if (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction }) return null;
            if (symbol.ContainingType is null) return null;
            if (!IsAccessibleFromUserType(symbol)) return null;
            SimpleNameSyntax name = (visited ?? node).WithoutTrivia();
            if (symbol.IsStatic || symbol is IFieldSymbol { IsConst: true })
                return OnType(symbol.ContainingType, name, node);
            _alloc.UseThis();
            return Member(SyntaxFactory.IdentifierName("__this"), name, node);
        }

        private bool IsAccessibleFromUserType(ISymbol symbol)
        {
            // Members found by simple-name lookup from the user's method: of its type, base types or enclosing types.
            for (INamedTypeSymbol? t = _facts.Method.ContainingType; t != null; t = t.ContainingType)
                for (INamedTypeSymbol? b = t; b != null; b = b.BaseType)
                    if (SymbolEqualityComparer.Default.Equals(b, symbol.ContainingType.OriginalDefinition) ||
                        SymbolEqualityComparer.Default.Equals(b, symbol.ContainingType))
                        return true;
            return false;
        }

        private static bool IsMemberName(SimpleNameSyntax node)
        {
            SyntaxNode? parent = node.Parent;
            switch (parent)
            {
                case MemberAccessExpressionSyntax ma when ma.Name == node: return true;
                case MemberBindingExpressionSyntax: return true;
                case QualifiedNameSyntax q when q.Right == node: return true;
                case AliasQualifiedNameSyntax: return true;
                case NameColonSyntax: return true;
                case NameEqualsSyntax: return true;
                case AssignmentExpressionSyntax a when a.Left == node && a.Parent is InitializerExpressionSyntax init &&
                    init.IsKind(SyntaxKind.ObjectInitializerExpression) || (a.Left == node && a.Parent is InitializerExpressionSyntax init2 && init2.IsKind(SyntaxKind.WithInitializerExpression)):
                    return true;
                case SubpatternSyntax: return false;
                case NameColonSyntax or ExpressionColonSyntax: return true;
            }
            if (parent is ExpressionColonSyntax) return true;
            return false;
        }

        public override SyntaxNode? VisitBlock(BlockSyntax node)
        {
            // A goto that replaced a break/continue/return may not jump forward past a using declaration of its own
            // block (CS8648): give each using declaration and the statements after it a block of their own, or, where
            // a local function follows (nesting would hide it from the statements before), send those gotos backward
            // to a trampoline in front of the block.
            var visited = (BlockSyntax)base.VisitBlock(node)!;
            return UsingDeclarationJumps.WithTrampolines(UsingDeclarationJumps.Nest(visited), _alloc);
        }

        public override SyntaxNode? VisitInterpolation(InterpolationSyntax node)
        {
            // A rewritten name may now start with global:: — inside a hole, ':' would begin the format clause.
            var rewritten = (InterpolationSyntax)base.VisitInterpolation(node)!;
            if (rewritten.Expression is ParenthesizedExpressionSyntax || !rewritten.Expression.ToString().Contains("::"))
                return rewritten;
            return rewritten.WithExpression(SyntaxFactory.ParenthesizedExpression(rewritten.Expression.WithoutTrivia()).WithTriviaFrom(rewritten.Expression));
        }

        public override SyntaxNode? VisitThisExpression(ThisExpressionSyntax node)
        {
            _alloc.UseThis();
            return SyntaxFactory.IdentifierName("__this").WithTriviaFrom(node);
        }

        public override SyntaxNode? VisitBaseExpression(BaseExpressionSyntax node)
        {
            // Lowered alone only as the receiver operand of base.M(…) / base[…] being spilled: the access itself is
            // rewritten whole (below), so this text is never used.
            if (node == _root && node.Parent is MemberAccessExpressionSyntax or ElementAccessExpressionSyntax) return node;
            throw new RefusalException(DiagnosticDescriptors.NotSupported, node, "This 'base' access", "only base.Member and base[…] can be forwarded from the frame");
        }

        public override SyntaxNode? VisitMemberAccessExpression(MemberAccessExpressionSyntax node)
        {
            // base.M(…) of a [Tasklet] M is a nested frame, lowered as a suspension point; anything else is forwarded
            // (M too where it is an ordinary call: in a lambda, or refused).
            if (node.Expression is BaseExpressionSyntax && !(node.Parent is InvocationExpressionSyntax call && _facts.Analysis.KindOf(call) == SuspensionKind.TaskletCall))
                return _context.BaseMember(node).WithTriviaFrom(node); // a forwarding member of the user's type (BaseAccess)
            return base.VisitMemberAccessExpression(node);
        }

        public override SyntaxNode? VisitElementAccessExpression(ElementAccessExpressionSyntax node)
        {
            if (node.Expression is not BaseExpressionSyntax) return base.VisitElementAccessExpression(node);
            var arguments = (BracketedArgumentListSyntax)Visit(node.ArgumentList)!;
            return _context.BaseIndexer(node, arguments.Arguments.Select(a => a.WithoutTrivia()).ToList()).WithTriviaFrom(node);
        }

        public override SyntaxNode? VisitAnonymousObjectMemberDeclarator(AnonymousObjectMemberDeclaratorSyntax node)
        {
            // new { x } names its property after x: keep the name when x becomes a renamed field, a box or a temp.
            var visited = (AnonymousObjectMemberDeclaratorSyntax)base.VisitAnonymousObjectMemberDeclarator(node)!;
            if (node.NameEquals is null && Model.GetDeclaredSymbol(node, Ct) is IPropertySymbol property &&
                visited.Expression.WithoutTrivia().ToFullString() != node.Expression.WithoutTrivia().ToFullString())
                return visited.WithNameEquals(SyntaxFactory.NameEquals(
                    SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(default, FrameNaming.Escape(property.Name), SyntaxFactory.TriviaList(SyntaxFactory.Space))),
                    SyntaxFactory.Token(SyntaxKind.EqualsToken).WithTrailingTrivia(SyntaxFactory.Space))).WithExpression(visited.Expression.WithoutLeadingTrivia());
            return visited;
        }

        public override SyntaxNode? VisitTupleExpression(TupleExpressionSyntax node)
        {
            // (x, y) names its elements after x and y: keep a name the tuple's type uses when x became a renamed
            // field, a renamed local or a temp.
            var visited = (TupleExpressionSyntax)base.VisitTupleExpression(node)!;
            if (IsDeconstructionTarget(node) || Model.GetTypeInfo(node, Ct).ConvertedType is not INamedTypeSymbol { IsTupleType: true } tuple) return visited;
            SeparatedSyntaxList<ArgumentSyntax> arguments = visited.Arguments;
            for (int i = 0; i < node.Arguments.Count && i < tuple.TupleElements.Length; i++)
            {
                if (node.Arguments[i] is not { NameColon: null, Expression: IdentifierNameSyntax original }) continue;
                string inferred = original.Identifier.ValueText;
                if (tuple.TupleElements[i].Name != inferred || arguments[i].Expression is IdentifierNameSyntax { Identifier.ValueText: var kept } && kept == inferred) continue;
                arguments = arguments.Replace(arguments[i], arguments[i]
                    .WithExpression(arguments[i].Expression.WithLeadingTrivia(SyntaxFactory.Space))
                    .WithNameColon(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(FrameNaming.Escape(inferred)))).WithTriviaFrom(arguments[i]));
            }
            return visited.WithArguments(arguments);
        }

        private static bool IsDeconstructionTarget(ExpressionSyntax tuple)
        {
            SyntaxNode node = tuple;
            while (node.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax outer }) node = outer;
            return node.Parent is AssignmentExpressionSyntax a && a.Left == node || node.Parent is ForEachVariableStatementSyntax;
        }

        public override SyntaxNode? VisitVariableDeclarator(VariableDeclaratorSyntax node)
        {
            var visited = (VariableDeclaratorSyntax)base.VisitVariableDeclarator(node)!;
            ISymbol? symbol = Model.GetDeclaredSymbol(node, Ct);
            if (symbol is ILocalSymbol local && _plan.KeepsDeclaration(local) && _plan.TryGetName(local, out string? name))
                return visited.WithIdentifier(Renamed(node.Identifier, name));
            if (symbol is ILocalSymbol field && _plan.IsAssigned(field)) throw UncopiedDeclaration(node, field);
            return _plan.CopiedNameOf(symbol) is string local2 ? visited.WithIdentifier(Renamed(node.Identifier, local2)) : visited;
        }

        public override SyntaxNode? VisitSingleVariableDesignation(SingleVariableDesignationSyntax node)
        {
            ISymbol? symbol = Model.GetDeclaredSymbol(node, Ct);
            if (symbol is ILocalSymbol local && _plan.IsAssigned(local))
            {
                // A hoisted pattern variable is declared only where PatternTest copies it into its field; out vars and
                // deconstructions were assigned by VisitDeclarationExpression.
                if (PatternSets is null) throw UncopiedDeclaration(node, local);
                string temp = _alloc.NewTempName("p");
                PatternSets.Add((local, temp));
                return node.WithIdentifier(SyntaxFactory.Identifier(temp).WithTriviaFrom(node.Identifier));
            }
            return _plan.CopiedNameOf(symbol) is string name ? node.WithIdentifier(Renamed(node.Identifier, name)) : base.VisitSingleVariableDesignation(node);
        }

        public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node) =>
            CountSteps(node, RenameDeclared((ForEachStatementSyntax)base.VisitForEachStatement(node)!, Model.GetDeclaredSymbol(node, Ct), node.Identifier, static (n, id) => n.WithIdentifier(id))); // CountedLoops.cs

        public override SyntaxNode? VisitCatchDeclaration(CatchDeclarationSyntax node)
        {
            var visited = (CatchDeclarationSyntax)base.VisitCatchDeclaration(node)!;
            if (node.Identifier.ValueText.Length == 0) return visited;
            return RenameDeclared(visited, Model.GetDeclaredSymbol(node, Ct), node.Identifier, static (n, id) => n.WithIdentifier(id));
        }

        public override SyntaxNode? VisitParameter(ParameterSyntax node) =>
            RenameDeclared((ParameterSyntax)base.VisitParameter(node)!, Model.GetDeclaredSymbol(node, Ct), node.Identifier, static (n, id) => n.WithIdentifier(id));

        public override SyntaxNode? VisitFromClause(FromClauseSyntax node) =>
            RenameDeclared((FromClauseSyntax)base.VisitFromClause(node)!, Model.GetDeclaredSymbol(node, Ct), node.Identifier, static (n, id) => n.WithIdentifier(id));

        public override SyntaxNode? VisitLetClause(LetClauseSyntax node) =>
            RenameDeclared((LetClauseSyntax)base.VisitLetClause(node)!, Model.GetDeclaredSymbol(node, Ct), node.Identifier, static (n, id) => n.WithIdentifier(id));

        public override SyntaxNode? VisitJoinClause(JoinClauseSyntax node) =>
            RenameDeclared((JoinClauseSyntax)base.VisitJoinClause(node)!, Model.GetDeclaredSymbol(node, Ct), node.Identifier, static (n, id) => n.WithIdentifier(id));

        public override SyntaxNode? VisitJoinIntoClause(JoinIntoClauseSyntax node) =>
            RenameDeclared((JoinIntoClauseSyntax)base.VisitJoinIntoClause(node)!, Model.GetDeclaredSymbol(node, Ct), node.Identifier, static (n, id) => n.WithIdentifier(id));

        public override SyntaxNode? VisitQueryContinuation(QueryContinuationSyntax node) =>
            RenameDeclared((QueryContinuationSyntax)base.VisitQueryContinuation(node)!, Model.GetDeclaredSymbol(node, Ct), node.Identifier, static (n, id) => n.WithIdentifier(id));

        /// <summary>A declaration (foreach, catch, parameter, query variable) whose local keeps a local's name in the copy: renamed if it must be.</summary>
        private T RenameDeclared<T>(T visited, ISymbol? declared, SyntaxToken identifier, System.Func<T, SyntaxToken, T> withIdentifier) =>
            _plan.CopiedNameOf(declared) is string name ? withIdentifier(visited, Renamed(identifier, name)) : visited;

        private static SyntaxToken Renamed(SyntaxToken original, string name) =>
            SyntaxFactory.Identifier(FrameNaming.Escape(name)).WithTriviaFrom(original);

        /// <summary>
        /// A hoisted local's declaration reached copied text: its uses would read the field while the copy declares
        /// a local. Refused rather than emitted (a silently wrong frame); the hoisting plan must not let it happen.
        /// </summary>
        private static RefusalException UncopiedDeclaration(SyntaxNode node, ILocalSymbol local) =>
            new(DiagnosticDescriptors.NotSupported, node, "The declaration of '" + local.Name + "' here", "the frame cannot keep this variable in a field; declare it in a statement of its own");

        public override SyntaxNode? VisitIsPatternExpression(IsPatternExpressionSyntax node)
        {
            if (PatternSets == null && ContainsHoistedDesignation(node.Pattern, _facts, _plan))
            {
                var value = ((ExpressionSyntax)Visit(node.Expression)!).WithoutTrivia();
                return _context.PatternTest(value, node.Pattern, _replacements).WithTriviaFrom(node);
            }
            return base.VisitIsPatternExpression(node);
        }

        public override SyntaxNode? VisitDeclarationExpression(DeclarationExpressionSyntax node)
        {
            // out var x / var (a, b) of hoisted locals: assign the frame fields instead of declaring.
            ExpressionSyntax? target = DesignationAsTarget(node.Designation);
            return target is null ? base.VisitDeclarationExpression(node) : target.WithTriviaFrom(node);
        }

        /// <summary>
        /// The target that assigns what <paramref name="designation"/> declares, when it declares a hoisted local: its
        /// field (a fresh box for a per-iteration local), or a tuple of targets where the others stay declared
        /// (<c>(x_field, var b, _)</c>); null when it declares none.
        /// </summary>
        private ExpressionSyntax? DesignationAsTarget(VariableDesignationSyntax designation)
        {
            switch (designation)
            {
                case SingleVariableDesignationSyntax s:
                    if (Model.GetDeclaredSymbol(s, Ct) is ILocalSymbol l && _plan.IsAssigned(l))
                    {
                        // Boxed anonymous-type variables are refused here (the hoisting plan); another is read through its box.
                        if (_context.IsInObjectBox(l)) return _context.FieldReference(l);
                        IdentifierNameSyntax field = GeneratedSyntax.Name(FrameNaming.Escape(_plan.NameOf(l)));
                        // A per-iteration variable captured by a closure: each declaration starts a fresh box.
                        if (_plan.IsBoxedPerIteration(l))
                            return GeneratedSyntax.Member(GeneratedSyntax.Paren(GeneratedSyntax.Assignment(SyntaxKind.SimpleAssignmentExpression, SyntaxKind.EqualsToken,
                                field, GeneratedSyntax.New(BoxTypeSyntax(TypeSyntaxes.Of(l.Type)
                                    // A type with no syntax (one built from an error type): refused, never written as text.
                                    ?? throw new RefusalException(DiagnosticDescriptors.NotSupported, s, "A variable whose type does not bind, captured by a lambda in a loop that suspends", "fix the compile error first"))))),
                                GeneratedSyntax.Name("Value"));
                        return field;
                    }
                    return null;
                case ParenthesizedVariableDesignationSyntax p:
                    var parts = new List<ArgumentSyntax>();
                    bool any = false;
                    foreach (VariableDesignationSyntax v in p.Variables)
                    {
                        ExpressionSyntax? t = DesignationAsTarget(v);
                        if (t != null) any = true;
                        t ??= v is DiscardDesignationSyntax
                            ? GeneratedSyntax.Name("_")
                            : SyntaxFactory.DeclarationExpression(SyntaxFactory.IdentifierName("var").WithTrailingTrivia(SyntaxFactory.Space), ((VariableDesignationSyntax)Visit(v)!).WithoutTrivia());
                        parts.Add(SyntaxFactory.Argument(t));
                    }
                    return any ? SyntaxFactory.TupleExpression(GeneratedSyntax.Separated(parts)) : null;
                default:
                    return null;
            }
        }

        public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
        {
            // nameof(local) must keep the user's name even when the local became a renamed field.
            if (node.Expression is IdentifierNameSyntax { Identifier.Text: "nameof" } && Model.GetConstantValue(node, Ct) is { HasValue: true, Value: string s })
                return SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(s)).WithTriviaFrom(node);
            if (node.Expression is SimpleNameSyntax callee && Model.GetSymbolInfo(callee, Ct).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } &&
                _facts.LocalFunctionDeclaration(callee) is LocalFunctionStatementSyntax decl && _context.BoxesNeeded(decl) is { Count: > 0 } boxes)
            {
                // A local function capturing per-iteration variables takes their boxes as leading arguments.
                var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
                IEnumerable<ArgumentSyntax> boxArguments = boxes.Select(b => SyntaxFactory.Argument(GeneratedSyntax.Name(BoxText(b))));
                return visited.WithArgumentList(visited.ArgumentList.WithArguments(visited.ArgumentList.Arguments.InsertRange(0, boxArguments)));
            }
            return base.VisitInvocationExpression(node);
        }

        private string BoxText(ILocalSymbol local) =>
            _boxParameters != null && _boxParameters.TryGetValue(local, out string? p) ? p : FrameNaming.Escape(_plan.NameOf(local));

        /// <summary>
        /// A local function that captures per-iteration boxes, turned into a delegate: a lambda over the boxes of
        /// this iteration, <c>((Func&lt;StrongBox&lt;T&gt;, D&gt;)(__box_v =&gt; (int a) =&gt; f(__box_v, a)))(v)</c>.
        /// </summary>
        private SyntaxNode? LocalFunctionAsDelegate(SimpleNameSyntax node, SimpleNameSyntax visited)
        {
            if (!_facts.IsLocalFunctionAsValue(node) || _facts.LocalFunctionDeclaration(node) is not LocalFunctionStatementSyntax decl) return null;
            List<ILocalSymbol> boxes = _context.BoxesNeeded(decl);
            if (boxes.Count == 0) return null;
            ITypeSymbol? target = Model.GetTypeInfo(node, Ct).ConvertedType;
            if (target is not INamedTypeSymbol { TypeKind: TypeKind.Delegate, DelegateInvokeMethod: IMethodSymbol invoke } delegateType)
            {
                if (node.Parent is ArgumentSyntax { Parent.Parent: ObjectCreationExpressionSyntax oc } && Model.GetTypeInfo(oc, Ct).Type is INamedTypeSymbol { TypeKind: TypeKind.Delegate, DelegateInvokeMethod: IMethodSymbol invoke2 } d2)
                    (delegateType, invoke) = (d2, invoke2);
                else
                    throw new RefusalException(DiagnosticDescriptors.NotSupported, node, "Local function '" + node.Identifier.ValueText + "' capturing a per-iteration variable, used as a value without a delegate type",
                        "convert it to a named delegate type, e.g. Func<int> f = " + node.Identifier.ValueText + ";");
            }
            // (T0 __a0, ref T1 __a1) => f(__box_v, __a0, ref __a1)
            var parameters = new List<ParameterSyntax>();
            var arguments = boxes.Select(b => SyntaxFactory.Argument(GeneratedSyntax.Name(BoxParameterName(b)))).ToList();
            for (int i = 0; i < invoke.Parameters.Length; i++)
            {
                IParameterSymbol p = invoke.Parameters[i];
                string name = "__a" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                TypeSyntax type = TypeSyntaxes.Of(p.Type) ?? throw CannotWrite(node, p.Type);
                var modifiers = p.RefKind switch
                {
                    RefKind.Ref => new[] { SyntaxKind.RefKeyword },
                    RefKind.Out => new[] { SyntaxKind.OutKeyword },
                    RefKind.In => new[] { SyntaxKind.InKeyword },
                    RefKind.RefReadOnlyParameter => new[] { SyntaxKind.RefKeyword, SyntaxKind.ReadOnlyKeyword },
                    _ => System.Array.Empty<SyntaxKind>(),
                };
                parameters.Add(SyntaxFactory.Parameter(default, SyntaxFactory.TokenList(modifiers.Select(k => SyntaxFactory.Token(default, k, s_spaceAfter))),
                    type.WithTrailingTrivia(SyntaxFactory.Space), SyntaxFactory.Identifier(name), null));
                arguments.Add(p.RefKind switch
                {
                    RefKind.Ref => GeneratedSyntax.ByReference(SyntaxKind.RefKeyword, GeneratedSyntax.Name(name)),
                    RefKind.Out => GeneratedSyntax.ByReference(SyntaxKind.OutKeyword, GeneratedSyntax.Name(name)),
                    RefKind.In or RefKind.RefReadOnlyParameter => GeneratedSyntax.ByReference(SyntaxKind.InKeyword, GeneratedSyntax.Name(name)),
                    _ => SyntaxFactory.Argument(GeneratedSyntax.Name(name)),
                });
            }
            ExpressionSyntax forwarding = Lambda(parameters, GeneratedSyntax.Call(visited.WithoutTrivia(), arguments));
            return OverBoxes(boxes, delegateType, forwarding, boxes.Select(b => GeneratedSyntax.Name(BoxText(b))).ToList(), node).WithTriviaFrom(node);
        }

        private static readonly SyntaxTriviaList s_spaceAfter = SyntaxFactory.TriviaList(SyntaxFactory.Space);

        /// <summary>The name of the parameter that passes <paramref name="local"/>'s per-iteration box to a lambda or local function.</summary>
        private string BoxParameterName(ILocalSymbol local) => "__box_" + _plan.NameOf(local);

        /// <summary><c>(p1, p2) =&gt; body</c>.</summary>
        private static ParenthesizedLambdaExpressionSyntax Lambda(IReadOnlyList<ParameterSyntax> parameters, ExpressionSyntax body) =>
            SyntaxFactory.ParenthesizedLambdaExpression(SyntaxFactory.ParameterList(GeneratedSyntax.Separated(parameters)), body)
                .WithArrowToken(SyntaxFactory.Token(s_spaceAfter, SyntaxKind.EqualsGreaterThanToken, s_spaceAfter));

        /// <summary>
        /// <c>((global::System.Func&lt;Box1, …, D&gt;)((__box_a, …) =&gt; body))(box1, …)</c>: <paramref name="body"/>, a delegate
        /// of <paramref name="delegateType"/>, made over the boxes of this iteration (<paramref name="boxArguments"/>).
        /// </summary>
        private ExpressionSyntax OverBoxes(List<ILocalSymbol> boxes, ITypeSymbol delegateType, ExpressionSyntax body, IReadOnlyList<ExpressionSyntax> boxArguments, SyntaxNode at)
        {
            var typeArguments = boxes.Select(BoxParameterTypeSyntax).ToList();
            typeArguments.Add(TypeSyntaxes.Of(delegateType) ?? throw CannotWrite(at, delegateType));
            TypeSyntax factoryType = SyntaxFactory.QualifiedName(GeneratedSyntax.GlobalType("System"), (SimpleNameSyntax)GeneratedSyntax.Generic("Func", typeArguments));
            ExpressionSyntax factory = Lambda(boxes.Select(b => SyntaxFactory.Parameter(SyntaxFactory.Identifier(BoxParameterName(b)))).ToList(), body);
            return GeneratedSyntax.Call(GeneratedSyntax.Paren(SyntaxFactory.CastExpression(factoryType, GeneratedSyntax.Paren(factory))),
                boxArguments.Select(a => SyntaxFactory.Argument(a)).ToList());
        }

        private static RefusalException CannotWrite(SyntaxNode at, ITypeSymbol type) =>
            new(DiagnosticDescriptors.NotSupported, at, "A lambda or local function capturing a per-iteration variable, with a '" + type.ToDisplayString() + "' in its signature",
                "the frame cannot write that type; give the delegate a named type");

        public override SyntaxNode? VisitMemberBindingExpression(MemberBindingExpressionSyntax node)
        {
            ExpressionSyntax? receiver = _context.BindingReceiverOf(node);
            if (receiver != null) return Member(receiver, node.Name.WithoutTrivia(), node);
            return base.VisitMemberBindingExpression(node);
        }

        public override SyntaxNode? VisitElementBindingExpression(ElementBindingExpressionSyntax node)
        {
            ExpressionSyntax? receiver = _context.BindingReceiverOf(node);
            if (receiver != null) return SyntaxFactory.ElementAccessExpression(receiver, (BracketedArgumentListSyntax)Visit(node.ArgumentList)!).WithTriviaFrom(node);
            return base.VisitElementBindingExpression(node);
        }

        public override SyntaxNode? VisitConditionalAccessExpression(ConditionalAccessExpressionSyntax node)
        {
            if (_context.LowersConditionalAccess(node)) return Visit(node.WhenNotNull);
            return base.VisitConditionalAccessExpression(node);
        }

        // ---- lambdas keep their own returns and jumps

        public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) => VisitLambda(node, () => base.VisitParenthesizedLambdaExpression(node));
        public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) => VisitLambda(node, () => base.VisitSimpleLambdaExpression(node));
        public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node) => VisitLambda(node, () => base.VisitAnonymousMethodExpression(node));

        private Dictionary<ISymbol, string>? _boxParameters;

        /// <summary>
        /// A lambda that captures per-iteration (boxed) locals captures the boxes of its own iteration:
        /// <c>((Func&lt;StrongBox&lt;T&gt;, D&gt;)(__box_v =&gt; lambda))(v)</c>.
        /// </summary>
        private SyntaxNode? VisitLambda(AnonymousFunctionExpressionSyntax node, System.Func<SyntaxNode?> visit)
        {
            _lambdaDepth++;
            try
            {
                if (_boxParameters != null) return visit();
                List<ILocalSymbol> boxed = _context.BoxesNeeded(node); // including those of local functions it calls
                if (boxed.Count == 0) return visit();
                ITypeSymbol? delegateType = Model.GetTypeInfo(node, Ct).ConvertedType;
                // A delegate, or an expression tree (Expression<D>: the tree reads the box of its iteration, as a hoisted local reads its frame field).
                bool expressionTree = delegateType is INamedTypeSymbol { IsGenericType: true, Name: "Expression", TypeArguments: [{ TypeKind: TypeKind.Delegate }] } et
                    && et.ContainingNamespace.ToDisplayString() == "System.Linq.Expressions";
                if (delegateType is not INamedTypeSymbol { TypeKind: TypeKind.Delegate } && !expressionTree)
                    throw new RefusalException(DiagnosticDescriptors.NotSupported, node, "A lambda capturing a per-iteration local without a delegate type", "give it a delegate type, e.g. Func<int> f = () => …;");
                if (boxed.Any(b => TypeShapes.ContainsAnonymousType(b.Type)) && TypeShapes.ContainsAnonymousType(delegateType!))
                    throw new RefusalException(DiagnosticDescriptors.NotSupported, node, "A lambda of a delegate type built from an anonymous type, capturing a per-iteration local of anonymous type",
                        "declare the captured variable outside the loop, or give the lambda a named delegate type");
                _boxParameters = new Dictionary<ISymbol, string>(SymbolEqualityComparer.Default);
                foreach (ILocalSymbol b in boxed) _boxParameters[b] = BoxParameterName(b);
                var lambda = ((ExpressionSyntax)visit()!).WithoutTrivia();
                _boxParameters = null;
                return OverBoxes(boxed, delegateType!, lambda, boxed.Select(b => (ExpressionSyntax)GeneratedSyntax.Name(FrameNaming.Escape(_plan.NameOf(b)))).ToList(), node).WithTriviaFrom(node);
            }
            finally
            {
                _lambdaDepth--;
            }
        }
        public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
        {
            _lambdaDepth++;
            Dictionary<ISymbol, string>? saved = _boxParameters;
            try
            {
                List<ILocalSymbol> boxes = _context.BoxesNeeded(node);
                string? renamed = _plan.CopiedNameOf(Model.GetDeclaredSymbol(node, Ct));
                if (boxes.Count == 0)
                {
                    var plain = InPlace(node, (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!); // CountedLoops.cs
                    return renamed is null ? plain : plain.WithIdentifier(Renamed(node.Identifier, renamed));
                }
                // It reads the per-iteration boxes it captures from leading parameters: each call passes the current
                // ones, a delegate made from it the ones of its iteration.
                _boxParameters = saved is null ? new Dictionary<ISymbol, string>(SymbolEqualityComparer.Default) : new Dictionary<ISymbol, string>(saved, SymbolEqualityComparer.Default);
                foreach (ILocalSymbol b in boxes) _boxParameters[b] = "__box_" + _plan.NameOf(b);
                var visited = InPlace(node, (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!);
                if (renamed != null) visited = visited.WithIdentifier(Renamed(node.Identifier, renamed));
                IEnumerable<ParameterSyntax> boxParameters = boxes.Select(b => SyntaxFactory.Parameter(SyntaxFactory.Identifier("__box_" + _plan.NameOf(b))).WithType(BoxParameterTypeSyntax(b).WithTrailingTrivia(SyntaxFactory.Space)));
                return visited.WithParameterList(visited.ParameterList.WithParameters(visited.ParameterList.Parameters.InsertRange(0, boxParameters)));
            }
            finally
            {
                _boxParameters = saved;
                _lambdaDepth--;
            }
        }

        // ---- jumps

        public override SyntaxNode? VisitReturnStatement(ReturnStatementSyntax node)
        {
            if (_lambdaDepth > 0) return base.VisitReturnStatement(node);
            var value = node.Expression is null ? null : (ExpressionSyntax)Visit(node.Expression)!;
            bool insideTry = node.Ancestors().TakeWhile(a => a != _root.Parent).Any(a => a is TryStatementSyntax or UsingStatementSyntax or LockStatementSyntax or ForEachStatementSyntax or ForEachVariableStatementSyntax)
                || (node.Parent is BlockSyntax blk && blk.Statements.Any(s => s is LocalDeclarationStatementSyntax d && d.UsingKeyword.RawKind != 0));
            insideTry |= _root is CatchClauseSyntax or FinallyClauseSyntax;
            return _context.ReturnStatement(value, insideTry || AnyUsingDeclarationAround(node), node);
        }

        private bool AnyUsingDeclarationAround(SyntaxNode node)
        {
            for (SyntaxNode? n = node.Parent; n != null && n != _root.Parent; n = n.Parent)
                if (n is BlockSyntax b && b.Statements.Any(s => s is LocalDeclarationStatementSyntax d && d.UsingKeyword.RawKind != 0 && s.SpanStart < node.SpanStart))
                    return true;
            return false;
        }

        public override SyntaxNode? VisitBreakStatement(BreakStatementSyntax node)
        {
            if (_lambdaDepth > 0) return node;
            SyntaxNode? target = node.Ancestors().FirstOrDefault(a => a is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax or SwitchStatementSyntax);
            if (target != null && _context.BreakLabel(target) is string label)
                return JumpHoles.HoleFor(label, node);
            return node;
        }

        public override SyntaxNode? VisitContinueStatement(ContinueStatementSyntax node)
        {
            if (_lambdaDepth > 0) return node;
            SyntaxNode? target = node.Ancestors().FirstOrDefault(a => a is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax);
            if (target != null && _context.ContinueLabel(target) is string label)
                return JumpHoles.HoleFor(label, node);
            return node;
        }

        public override SyntaxNode? VisitGotoStatement(GotoStatementSyntax node)
        {
            if (_lambdaDepth > 0) return CountedBackEdge(node, node);
            StatementSyntax? jump = _context.GotoJump(node, _root);
            if (jump != null) return jump;
            // A goto staying inside the copy: to its label's frame name (a backward one counts its step, CountedLoops.cs).
            return CountedBackEdge(node, node.Expression is IdentifierNameSyntax target && _context.LabelName(node) is string name
                ? node.WithExpression(SyntaxFactory.IdentifierName(Renamed(target.Identifier, name)))
                : node);
        }

        public override SyntaxNode? VisitLabeledStatement(LabeledStatementSyntax node)
        {
            var visited = (LabeledStatementSyntax)base.VisitLabeledStatement(node)!;
            return _lambdaDepth == 0 && _plan.TryGetLabelName(node, out string name) ? visited.WithIdentifier(Renamed(node.Identifier, name)) : visited;
        }

        public override SyntaxNode? VisitThrowStatement(ThrowStatementSyntax node)
        {
            if (node.Expression is null && _lambdaDepth == 0 && _context.RethrowName != null &&
                !node.Ancestors().Any(a => a is CatchClauseSyntax && a != _root && _root.Span.Contains(a.Span)) && _root is not CatchClauseSyntax)
            {
                // ExceptionDispatchInfo.Capture(caught).Throw(): the caught exception rethrown with its stack trace.
                ExpressionSyntax capture = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, GeneratedSyntax.GlobalType("System", "Runtime", "ExceptionServices", "ExceptionDispatchInfo"), SyntaxFactory.IdentifierName("Capture")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(GeneratedSyntax.Name(_context.RethrowName)))));
                return SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, capture, SyntaxFactory.IdentifierName("Throw")))).WithTriviaFrom(node);
            }
            return base.VisitThrowStatement(node);
        }
    }
}
