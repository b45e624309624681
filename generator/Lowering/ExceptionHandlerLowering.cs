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
    // try/catch/finally around suspension points:
    // - a try that suspends gets its own dispatch at its top (C# forbids a goto into a try: StateDispatch);
    // - a finally without suspension stays a real finally, guarded by State so that it does not run on suspension;
    // - catch blocks or a finally that suspend are lowered in place and left structured (IrTryWithLoweredCatches,
    //   IrTryWithLoweredFinally); the ExceptionHandlerRouting pass runs them after
    //   the try, and routes the jumps leaving a lowered finally's try through it (pending branches).
    internal sealed partial class ControlFlowLowering
    {
        private void LowerTry(TryStatementSyntax s)
        {
            foreach (CatchClauseSyntax c in s.Catches)
                if (c.Filter != null && _facts.Analysis.Contains(c.Filter)) // a refusal: a filter that suspends, not a choice of lowering
                    throw new RefusalException(DiagnosticDescriptors.SuspensionInFilter, c.Filter, Excerpt.Short(c.Filter.ToString()));

            if (s.Finally != null && _plan.IsLowered(s.Finally))
            {
                LowerTryWithSuspendingFinally(s);
                return;
            }
            if (s.Catches.Any(c => _plan.IsLowered(c)))
            {
                if (s.Finally != null)
                {
                    EmitTryFinallyVerbatim(s, () => LowerTryWithSuspendingCatches(s));
                    return;
                }
                LowerTryWithSuspendingCatches(s);
                return;
            }
            // Suspension only in the try block: a real try statement with its own dispatch.
            EmitTryWithCopiedCatches(s, new TryScope { EntryLabel = NewLabel("try") }, s.Finally);
        }

        /// <summary>
        /// A real try statement whose block suspends: the lowered block with its own dispatch at the top (C# forbids
        /// a goto into a try), followed by the catches, which do not suspend, copied as written.
        /// </summary>
        private void EmitTryWithCopiedCatches(TryStatementSyntax s, TryScope scope, FinallyClauseSyntax? copiedFinally = null)
        {
            List<IrNode> inner = LowerInto(scope, () => LowerBlock(s.Block));
            var handlers = new List<IrNode>();
            foreach (CatchClauseSyntax c in s.Catches)
            {
                SetPosition(c);
                CopiedCode copy = Copy(c);
                handlers.Add(new IrVerbatim(copy.Text, _ir.Line, _ir.Column, copy.Holes));
            }
            if (copiedFinally != null) handlers.Add(GuardedFinally(copiedFinally));
            _ir.Add(new IrTryRegion(scope.EntryLabel, IrDispatch.None, inner.ToEquatableArray(), handlers.ToEquatableArray()));
        }

        /// <summary>Lowers <paramref name="body"/> inside <paramref name="scope"/> into a separate list of nodes (a try region's body, or a handler run after its try).</summary>
        private List<IrNode> LowerInto(TryScope? scope, System.Action body)
        {
            TryScope? savedTry = Try;
            Try = scope;
            List<IrNode> inner = _ir.Into(body);
            Try = savedTry;
            return inner;
        }

        /// <summary>A finally that does not suspend, copied as written, run only when the frame does not merely suspend.</summary>
        private IrFinally GuardedFinally(FinallyClauseSyntax f)
        {
            SetPosition(f.Block);
            CopiedCode copy = Copy(f.Block);
            var block = new IrVerbatim(copy.Text, _ir.Line, _ir.Column, copy.Holes);
            return new IrFinally(GuardedByState: true, new EquatableArray<IrNode>(new IrNode[] { block }));
        }

        /// <summary>try { body } finally { verbatim finally } where body is produced by <paramref name="lowerBody"/>.</summary>
        private void EmitTryFinallyVerbatim(TryStatementSyntax s, System.Action lowerBody)
        {
            var scope = new TryScope { EntryLabel = NewLabel("try") };
            List<IrNode> inner = LowerInto(scope, lowerBody);
            _ir.Add(new IrTryRegion(scope.EntryLabel, IrDispatch.None, inner.ToEquatableArray(),
                new EquatableArray<IrNode>(new IrNode[] { GuardedFinally(s.Finally!) })));
        }

        /// <summary>
        /// Catches that suspend: the try block and each clause lowered, left structured
        /// (<see cref="IrTryWithLoweredCatches"/>) for <see cref="ExceptionHandlerRouting"/> to run the clauses after the try.
        /// </summary>
        private void LowerTryWithSuspendingCatches(TryStatementSyntax s)
        {
            string caught = NewTemp("int", "caught");
            string exception = NewTemp("global::System.Exception", "exception");
            var scope = new TryScope { EntryLabel = NewLabel("try") };
            List<IrNode> inner = LowerInto(scope, () => LowerBlock(s.Block));
            var clauses = new List<(TypeSyntax Type, string ExceptionName, ExpressionSyntax? Filter)>();
            foreach (CatchClauseSyntax c in s.Catches)
            {
                string exName = _alloc.NewTempName("ex");
                TypeSyntax type = c.Declaration is null ? GeneratedSyntax.GlobalType("System", "Exception")
                    : TypeSyntaxes.Of(_facts.Model.GetTypeInfo(c.Declaration.Type, _facts.Ct).Type!)
                        ?? throw new RefusalException(DiagnosticDescriptors.NotSupported, c.Declaration, "A catch of a type that does not bind", "fix the compile error first");
                ExpressionSyntax? filter = null;
                if (c.Filter != null)
                {
                    var overrides = new Dictionary<ISymbol, string>(SymbolEqualityComparer.Default);
                    if (c.Declaration != null && _facts.Model.GetDeclaredSymbol(c.Declaration, _facts.Ct) is ILocalSymbol l) overrides[l] = exName;
                    SetPosition(c.Filter);
                    filter = OuterTrivia.Without((ExpressionSyntax)Rewrite(c.Filter.FilterExpression, overrides: overrides));
                }
                clauses.Add((type, exName, filter));
            }
            string end = NewLabel("endtry");
            var catches = new List<IrLoweredCatch>(s.Catches.Count);
            for (int i = 0; i < s.Catches.Count; i++)
            {
                CatchClauseSyntax c = s.Catches[i];
                string skip = NewLabel("notcaught");
                List<IrNode> body = LowerInto(Try, () =>
                {
                    if (c.Declaration != null && _facts.Model.GetDeclaredSymbol(c.Declaration, _facts.Ct) is ILocalSymbol local && _plan.HasName(local))
                        Emit(Declare(local, GeneratedSyntax.Cast(TypeSyntaxes.Of(local.Type) ?? throw TypeSyntaxes.Unwritable(c.Declaration), GeneratedSyntax.Name(exception)))); // a fresh box when a lambda captures it in a loop
                    string? savedRethrow = Rethrow;
                    Rethrow = exception;
                    SetPosition(c.Block);
                    LowerBlock(c.Block);
                    Rethrow = savedRethrow;
                });
                catches.Add(new IrLoweredCatch(clauses[i].Type, clauses[i].ExceptionName, IrSyntax<ExpressionSyntax>.Optional(clauses[i].Filter), skip, body.ToEquatableArray()));
            }
            _ir.Add(new IrTryWithLoweredCatches(scope.EntryLabel, caught, exception, inner.ToEquatableArray(), catches.ToEquatableArray(), end));
        }

        /// <summary>
        /// A finally that suspends: the try block (with its catches) and the finally block lowered, left structured
        /// (<see cref="IrTryWithLoweredFinally"/>) for <see cref="ExceptionHandlerRouting"/> to run the finally after the
        /// try (and to route the jumps leaving it through it).
        /// </summary>
        private void LowerTryWithSuspendingFinally(TryStatementSyntax s)
        {
            string pending = NewTemp("global::System.Exception", "pendingException");
            string branch = NewTemp("int", "pendingBranch");
            var scope = new TryScope { EntryLabel = NewLabel("try") };
            string exit = NewLabel("tryexit");
            List<IrNode> inner = LowerInto(scope, () =>
            {
                if (s.Catches.Count > 0 && s.Catches.Any(c => _plan.IsLowered(c)))
                    LowerTryWithSuspendingCatches(s);
                else if (s.Catches.Count > 0)
                    LowerTryCatchOnly(s);
                else
                    LowerBlock(s.Block);
            });
            string exName = _alloc.NewTempName("ex");
            SetPosition(s.Finally!);
            List<IrNode> finallyBody = LowerInto(Try, () => LowerBlock(s.Finally!.Block));
            _ir.Add(new IrTryWithLoweredFinally(scope.EntryLabel, pending, branch, exit, exName, inner.ToEquatableArray(), finallyBody.ToEquatableArray()));
        }

        /// <summary>The try/catch part of a try/catch/finally whose catches do not suspend (the finally is lowered around it).</summary>
        private void LowerTryCatchOnly(TryStatementSyntax s)
        {
            EmitTryWithCopiedCatches(s, new TryScope { EntryLabel = NewLabel("try") });
        }

        private void LowerUsing(UsingStatementSyntax s)
        {
            if (s.AwaitKeyword.RawKind != 0)
                throw new RefusalException(DiagnosticDescriptors.NotSupported, s, "'await using'", "tasklets do not await");
            var resources = new List<(ExpressionSyntax Variable, ITypeSymbol Type)>();
            SetPosition(s);
            if (s.Declaration != null)
            {
                foreach (VariableDeclaratorSyntax v in s.Declaration.Variables)
                {
                    var local = (ILocalSymbol)_facts.Model.GetDeclaredSymbol(v, _facts.Ct)!;
                    resources.Add((StartResource(local, v.Initializer!.Value), local.Type));
                }
            }
            else if (s.Expression != null)
            {
                ITypeSymbol type = _facts.Model.GetTypeInfo(s.Expression, _facts.Ct).Type!;
                LoweredValue temp = NewTemp(type, s.Expression);
                EmitUserAssign(temp, _expressions.Lower(s.Expression));
                resources.Add((temp.Bare(), type));
            }
            EmitUsingTry(resources, () => LowerStatement(s.Statement));
        }

        private void LowerUsingDeclaration(LocalDeclarationStatementSyntax decl, SyntaxList<StatementSyntax> rest, int start)
        {
            if (decl.AwaitKeyword.RawKind != 0)
                throw new RefusalException(DiagnosticDescriptors.NotSupported, decl, "'await using'", "tasklets do not await");
            var resources = new List<(ExpressionSyntax Variable, ITypeSymbol Type)>();
            SetPosition(decl);
            foreach (VariableDeclaratorSyntax v in decl.Declaration.Variables)
            {
                var local = (ILocalSymbol)_facts.Model.GetDeclaredSymbol(v, _facts.Ct)!;
                if (!_plan.TryGetName(local, out string? name) || _plan.KeepsDeclaration(local))
                    throw new RefusalException(DiagnosticDescriptors.NotSupported, decl, "This using declaration", "its variable cannot be kept in the frame");
                resources.Add((StartResource(local, v.Initializer!.Value), local.Type));
            }
            EmitUsingTry(resources, () => LowerStatements(rest, start));
        }

        /// <summary>Assigns a using variable its resource; returns the expression the finally disposes.</summary>
        private ExpressionSyntax StartResource(ILocalSymbol local, ExpressionSyntax value)
        {
            if (!_plan.IsBoxedPerIteration(local))
            {
                LowerAssignInto(StorageOf(local), value);
                return StorageOf(local);
            }
            // A closure captures this execution's variable: a fresh box holds it, and the finally disposes the value
            // of that box (the field may hold a later box by then only if the using ran again, which it cannot
            // before this finally).
            EmitUser(DeclareStatement(local, _expressions.LowerOrVoid(value)?.Bare()));
            return StorageOf(local);
        }

        private void EmitUsingTry(List<(ExpressionSyntax Variable, ITypeSymbol Type)> resources, System.Action body)
        {
            var cleanup = new List<IrResource>();
            for (int i = resources.Count - 1; i >= 0; i--)
            {
                (ExpressionSyntax name, ITypeSymbol type) = resources[i];
                cleanup.Add(type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T }
                    ? new IrResource(name, IrDisposal.NullableValue)
                    : Disposal(name, type, knownDisposable: true)!.Value);
            }
            EmitTryFinally(body, cleanup);
        }
    }
}
