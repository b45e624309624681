using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;
using Stackless.Generator.Ir;
using Stackless.Generator.Model;

namespace Stackless.Generator.Lowering
{
    // Statements on the suspending spine: blocks, if, loops, foreach, labels, return are flattened into labels in
    // one scope. A statement with no suspension point is copied whole.
    internal sealed partial class ControlFlowLowering
    {
        public void LowerStatements(SyntaxList<StatementSyntax> statements, int start)
        {
            for (int i = start; i < statements.Count; i++)
            {
                _facts.Ct.ThrowIfCancellationRequested();
                if (statements[i] is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } usingDecl)
                {
                    LowerUsingDeclaration(usingDecl, statements, i + 1);
                    return;
                }
                LowerStatement(statements[i]);
            }
        }

        /// <summary>A block whose statements are lowered in place when it suspends, or copied whole (own scope) when not.</summary>
        private void LowerBlock(BlockSyntax block)
        {
            if (_plan.IsLowered(block)) LowerStatements(block.Statements, 0);
            else
            {
                SetPosition(block);
                EmitVerbatim(block);
            }
        }

        private void LowerStatement(StatementSyntax statement)
        {
            StackGuard.Ensure(statement);
            SetPosition(statement);
            switch (statement)
            {
                case BlockSyntax block when _plan.IsLowered(block):
                    LowerStatements(block.Statements, 0);
                    return;
                case LabeledStatementSyntax labeled:
                    EmitLabel(LabelText(labeled));
                    LowerStatement(labeled.Statement);
                    return;
                case LocalDeclarationStatementSyntax decl:
                    LowerLocalDeclaration(decl);
                    return;
                case EmptyStatementSyntax:
                    return;
            }

            if (!_plan.IsLowered(statement))
            {
                EmitVerbatim(statement);
                return;
            }

            switch (statement)
            {
                case ExpressionStatementSyntax e:
                    _expressions.LowerForEffect(e.Expression);
                    break;
                case IfStatementSyntax s:
                    LowerIf(s);
                    break;
                case WhileStatementSyntax s:
                    LowerWhile(s);
                    break;
                case DoStatementSyntax s:
                    LowerDo(s);
                    break;
                case ForStatementSyntax s:
                    LowerFor(s);
                    break;
                case CommonForEachStatementSyntax s:
                    LowerForEach(s);
                    break;
                case ReturnStatementSyntax s:
                    LowerReturn(s.Expression, s);
                    break;
                case ThrowStatementSyntax s:
                    EmitUser(GeneratedSyntax.ThrowStatement(_expressions.Lower(s.Expression!).Bare()));
                    break;
                case SwitchStatementSyntax s:
                    LowerSwitch(s);
                    break;
                case TryStatementSyntax s:
                    LowerTry(s);
                    break;
                case UsingStatementSyntax s:
                    LowerUsing(s);
                    break;
                case CheckedStatementSyntax s:
                {
                    string? saved = _ir.Checked;
                    _ir.Checked = s.Keyword.IsKind(SyntaxKind.CheckedKeyword) ? "checked" : "unchecked";
                    LowerStatements(s.Block.Statements, 0);
                    _ir.Checked = saved;
                    break;
                }
                default:
                    throw new RefusalException(DiagnosticDescriptors.NotSupported, statement,
                        "A suspension point inside a '" + statement.Kind().ToString().Replace("Statement", "") + "' statement", "this statement cannot be split at a suspension point yet");
            }
        }

        private void EmitVerbatim(StatementSyntax statement)
        {
            if (statement is LocalFunctionStatementSyntax)
            {
                EmitUser(Copy(statement), allowChecked: false);
                return;
            }
            EmitUser(Copy(statement));
        }

        private void LowerLocalDeclaration(LocalDeclarationStatementSyntax decl)
        {
            if (decl.IsConst) return; // emitted at the top of MoveNext
            if (decl.UsingKeyword.RawKind != 0)
            {
                LowerUsingDeclaration(decl, default, 0);
                return;
            }
            foreach (VariableDeclaratorSyntax v in decl.Declaration.Variables)
            {
                if (_facts.Model.GetDeclaredSymbol(v, _facts.Ct) is not ILocalSymbol local) continue;
                if (_plan.KeepsDeclaration(local))
                {
                    // A ref-like local that never lives across a suspension stays a real local.
                    EmitUser(Text(decl));
                    return;
                }
                if (!_plan.IsAssigned(local))
                {
                    EmitUser(Text(decl));
                    return;
                }
                if (v.Initializer == null)
                {
                    if (_plan.IsBoxedPerIteration(local)) Emit(Declare(local, null));
                    continue;
                }
                ExpressionSyntax init = v.Initializer.Value;
                if (init is InitializerExpressionSyntax arrayInit)
                {
                    // int[] a = { ... } — give the initializer its array type.
                    ExpressionSyntax elements = _plan.IsLowered(arrayInit) ? _expressions.LowerChildren(arrayInit, arrayInit.Expressions.ToList()).Bare() : CopiedExpression(arrayInit);
                    EmitUser(DeclareStatement(local, ArrayCreation(local.Type, elements, arrayInit)));
                    continue;
                }
                EmitUser(DeclareStatement(local, _expressions.LowerOrVoid(init)?.Bare()));
            }
        }

        /// <summary><c>new T[] { … }</c>: an array initializer given its array type (<c>int[] a = { … }</c>).</summary>
        private static ArrayCreationExpressionSyntax ArrayCreation(ITypeSymbol type, ExpressionSyntax elements, SyntaxNode at) =>
            SyntaxFactory.ArrayCreationExpression(SyntaxFactory.Token(default, SyntaxKind.NewKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                (TypeSyntaxes.Of(type) as ArrayTypeSyntax ?? throw TypeSyntaxes.Unwritable(at)).WithTrailingTrivia(SyntaxFactory.Space),
                elements as InitializerExpressionSyntax ?? throw new RefusalException(DiagnosticDescriptors.NotSupported, at, "This array initializer", "it was not kept as an initializer"));

        /// <summary><c>target = init;</c> with suspension points in <paramref name="init"/> spilled first.</summary>
        private void LowerAssignInto(ExpressionSyntax target, ExpressionSyntax init) => EmitUser(GeneratedSyntax.AssignStatement(target, _expressions.Lower(init).Bare()));

        public void LowerReturn(ExpressionSyntax? expression, SyntaxNode at) =>
            EmitUser(LoweredReturn(expression is null ? null : _expressions.Lower(expression).Bare()));

        /// <summary>
        /// <c>if … else if … else if …</c> nests each if in the previous one's else, as deep as the chain is long: the
        /// chain is lowered in a loop (one end label for all), never by a recursion as deep as it.
        /// </summary>
        private void LowerIf(IfStatementSyntax first)
        {
            string end = NewLabel("endif");
            for (IfStatementSyntax s = first; ;)
            {
                LoweredValue condition = LowerCondition(s.Condition);
                string? elseLabel = s.Else is null ? null : NewLabel("else");
                EmitIfGoto(_expressions.Negated(condition, s.Condition), elseLabel ?? end, user: true);
                LowerStatement(s.Statement);
                if (s.Else is null) break;
                EmitGoto(end);
                EmitLabel(elseLabel!);
                if (s.Else.Statement is IfStatementSyntax next && _plan.IsLowered(next))
                {
                    SetPosition(next);
                    s = next;
                    continue;
                }
                LowerStatement(s.Else.Statement);
                break;
            }
            EmitLabel(end);
        }

        private LoweredValue LowerCondition(ExpressionSyntax condition) => _expressions.Lower(condition);

        private JumpTargets RegisterLoop(SyntaxNode loop, string breakLabel, string continueLabel)
        {
            var targets = new JumpTargets { Break = breakLabel, Continue = continueLabel };
            JumpTargets[loop] = targets;
            return targets;
        }

        private void LowerWhile(WhileStatementSyntax s)
        {
            string cont = NewLabel("while"), brk = NewLabel("endwhile");
            RegisterLoop(s, brk, cont);
            EmitLabel(cont);
            SetPosition(s.Condition);
            LoweredValue condition = LowerCondition(s.Condition);
            EmitIfGoto(_expressions.Negated(condition, s.Condition), brk, user: true);
            LowerStatement(s.Statement);
            EmitLoopBackEdge(s, cont);
            EmitLabel(brk);
        }

        private void LowerDo(DoStatementSyntax s)
        {
            string top = NewLabel("do"), cont = NewLabel("dowhile"), brk = NewLabel("enddo");
            RegisterLoop(s, brk, cont);
            EmitLabel(top);
            LowerStatement(s.Statement);
            EmitLabel(cont);
            SetPosition(s.Condition);
            LoweredValue condition = LowerCondition(s.Condition);
            EmitLoopBackEdgeIf(s, Parentheses.Unwrapped(condition.Bare()), top);
            EmitLabel(brk);
        }

        private void LowerFor(ForStatementSyntax s)
        {
            if (s.Declaration != null)
            {
                foreach (VariableDeclaratorSyntax v in s.Declaration.Variables)
                {
                    ILocalSymbol local = (ILocalSymbol)_facts.Model.GetDeclaredSymbol(v, _facts.Ct)!;
                    // A loop variable captured by a lambda inside an enclosing suspending loop: one box per execution of the for.
                    bool boxed = _plan.IsBoxedPerIteration(local);
                    if (boxed) Emit(Declare(local, null));
                    if (v.Initializer == null) continue;
                    LowerAssignInto(StorageOf(local), v.Initializer.Value);
                }
            }
            foreach (ExpressionSyntax e in s.Initializers) _expressions.LowerForEffect(e);
            string top = NewLabel("for"), cont = NewLabel("fornext"), brk = NewLabel("endfor");
            RegisterLoop(s, brk, cont);
            EmitLabel(top);
            if (s.Condition != null)
            {
                SetPosition(s.Condition);
                LoweredValue condition = LowerCondition(s.Condition);
                EmitIfGoto(_expressions.Negated(condition, s.Condition), brk, user: true);
            }
            LowerStatement(s.Statement);
            EmitLabel(cont);
            foreach (ExpressionSyntax e in s.Incrementors)
            {
                SetPosition(e);
                _expressions.LowerForEffect(e);
            }
            EmitLoopBackEdge(s, top);
            EmitLabel(brk);
        }

        private void LowerForEach(CommonForEachStatementSyntax s)
        {
            ForEachStatementInfo info = _facts.Model.GetForEachStatementInfo(s);
            SetPosition(s.Expression);
            if (info.IsAsynchronous)
                throw new RefusalException(DiagnosticDescriptors.NotSupported, s, "'await foreach'", "tasklets do not await");
            ITypeSymbol? collectionType = _facts.Model.GetTypeInfo(s.Expression, _facts.Ct).Type ?? _facts.Model.GetTypeInfo(s.Expression, _facts.Ct).ConvertedType;
            if (collectionType is null || info.ElementType is null)
                throw new RefusalException(DiagnosticDescriptors.NotSupported, s.Expression, "This foreach", "its collection does not bind");

            if (_facts.Analysis.KindOf(s) == SuspensionKind.DeclaredForEach)
            {
                // Each step is the pair GetEnumerator's [SuspensionPoint] names (Channel: BeginReceive / EndReceiveNext).
                SuspensionContract contract = _facts.Known.ContractOf(info.GetEnumeratorMethod!, s.Expression, _facts.Method.ContainingType);
                if (contract.IsNestedFrame)
                    throw new RefusalException(DiagnosticDescriptors.IllFormedSuspensionPoint, s.Expression,
                        info.GetEnumeratorMethod!.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), "a foreach step must be a Begin/End pair");
                // The channel is evaluated once. A parameter nothing assigns is read again at each step instead of copied
                // into a field of its own, and the item lives within a step: a frame field fewer each (issue 15).
                bool channelIsParameter = collectionType.IsReferenceType && _facts.IsUnwrittenParameter(s.Expression);
                LoweredValue channel;
                if (channelIsParameter)
                    channel = _expressions.Lower(s.Expression);
                else
                {
                    channel = NewTemp(collectionType, s.Expression, "channel");
                    EmitUserAssign(channel, _expressions.Lower(s.Expression));
                }
                LoweredValue item = _expressions.NewStepTemp(info.ElementType, s, "item");
                string cont = NewLabel("receive"), brk = NewLabel("endforeach");
                RegisterLoop(s, brk, cont);
                EmitLabel(cont);
                int state = NewResumePoint();
                _ir.Add(new IrSuspend(state, LineOf(s.Expression), Excerpt.Short("foreach (... in " + s.Expression + ")"),
                    ForEachStep(contract.Begin!, contract.BeginTakesFrame, info.GetEnumeratorMethod!, channel, null, s.Expression), _ir.Line, _ir.Column, StateFirst: true));
                EmitIfGoto(GeneratedSyntax.Not(ForEachStep(contract.End!, contract.EndTakesFrame, info.GetEnumeratorMethod!, channel, item, s.Expression)), brk, user: false);
                AssignIterationVariable(s, info, item.Bare());
                LowerStatement(s.Statement);
                EmitGoto(cont, loopBackEdge: true);
                EmitLabel(brk);
                if (!channelIsParameter)
                    Emit(new IrAssign(channel.Bare(), GeneratedSyntax.NullForgiving()));
                return;
            }

            if (collectionType is IArrayTypeSymbol { Rank: 1 } arrayType)
            {
                LoweredValue array = NewTemp(arrayType, s.Expression, "array");
                string index = NewTemp("int", "index");
                EmitUserAssign(array, _expressions.Lower(s.Expression));
                Emit(new IrAssign(GeneratedSyntax.Name(index), GeneratedSyntax.Number(0)));
                string top = NewLabel("foreach"), cont = NewLabel("foreachnext"), brk = NewLabel("endforeach");
                RegisterLoop(s, brk, cont);
                EmitLabel(top);
                EmitIfGoto(GeneratedSyntax.Binary(SyntaxKind.GreaterThanOrEqualExpression, SyntaxKind.GreaterThanEqualsToken, GeneratedSyntax.Name(index),
                    GeneratedSyntax.Member(array.Bare(), GeneratedSyntax.Name("Length"))), brk, user: false);
                AssignIterationVariable(s, info, SyntaxFactory.ElementAccessExpression(array.Bare(),
                    SyntaxFactory.BracketedArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(GeneratedSyntax.Name(index))))));
                LowerStatement(s.Statement);
                EmitLabel(cont);
                Emit(new IrIncrement(index));
                EmitLoopBackEdge(s, top);
                EmitLabel(brk);
                Emit(new IrAssign(array.Bare(), GeneratedSyntax.NullForgiving()));
                return;
            }

            IMethodSymbol? getEnumerator = info.GetEnumeratorMethod;
            if (getEnumerator is null || getEnumerator.ReturnType.IsRefLikeType || getEnumerator.IsExtensionMethod)
                throw new RefusalException(DiagnosticDescriptors.NotSupported, s.Expression, "This foreach across a suspension point", "its enumerator cannot be kept in a frame field");
            ITypeSymbol enumeratorType = getEnumerator.ReturnType;
            LoweredValue enumerator = NewTemp(enumeratorType, s.Expression, "enumerator");
            LoweredValue collection = _expressions.Lower(s.Expression);
            if (SymbolEqualityComparer.Default.Equals(getEnumerator.ContainingType, collectionType) || getEnumerator.ContainingType.TypeKind != TypeKind.Interface)
                EmitUserAssign(enumerator, GetEnumeratorCall(GeneratedSyntax.Paren(collection.Bare())));
            else if (!TypeShapes.ContainsAnonymousType(getEnumerator.ContainingType) && TypeSyntaxes.Of(getEnumerator.ContainingType) is TypeSyntax interfaceType)
                EmitUserAssign(enumerator, GetEnumeratorCall(GeneratedSyntax.Paren(SyntaxFactory.CastExpression(interfaceType, GeneratedSyntax.Paren(collection.Bare())))));
            else
                EmitUserAssign(enumerator, GetEnumeratorCall(_expressions.Cast(getEnumerator.ContainingType, collection.Bare()))); // an interface of an anonymous type: __AnonCast
            IrResource? dispose = Disposal(enumerator.Bare(), enumeratorType, info.DisposeMethod != null);
            EmitTryFinally(() =>
            {
                string top = NewLabel("foreach"), brk = NewLabel("endforeach");
                RegisterLoop(s, brk, top);
                EmitLabel(top);
                EmitIfGoto(GeneratedSyntax.Not(GeneratedSyntax.Call(GeneratedSyntax.Member(enumerator.Bare(), GeneratedSyntax.Name("MoveNext")), System.Array.Empty<ArgumentSyntax>())), brk, user: false);
                AssignIterationVariable(s, info, GeneratedSyntax.Member(enumerator.Bare(), GeneratedSyntax.Name("Current")));
                LowerStatement(s.Statement);
                EmitLoopBackEdge(s, top);
                EmitLabel(brk);
            }, dispose is IrResource d ? new[] { d } : System.Array.Empty<IrResource>());
        }

        /// <summary><c>collection.GetEnumerator()</c>.</summary>
        private static InvocationExpressionSyntax GetEnumeratorCall(ExpressionSyntax collection) =>
            GeneratedSyntax.Call(GeneratedSyntax.Member(collection, GeneratedSyntax.Name("GetEnumerator")), System.Array.Empty<ArgumentSyntax>());

        /// <summary>A call of a foreach step's Begin or End: on the collection, or static on its type.</summary>
        private static ExpressionSyntax ForEachStep(IMethodSymbol member, bool takesFrame, IMethodSymbol getEnumerator, LoweredValue collection, LoweredValue? outItem, SyntaxNode at)
        {
            var args = new List<ArgumentSyntax>(2);
            if (takesFrame) args.Add(SyntaxFactory.Argument(SyntaxFactory.ThisExpression()));
            if (outItem != null) args.Add(GeneratedSyntax.ByReference(SyntaxKind.OutKeyword, outItem.Value.Bare()));
            INamedTypeSymbol owner = SymbolEqualityComparer.Default.Equals(member.ContainingType, getEnumerator.ContainingType.OriginalDefinition)
                ? getEnumerator.ContainingType : member.ContainingType;
            ExpressionSyntax target = member.IsStatic
                ? TypeSyntaxes.Of(owner) ?? throw new RefusalException(DiagnosticDescriptors.NotSupported, at, "This foreach", "its collection's type cannot be written (does it bind?)")
                : collection.Bare();
            return GeneratedSyntax.Call(GeneratedSyntax.Member(target, GeneratedSyntax.Name(FrameNaming.Escape(member.Name))), args);
        }

        /// <summary>How the resource in <paramref name="variable"/> is disposed; null when it cannot be disposable.</summary>
        private static IrResource? Disposal(ExpressionSyntax variable, ITypeSymbol type, bool knownDisposable)
        {
            if (type.IsValueType)
                return knownDisposable ? new IrResource(variable, IrDisposal.Cast) : null;
            if (knownDisposable) return new IrResource(variable, IrDisposal.NullChecked);
            if (type.IsSealed) return null;
            return new IrResource(variable, IrDisposal.AsDisposable);
        }

        private void AssignIterationVariable(CommonForEachStatementSyntax s, ForEachStatementInfo info, ExpressionSyntax current)
        {
            ExpressionSyntax value = current;
            switch (s)
            {
                case ForEachStatementSyntax fe:
                {
                    ILocalSymbol local = (ILocalSymbol)_facts.Model.GetDeclaredSymbol(fe, _facts.Ct)!;
                    if (!SymbolEqualityComparer.Default.Equals(local.Type, info.ElementType))
                        value = _expressions.Cast(local.Type, current);
                    Emit(Declare(local, value));
                    break;
                }
                case ForEachVariableStatementSyntax fev:
                    EmitUser(GeneratedSyntax.AssignStatement(OuterTrivia.Without((ExpressionSyntax)Rewrite(fev.Variable)), current));
                    break;
            }
        }

        /// <summary>
        /// A synthetic <c>try { body } finally { cleanup }</c> (foreach enumerators, using): the try gets its own
        /// dispatch, and the cleanup is guarded so that it does not run when the frame merely suspends.
        /// </summary>
        private void EmitTryFinally(System.Action body, IReadOnlyList<IrResource> cleanup)
        {
            var scope = new TryScope { EntryLabel = NewLabel("try") };
            List<IrNode> inner = LowerInto(scope, body);
            var cleanupBody = cleanup.Count == 0
                ? EquatableArray<IrNode>.Empty
                : new EquatableArray<IrNode>(new IrNode[] { new IrBlock(new EquatableArray<IrNode>(new IrNode[] { new IrDispose(cleanup.ToEquatableArray()) })) });
            _ir.Add(new IrTryRegion(scope.EntryLabel, IrDispatch.None, inner.ToEquatableArray(),
                new EquatableArray<IrNode>(new IrNode[] { new IrFinally(GuardedByState: cleanup.Count > 0, cleanupBody) })));
        }
    }
}
