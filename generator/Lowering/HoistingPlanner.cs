using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// The hoisting pass: <see cref="MethodFacts"/> (and the loops that get a step check without suspending) in, an
    /// immutable <see cref="HoistingPlan"/> out. Nothing is emitted here.
    /// </summary>
    /// <remarks>
    /// Which locals become fields: every local declared on the flattened spine (its scope is flattened with its
    /// siblings and the dispatch jumps over its declaration) when a suspension point may come between its declaration
    /// and a use; locals declared inside statements that are copied whole stay ordinary locals. A ref-like local stays
    /// a local when nothing suspends after it in its scope (else TSK004). A local a closure captures in a loop that
    /// suspends gets a box per iteration. A local that only step checks of non-suspending loops separate from its uses
    /// stays a C# local of MoveNext, saved to a field around those checks (issue 14).
    /// <para>
    /// Names are given by symbol, never as text: a field or a local of the flattened scope keeps the user's name unless a
    /// frame member (State, Return, …), a generated name (<c>__…</c>), another frame-level name or, for what is declared
    /// in the flattened scope, another local of the method spells it; then it is <c>name_N</c>, which no identifier of
    /// the method spells, so it can neither hide nor be hidden. Locals of copied code, lambda and local-function
    /// parameters, local functions and range variables keep their own scopes: only frame-level and generated names
    /// can clash with them. Labels of sibling blocks land in one scope: each gets a name of its own.
    /// </para>
    /// </remarks>
    internal sealed class HoistingPlanner
    {
        private readonly MethodFacts _facts;
        private readonly IReadOnlyList<SyntaxNode> _checkedLoops;
        /// <summary>The checked loops and every node around them: lowered, like the suspending spine.</summary>
        private readonly HashSet<SyntaxNode> _checkedSpine = new();

        private readonly HashSet<string> _reserved = new(StringComparer.Ordinal);
        private readonly HashSet<string> _frameMemberNames = new(StringComparer.Ordinal);
        private readonly HashSet<string> _usedNames = new(StringComparer.Ordinal);
        private Dictionary<string, int>? _declaredNames;
        private readonly HashSet<ISymbol> _planned = new(SymbolEqualityComparer.Default);
        private HashSet<ISymbol>? _escapingCaptures;

        private HoistingPlanner(MethodFacts facts, string frameName, IReadOnlyList<SyntaxNode> checkedLoops)
        {
            _facts = facts;
            _checkedLoops = checkedLoops;
            foreach (SyntaxNode loop in checkedLoops)
            {
                System.Diagnostics.Debug.Assert(loop is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax
                    && _facts.Body.Span.Contains(loop.Span) && !facts.InsideLambda(loop), "a checked loop is a loop of the body, outside lambdas and local functions");
                for (SyntaxNode? n = loop; n != null && _checkedSpine.Add(n) && n != _facts.Body; n = n.Parent) { }
            }
            ReserveNames(frameName);
        }

        /// <summary>
        /// Plans the locals of <paramref name="facts"/>' body. <paramref name="checkedLoops"/>: loops that do not suspend
        /// but get a step check at their back-edge, so are lowered (flattened) like a loop that suspends; the locals
        /// live across such a check and across no suspension point are <see cref="LocalStorage.MethodLocal"/>s saved
        /// around it, the others the loop's flattening declares stay <see cref="LocalStorage.MethodLocal"/>s too.
        /// Throws <see cref="RefusalException"/> for a local the frame cannot keep (TSK004, TSK010).
        /// </summary>
        public static HoistingPlan Plan(MethodFacts facts, string frameName, IReadOnlyList<SyntaxNode>? checkedLoops = null) =>
            new HoistingPlanner(facts, frameName, checkedLoops ?? Array.Empty<SyntaxNode>()).Build();

        private HoistingPlan Build()
        {
            var parameterFields = new List<(IParameterSymbol, string)>();
            foreach (IParameterSymbol p in _facts.Method.Parameters) parameterFields.Add((p, AllocateName(p.Name)));
            List<PlannedLocal> locals = PlanLocals();
            Dictionary<LabeledStatementSyntax, string> labelNames = NameLabels();
            Dictionary<ISymbol, string> copiedNames = NameCopiedLocals();
            return new HoistingPlan(parameterFields, locals, copiedNames, labelNames, _usedNames, _frameMemberNames, _facts.Analysis, _checkedSpine);
        }

        // ---------------------------------------------------------------- names

        private void ReserveNames(string frameName)
        {
            IMethodSymbol method = _facts.Method;
            _reserved.Add(frameName);
            _reserved.Add("__this");
            _reserved.Add("value");
            for (INamedTypeSymbol? t = method.ReturnsVoid ? _facts.Known.TaskletFrame : _facts.Known.TaskletFrameOfT; t != null; t = t.BaseType)
                foreach (ISymbol m in t.GetMembers())
                {
                    _reserved.Add(m.Name);
                    _frameMemberNames.Add(m.Name);
                }
            foreach (ITypeParameterSymbol tp in method.TypeParameters) _reserved.Add(tp.Name);
            for (INamedTypeSymbol? t = method.ContainingType; t != null; t = t.ContainingType)
            {
                _reserved.Add(t.Name);
                foreach (ITypeParameterSymbol tp in t.TypeParameters) _reserved.Add(tp.Name);
            }
        }

        /// <summary>
        /// A frame-level name for a user variable: its own name unless taken (by a frame member, a generated name, an
        /// earlier frame-level name or, when <paramref name="unique"/>, another local of the method with the same name);
        /// else a fresh <c>name_N</c> that no identifier of the user's method spells.
        /// </summary>
        private string AllocateName(string name, bool unique = false)
        {
            string candidate = name;
            if (Taken(candidate) || (unique && DeclaredNameCount(candidate) > 1))
            {
                string stem = name.TrimStart('_');
                int i = 2;
                do candidate = stem + "_" + (i++).ToString(System.Globalization.CultureInfo.InvariantCulture);
                while (Taken(candidate) || _facts.BodyIdentifiers.Contains(candidate));
            }
            _usedNames.Add(candidate);
            return candidate;
        }

        private bool Taken(string name) => _reserved.Contains(name) || _usedNames.Contains(name) || name.StartsWith("__", StringComparison.Ordinal);

        /// <summary>How many local-like symbols of the method are called <paramref name="name"/>.</summary>
        private int DeclaredNameCount(string name)
        {
            if (_declaredNames == null)
            {
                _declaredNames = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach ((SyntaxNode _, ISymbol symbol) in _facts.LocalDeclarations())
                    _declaredNames[symbol.Name] = _declaredNames.TryGetValue(symbol.Name, out int n) ? n + 1 : 1;
            }
            return _declaredNames.TryGetValue(name, out int count) ? count : 0;
        }

        /// <summary>The field a method local is saved to around checks: a generated name, which no user name can be.</summary>
        private string AllocateSaveField(string localName)
        {
            string name = "__saved_" + localName;
            System.Diagnostics.Debug.Assert(!_usedNames.Contains(name), "frame-level names are distinct, so are their save fields");
            _usedNames.Add(name);
            return name;
        }

        // ---------------------------------------------------------------- locals of the spine

        private List<PlannedLocal> PlanLocals()
        {
            var declared = new List<(SyntaxNode Node, ILocalSymbol Local)>();
            foreach (SyntaxNode node in _facts.Body.DescendantNodesAndSelf())
            {
                ISymbol? symbol = node switch
                {
                    VariableDeclaratorSyntax v => _facts.Model.GetDeclaredSymbol(v, _facts.Ct),
                    SingleVariableDesignationSyntax d => _facts.Model.GetDeclaredSymbol(d, _facts.Ct),
                    ForEachStatementSyntax f => _facts.Model.GetDeclaredSymbol(f, _facts.Ct),
                    CatchDeclarationSyntax c when c.Identifier.RawKind != 0 && c.Identifier.Text.Length > 0 => _facts.Model.GetDeclaredSymbol(c, _facts.Ct),
                    _ => null,
                };
                if (symbol is ILocalSymbol local) declared.Add((node, local));
            }

            var result = new List<PlannedLocal>();
            foreach ((SyntaxNode node, ILocalSymbol local) in declared)
            {
                if (_facts.InsideLambda(node)) continue;
                PlannedLocal? planned = PlanLocal(node, local);
                if (planned is null) continue;
                _planned.Add(local);
                result.Add(planned);
            }
            return result;
        }

        private PlannedLocal? PlanLocal(SyntaxNode node, ILocalSymbol local)
        {
            var none = Array.Empty<SyntaxNode>();
            if (local.IsConst)
            {
                // Declared at the top of MoveNext (its initializer is a constant), unless copied whole with its statement.
                if (node.Parent?.Parent is LocalDeclarationStatementSyntax && !IsInsideVerbatimNested(node))
                    return new PlannedLocal(local, node, LocalStorage.Const, AllocateName(local.Name, unique: true), null, none);
                return null;
            }
            if (!IsHoisted(node, withChecks: true)) return null;

            bool unstorable = local.IsRef || local.Type.IsRefLikeType || local.Type.TypeKind == TypeKind.Pointer || local.Type.TypeKind == TypeKind.FunctionPointer;
            if (unstorable)
            {
                // A ref-like local may stay a real local when nothing can suspend after its declaration within its scope.
                if (SuspendsLaterInScope(node))
                    throw new RefusalException(DiagnosticDescriptors.RefLikeAcrossSuspension, node, local.Name,
                        local.IsRef ? "a ref local" : FrameNaming.Type(local.Type));
                return new PlannedLocal(local, node, LocalStorage.FlattenedLocal, AllocateName(local.Name, unique: true), null, none);
            }
            CheckStorable(local.Type, node, local.Name);
            if (_facts.IsCaptured(local) && (DeclaredInSuspendingLoop(node) || ScopeEnteredAgainByGoto(node)) && EscapingCaptures().Contains(local))
            {
                // A box per execution of the declaration is one per entry of its scope only if nothing in the scope runs
                // the declaration twice: a goto back over it within its scope keeps C#'s one variable.
                if (DeclaredAgainWithinScope(node))
                    throw new RefusalException(DiagnosticDescriptors.NotSupported, node, "A local '" + local.Name + "' captured by a closure, whose scope is entered again and which a goto within that scope declares again",
                        "declare it in a block of its own that the goto leaves and enters again, or move the label before that block");
                // C# gives each iteration its own variable, and a closure captures that one. The frame keeps a fresh
                // box per iteration in the field, and each lambda (or local function turned into a delegate) captures
                // the box of its iteration. (A local function called in place sees the current iteration's field.)
                bool boxable = node is ForEachStatementSyntax
                    || (node is VariableDeclaratorSyntax && node.Parent?.Parent is LocalDeclarationStatementSyntax) // using declarations too
                    || (node is VariableDeclaratorSyntax && node.Parent?.Parent is UsingStatementSyntax) // a fresh box per execution of the using
                    || node is SingleVariableDesignationSyntax
                    || node is CatchDeclarationSyntax // assigned once per catch
                    || (node is VariableDeclaratorSyntax && node.Parent?.Parent is ForStatementSyntax); // once per execution of the for
                if (!boxable)
                    throw new RefusalException(DiagnosticDescriptors.NotSupported, node, "A using variable '" + local.Name + "' captured by a closure, declared in a loop that suspends",
                        "every iteration would share one frame field; copy the value into a local declared inside the using's block and capture that");
                string boxField = AllocateName(local.Name);
                // The field of an anonymous type already holds a box: a fresh one per iteration is the new variable.
                if (TypeShapes.ContainsAnonymousType(local.Type) && node is SingleVariableDesignationSyntax or CatchDeclarationSyntax)
                    throw new RefusalException(DiagnosticDescriptors.NotSupported, node, "A pattern variable of anonymous type captured by a lambda in a loop that suspends",
                        "declare it with 'var' in a statement of its own");
                return new PlannedLocal(local, node, LocalStorage.FieldBoxPerIteration, boxField, null, none);
            }
            // Only step checks come between it and its uses (a local of a loop that gets checks, or the variable of a foreach over
            // a channel, assigned after each of its steps, in a loop where nothing else suspends): a local of MoveNext (registers,
            // no field traffic; a parked tasklet a field smaller), saved to a field where a check interrupts and restored where it resumes.
            bool stepVariable = IsChannelForEach(node);
            if ((_checkedLoops.Count > 0 || stepVariable) && !HasUserGoto && !_facts.IsCaptured(local) && !TypeShapes.ContainsAnonymousType(local.Type) && !SuspendsLaterInScope(node))
            {
                List<SyntaxNode> around = CheckedLoopsLaterInScope(node);
                if (stepVariable || around.Count > 0 || !IsHoisted(node, withChecks: false))
                {
                    string name = AllocateName(local.Name, unique: true);
                    return new PlannedLocal(local, node, LocalStorage.MethodLocal, name, around.Count > 0 ? AllocateSaveField(name) : null, around);
                }
            }
            return new PlannedLocal(local, node, LocalStorage.Field, AllocateName(local.Name), null, none);
        }

        private static void CheckStorable(ITypeSymbol type, SyntaxNode at, string what)
        {
            if (TypeShapes.ContainsAnonymousDelegate(type))
                throw new RefusalException(DiagnosticDescriptors.NotSupported, at, "A value of an inferred delegate type kept across a suspension point",
                    "no expression can name its type; declare the lambda with a named delegate type (e.g. Func<...>)");
            if (type.TypeKind == TypeKind.Error)
                throw new RefusalException(DiagnosticDescriptors.NotSupported, at, "An expression whose type does not bind", "fix the compile error first");
        }

        /// <summary>
        /// True when <paramref name="node"/> is lowered: it suspends, or (<paramref name="withChecks"/>) holds a loop that
        /// gets a step check. With checks, the same set as the plan's <see cref="HoistingPlan.IsLowered"/>.
        /// </summary>
        private bool Lowered(SyntaxNode node, bool withChecks) => _facts.Analysis.Contains(node) || (withChecks && _checkedSpine.Contains(node));

        /// <summary>The outermost statement (or catch/finally clause, switch expression arm) around <paramref name="node"/> that is copied whole, or null.</summary>
        private SyntaxNode? VerbatimRoot(SyntaxNode node, bool withChecks)
        {
            SyntaxNode? root = null;
            for (SyntaxNode? n = node; n != null && n != _facts.Body; n = n.Parent)
            {
                if (Lowered(n, withChecks)) break;
                if (n is StatementSyntax) root = n;
                else if (n is CatchClauseSyntax cc && cc.Parent is TryStatementSyntax t && !t.Catches.Any(c => Lowered(c, withChecks))) root = n;
                else if (n is FinallyClauseSyntax) root = n;
                else if (n is SwitchExpressionArmSyntax arm && arm.Parent is SwitchExpressionSyntax sw && !sw.Arms.Any(a => Lowered(a, withChecks))) root = n;
            }
            return root;
        }

        private bool IsInsideVerbatimNested(SyntaxNode node)
        {
            SyntaxNode? root = VerbatimRoot(node, withChecks: true);
            if (root is null) return false;
            return !(root is LocalDeclarationStatementSyntax && node.Parent?.Parent == root);
        }

        /// <summary>True when the declaration lands in the flattened scope (its statement is lowered, or copied into it).</summary>
        private bool IsHoisted(SyntaxNode declaration, bool withChecks)
        {
            SyntaxNode? root = VerbatimRoot(declaration, withChecks);
            if (root is null) return !_facts.InsideQuery(declaration); // declared on the lowered spine (a query is copied whole)
            if (root is IfStatementSyntax ifs)
            {
                // Variables declared in an if condition are in scope in the enclosing block (out var, patterns).
                return ifs.Condition.Span.Contains(declaration.Span) && !_facts.InsideLambda(declaration) && !ScopedInsideExpression(declaration, ifs);
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

        /// <summary>
        /// The statement whose end ends the declaration's scope: the for or foreach that declares it, else the block (or
        /// switch section, or the body) around it.
        /// </summary>
        private SyntaxNode? ScopeOf(SyntaxNode declaration)
        {
            if (declaration is CommonForEachStatementSyntax) return declaration;
            if (ForDeclaring(declaration) is ForStatementSyntax f) return f;
            SyntaxNode? scope = declaration.Parent;
            while (scope != null && scope is not BlockSyntax && scope is not SwitchSectionSyntax && scope != _facts.Body) scope = scope.Parent;
            return scope;
        }

        private bool SuspendsLaterInScope(SyntaxNode declaration)
        {
            SyntaxNode? scope = ScopeOf(declaration);
            if (scope is null) return true;
            int start = declaration.SpanStart;
            foreach (KeyValuePair<SyntaxNode, SuspensionKind> p in _facts.Analysis.Points)
                if (p.Key.SpanStart > start && scope.Span.Contains(p.Key.Span)) return true;
            // A channel foreach's variable is assigned after each of its steps, so neither its steps nor a loop around it carry it.
            if (IsChannelForEach(declaration)) return false;
            // A loop around the declaration that suspends would also carry it across.
            for (SyntaxNode? n = scope; n != null && n != _facts.Body; n = n.Parent)
                if (n is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax && _facts.Analysis.Contains(n)) return true;
            return false;
        }

        /// <summary>A foreach whose steps are a channel's declared suspension points (Begin/End).</summary>
        private bool IsChannelForEach(SyntaxNode node) => node is ForEachStatementSyntax && _facts.Analysis.KindOf(node) == SuspensionKind.DeclaredForEach;

        /// <summary>
        /// The checked loops whose back-edge the local is live across: a loop after the declaration in its scope, or the
        /// for loop that declares it. (A loop's body locals and a foreach's variable are dead at its back-edge: each
        /// iteration assigns them again.)
        /// </summary>
        private List<SyntaxNode> CheckedLoopsLaterInScope(SyntaxNode declaration)
        {
            var result = new List<SyntaxNode>();
            SyntaxNode? scope = ScopeOf(declaration);
            if (scope is null) return result;
            foreach (SyntaxNode loop in _checkedLoops)
                if (scope.Span.Contains(loop.Span) && (loop == ForDeclaring(declaration) || loop.SpanStart > declaration.SpanStart)) result.Add(loop);
            result.Sort((a, b) => a.SpanStart.CompareTo(b.SpanStart));
            return result;
        }

        /// <summary>
        /// A <c>goto label;</c> in the body (not in a lambda): a backward one gets BudgetCheck's step check in copied code,
        /// which saves no local of MoveNext, so with one the locals stay fields.
        /// </summary>
        private bool HasUserGoto
        {
            get
            {
                if (_hasUserGoto is bool known) return known;
                bool found = false;
                foreach (SyntaxNode n in _facts.Body.DescendantNodes())
                    if (n is GotoStatementSyntax g && g.IsKind(SyntaxKind.GotoStatement) && !_facts.InsideLambda(g)) { found = true; break; }
                _hasUserGoto = found;
                return found;
            }
        }

        private bool? _hasUserGoto;

        /// <summary>The for statement whose declaration declares <paramref name="declaration"/>, or null.</summary>
        private static ForStatementSyntax? ForDeclaring(SyntaxNode declaration) =>
            declaration.Parent?.Parent is ForStatementSyntax f && f.Declaration != null && f.Declaration.Variables.Contains(declaration) ? f : null;

        private bool DeclaredInSuspendingLoop(SyntaxNode declaration)
        {
            // A loop lowered for its step check alone flattens its body too: its variables need a box per iteration as well.
            if (declaration is CommonForEachStatementSyntax && Lowered(declaration, withChecks: true)) return true; // one variable per iteration
            for (SyntaxNode? n = declaration.Parent; n != null && n != _facts.Body; n = n.Parent)
            {
                if (n is WhileStatementSyntax or DoStatementSyntax or CommonForEachStatementSyntax && Lowered(n, withChecks: true)) return true;
                if (n is ForStatementSyntax f && Lowered(n, withChecks: true) && !(f.Declaration?.Variables.Contains(declaration) ?? false)) return true;
            }
            return false;
        }

        /// <summary>
        /// True when a cycle closed by the user's backward goto enters <paramref name="declaration"/>'s scope again: a jump
        /// from in or after the scope to before it (C# makes the scope's variables anew on each entry, a for's included; a
        /// goto cannot jump into a block, so one that stays inside the scope keeps the same variables).
        /// </summary>
        private bool ScopeEnteredAgainByGoto(SyntaxNode declaration)
        {
            SyntaxNode scope = EntryScope(declaration);
            foreach ((int target, int source) in BackwardGotoSpans())
                if (target < scope.SpanStart && source >= scope.SpanStart) return true;
            return false;
        }

        /// <summary>A backward goto within <paramref name="declaration"/>'s scope from after it to before it.</summary>
        private bool DeclaredAgainWithinScope(SyntaxNode declaration)
        {
            SyntaxNode scope = EntryScope(declaration);
            foreach ((int target, int source) in BackwardGotoSpans())
                if (scope.Span.Contains(target) && target <= declaration.SpanStart && declaration.SpanStart <= source && scope.Span.Contains(source)) return true;
            return false;
        }

        /// <summary>
        /// The statement whose every entry makes <paramref name="declaration"/>'s variable anew: the for, using, foreach or
        /// catch that declares it, else its block (a switch section's locals: the switch's). A pattern variable in a
        /// condition may have a narrower scope; its block is wider, which only ever finds fewer re-entries.
        /// </summary>
        private SyntaxNode EntryScope(SyntaxNode declaration) => declaration switch
        {
            VariableDeclaratorSyntax { Parent.Parent: UsingStatementSyntax u } => u,
            CatchDeclarationSyntax { Parent: CatchClauseSyntax clause } => clause,
            _ => ScopeOf(declaration) switch
            {
                SwitchSectionSyntax section => section.Parent!,
                SyntaxNode scope => scope,
                null => _facts.Body,
            },
        };

        /// <summary>
        /// The user's backward jumps (not in lambdas), each as where its target starts and where it is: a label, or for a
        /// <c>goto case</c>/<c>goto default</c> its switch statement (any section before the jump's may be the target).
        /// </summary>
        private List<(int Target, int Source)> BackwardGotoSpans()
        {
            if (_backwardGotoSpans != null) return _backwardGotoSpans;
            var result = new List<(int, int)>();
            foreach (SyntaxNode n in _facts.Body.DescendantNodes())
            {
                if (n is not GotoStatementSyntax jump || _facts.InsideLambda(jump) || !BackwardJumps.IsBackward(jump, _facts.Model, _facts.Ct)) continue;
                int target = jump.IsKind(SyntaxKind.GotoStatement)
                    ? _facts.Model.GetSymbolInfo(jump.Expression!, _facts.Ct).Symbol!.Locations.Where(l => l.SourceTree == jump.SyntaxTree).Min(l => l.SourceSpan.Start)
                    : jump.Ancestors().OfType<SwitchSectionSyntax>().First().Parent!.SpanStart;
                result.Add((target, jump.SpanStart));
            }
            return _backwardGotoSpans = result;
        }

        private List<(int Target, int Source)>? _backwardGotoSpans;

        /// <summary>
        /// Locals a closure that may outlive the statement refers to: lambdas, and local functions turned into
        /// delegates, including through the local functions they call.
        /// </summary>
        private HashSet<ISymbol> EscapingCaptures()
        {
            if (_escapingCaptures != null) return _escapingCaptures;
            var result = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (SyntaxNode n in _facts.Body.DescendantNodes())
            {
                if (n is AnonymousFunctionExpressionSyntax) result.UnionWith(_facts.ReferencedLocals(n));
                else if (n is SimpleNameSyntax name && _facts.IsLocalFunctionAsValue(name) && _facts.LocalFunctionDeclaration(name) is LocalFunctionStatementSyntax f)
                    result.UnionWith(_facts.ReferencedLocals(f));
            }
            return _escapingCaptures = result;
        }

        // ---------------------------------------------------------------- what stays in copied code

        /// <summary>
        /// Locals that stay locals, renamed by symbol where their name could hide or capture a frame-level name: a local
        /// of copied code keeps its own scope, where the user could not name another local the same, so only frame
        /// members and generated names can clash with it; a local function declared straight into the flattened scope
        /// encloses every other scope of the method, so it takes a name no other local of the method has.
        /// </summary>
        private Dictionary<ISymbol, string> NameCopiedLocals()
        {
            var result = new Dictionary<ISymbol, string>(SymbolEqualityComparer.Default);
            foreach ((SyntaxNode node, ISymbol symbol) in _facts.LocalDeclarations())
            {
                if (_planned.Contains(symbol)) continue; // a frame-level name already
                if (symbol is IParameterSymbol { IsDiscard: true } || symbol.Name == "_") continue;
                bool flattened = node is LocalFunctionStatementSyntax f && !_facts.InsideLambda(f) && VerbatimRoot(f, withChecks: true) == f;
                if (flattened) result[symbol] = AllocateName(symbol.Name, unique: true);
                else if (_reserved.Contains(symbol.Name) || symbol.Name.StartsWith("__", StringComparison.Ordinal)) result[symbol] = AllocateName(symbol.Name);
            }
            return result;
        }

        /// <summary>
        /// The lowering puts labels of sibling blocks into one scope (CS0140) or copied blocks inside it (CS0158): each
        /// label of the method body (lambdas have their own) gets a name of its own, and none starts with <c>__</c>.
        /// </summary>
        private Dictionary<LabeledStatementSyntax, string> NameLabels()
        {
            var result = new Dictionary<LabeledStatementSyntax, string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (SyntaxNode node in _facts.Body.DescendantNodes())
                if (node is LabeledStatementSyntax l && !_facts.InsideLambda(l)) taken.Add(l.Identifier.ValueText);
            foreach (SyntaxNode node in _facts.Body.DescendantNodes())
            {
                if (node is not LabeledStatementSyntax labeled || _facts.InsideLambda(labeled)) continue;
                string name = labeled.Identifier.ValueText;
                if (!name.StartsWith("__", StringComparison.Ordinal) && seen.Add(name)) continue;
                string stem = name.TrimStart('_');
                if (stem.Length == 0) stem = "L";
                string candidate;
                int i = 2;
                do candidate = stem + "_" + (i++).ToString(System.Globalization.CultureInfo.InvariantCulture);
                while (taken.Contains(candidate) || _facts.BodyIdentifiers.Contains(candidate));
                taken.Add(candidate);
                result[labeled] = candidate;
            }
            return result;
        }
    }
}
