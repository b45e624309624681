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
    // try/catch/finally around suspension points (after Roslyn's async exception-handler rewriting):
    // - a try that suspends gets its own dispatch at its top (C# forbids a goto into a try);
    // - a finally without suspension stays a real finally, guarded by State so that it does not run on suspension;
    // - catch blocks that suspend run after the try: the real catch only records the exception;
    // - a finally that suspends runs after the try: the real try records any exception (rethrown after the
    //   finally with its original trace) and every jump leaving the try (a pending branch, resumed after it).
    internal sealed partial class FrameLowerer
    {
        private void LowerTry(TryStatementSyntax s)
        {
            foreach (CatchClauseSyntax c in s.Catches)
                if (c.Filter != null && _sa.Contains(c.Filter)) // a refusal: a filter that suspends, not a choice of lowering
                    throw new LoweringException(DiagnosticDescriptors.SuspensionInFilter, c.Filter, Short(c.Filter.ToString()));

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
            var scope = new TryScope { Parent = _try, EntryLabel = NewLabel("try") };
            _tryScopes[s.Block] = scope;
            EmitTryWithCopiedCatches(s, scope, s.Finally);
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
                handlers.Add(new IrVerbatim(Text(c), _statementLine, _statementColumn, TakeJumps()));
            }
            if (copiedFinally != null) handlers.Add(GuardedFinally(copiedFinally));
            _out.Add(new IrTryRegion(scope.EntryLabel, EquatableArray<IrDispatchCase>.Empty, inner.ToEquatableArray(), handlers.ToEquatableArray()));
        }

        /// <summary>Lowers <paramref name="body"/> inside <paramref name="scope"/> into a separate list of nodes (the try region's body).</summary>
        private List<IrNode> LowerInto(TryScope scope, System.Action body)
        {
            List<IrNode> saved = _out;
            _out = new List<IrNode>();
            TryScope? savedTry = _try;
            _try = scope;
            body();
            _try = savedTry;
            List<IrNode> inner = _out;
            _out = saved;
            return inner;
        }

        /// <summary>A finally that does not suspend, copied as written, run only when the frame does not merely suspend.</summary>
        private IrFinally GuardedFinally(FinallyClauseSyntax f)
        {
            SetPosition(f.Block);
            var block = new IrVerbatim(Text(f.Block), _statementLine, _statementColumn, TakeJumps());
            return new IrFinally(GuardedByState: true, new EquatableArray<IrNode>(new IrNode[] { block }));
        }

        /// <summary>try { body } finally { verbatim finally } where body is produced by <paramref name="lowerBody"/>.</summary>
        private void EmitTryFinallyVerbatim(TryStatementSyntax s, System.Action lowerBody)
        {
            var scope = new TryScope { Parent = _try, EntryLabel = NewLabel("try") };
            _tryScopes[s.Block] = scope;
            List<IrNode> inner = LowerInto(scope, lowerBody);
            _out.Add(new IrTryRegion(scope.EntryLabel, EquatableArray<IrDispatchCase>.Empty, inner.ToEquatableArray(),
                new EquatableArray<IrNode>(new IrNode[] { GuardedFinally(s.Finally!) })));
        }

        private void LowerTryWithSuspendingCatches(TryStatementSyntax s)
        {
            string caught = NewTemp("int", "caught");
            string exception = NewTemp("global::System.Exception", "exception");
            Emit(new IrAssign(caught, "0"));
            var scope = new TryScope { Parent = _try, EntryLabel = NewLabel("try") };
            if (!_tryScopes.ContainsKey(s.Block)) _tryScopes[s.Block] = scope;
            List<IrNode> inner = LowerInto(scope, () => LowerBlock(s.Block));
            var handlers = new List<IrNode>();
            int index = 0;
            foreach (CatchClauseSyntax c in s.Catches)
            {
                index++;
                string exName = "__ex" + (++_tempCount).ToString(System.Globalization.CultureInfo.InvariantCulture);
                string type = c.Declaration is null ? "global::System.Exception" : FrameNaming.Type(_model.GetTypeInfo(c.Declaration.Type, _ct).Type!);
                string? filter = null;
                if (c.Filter != null)
                {
                    var overrides = new Dictionary<ISymbol, string>(SymbolEqualityComparer.Default);
                    if (c.Declaration != null && _model.GetDeclaredSymbol(c.Declaration, _ct) is ILocalSymbol l) overrides[l] = exName;
                    SetPosition(c.Filter);
                    filter = Text(c.Filter.FilterExpression, overrides: overrides);
                }
                handlers.Add(new IrCatch(type + " " + exName, filter, new EquatableArray<IrNode>(new IrNode[]
                {
                    new IrAssign(caught, index.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new IrAssign(exception, exName),
                })));
            }
            _out.Add(new IrTryRegion(scope.EntryLabel, EquatableArray<IrDispatchCase>.Empty, inner.ToEquatableArray(), handlers.ToEquatableArray()));
            string end = NewLabel("endtry");
            index = 0;
            foreach (CatchClauseSyntax c in s.Catches)
            {
                index++;
                string next = NewLabel("notcaught");
                EmitIfGoto(caught + " != " + index, next, user: false);
                if (c.Declaration != null && _model.GetDeclaredSymbol(c.Declaration, _ct) is ILocalSymbol local && _plan.HasName(local))
                    Emit(Declare(local, "(" + FrameNaming.Type(local.Type) + ")" + exception)); // a fresh box when a lambda captures it in a loop
                string? savedRethrow = _rethrow;
                _rethrow = exception;
                SetPosition(c.Block);
                LowerBlock(c.Block);
                _rethrow = savedRethrow;
                EmitGoto(end);
                EmitLabel(next);
            }
            EmitLabel(end);
            Emit(new IrAssign(exception, "null!"));
        }

        private void LowerTryWithSuspendingFinally(TryStatementSyntax s)
        {
            string pending = NewTemp("global::System.Exception", "pendingException");
            string branch = NewTemp("int", "pendingBranch");
            Emit(new IrAssign(pending, "null!"));
            Emit(new IrAssign(branch, "0"));
            var scope = new TryScope
            {
                Parent = _try,
                EntryLabel = NewLabel("try"),
                LoweredFinally = true,
                ExitLabel = NewLabel("tryexit"),
                BranchField = branch,
            };
            _tryScopes[s.Block] = scope;
            foreach (CatchClauseSyntax c in s.Catches) _tryScopes[c] = scope; // lowered inside this try as well
            List<IrNode> inner = LowerInto(scope, () =>
            {
                if (s.Catches.Count > 0 && s.Catches.Any(c => _plan.IsLowered(c)))
                    LowerTryWithSuspendingCatches(s);
                else if (s.Catches.Count > 0)
                    LowerTryCatchOnly(s);
                else
                    LowerBlock(s.Block);
                if (scope.PendingBranches.Count > 0)
                {
                    EmitGoto(scope.ExitLabel);
                    foreach ((int b, string _, TryScope? _, string leave) in scope.PendingBranches)
                    {
                        EmitLabel(leave);
                        Emit(new IrAssign(branch, b.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                        EmitGoto(scope.ExitLabel);
                    }
                }
                EmitLabel(scope.ExitLabel);
            });
            string exName = "__ex" + (++_tempCount).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var record = new IrCatch("global::System.Exception " + exName, null, new EquatableArray<IrNode>(new IrNode[]
            {
                new IrAssign(pending, exName, "rethrown after the finally block"),
            }));
            _out.Add(new IrTryRegion(scope.EntryLabel, EquatableArray<IrDispatchCase>.Empty, inner.ToEquatableArray(), new EquatableArray<IrNode>(new IrNode[] { record })));
            EmitComment("finally (it suspends, so it runs here, after the try)");
            SetPosition(s.Finally!);
            LowerBlock(s.Finally!.Block);
            Emit(new IrRethrowPending(pending));
            foreach ((int b, string label, TryScope? labelScope, string _) in scope.PendingBranches)
            {
                string skip = NewLabel("nobranch");
                EmitIfGoto(branch + " != " + b, skip, user: false);
                EmitJump(label, labelScope);
                EmitLabel(skip);
            }
        }

        /// <summary>The try/catch part of a try/catch/finally whose catches do not suspend (the finally is lowered around it).</summary>
        private void LowerTryCatchOnly(TryStatementSyntax s)
        {
            EmitTryWithCopiedCatches(s, new TryScope { Parent = _try, EntryLabel = NewLabel("try") });
        }

        private void LowerUsing(UsingStatementSyntax s)
        {
            if (s.AwaitKeyword.RawKind != 0)
                throw new LoweringException(DiagnosticDescriptors.NotSupported, s, "'await using'", "tasklets do not await");
            var resources = new List<(string Name, ITypeSymbol Type)>();
            SetPosition(s);
            if (s.Declaration != null)
            {
                foreach (VariableDeclaratorSyntax v in s.Declaration.Variables)
                {
                    var local = (ILocalSymbol)_model.GetDeclaredSymbol(v, _ct)!;
                    resources.Add((StartResource(local, v.Initializer!.Value), local.Type));
                }
            }
            else if (s.Expression != null)
            {
                ITypeSymbol type = _model.GetTypeInfo(s.Expression, _ct).Type!;
                string temp = NewTemp(type, s.Expression);
                EmitUser(temp + " = " + LowerExpr(s.Expression) + ";");
                resources.Add((temp, type));
            }
            EmitUsingTry(s, resources, () => LowerStatement(s.Statement));
        }

        private void LowerUsingDeclaration(LocalDeclarationStatementSyntax decl, SyntaxList<StatementSyntax> rest, int start)
        {
            if (decl.AwaitKeyword.RawKind != 0)
                throw new LoweringException(DiagnosticDescriptors.NotSupported, decl, "'await using'", "tasklets do not await");
            var resources = new List<(string Name, ITypeSymbol Type)>();
            SetPosition(decl);
            foreach (VariableDeclaratorSyntax v in decl.Declaration.Variables)
            {
                var local = (ILocalSymbol)_model.GetDeclaredSymbol(v, _ct)!;
                if (!_plan.TryGetName(local, out string? name) || _plan.KeepsDeclaration(local))
                    throw new LoweringException(DiagnosticDescriptors.NotSupported, decl, "This using declaration", "its variable cannot be kept in the frame");
                resources.Add((StartResource(local, v.Initializer!.Value), local.Type));
            }
            EmitUsingTry(decl, resources, () => LowerStatements(rest, start));
        }

        /// <summary>Assigns a using variable its resource; returns the expression the finally disposes.</summary>
        private string StartResource(ILocalSymbol local, ExpressionSyntax value)
        {
            if (!_plan.IsBoxedPerIteration(local))
            {
                string field = FieldRef(local);
                LowerAssignInto(field, value);
                return field;
            }
            // A closure captures this execution's variable: a fresh box holds it, and the finally disposes the value
            // of that box (the field may hold a later box by then only if the using ran again, which it cannot
            // before this finally).
            EmitUser(DeclareText(local, LowerExprOrVoid(value)?.ToString()));
            return _anonAccess.TryGetValue(local, out string? access) ? access : FrameNaming.Escape(_plan.NameOf(local)) + ".Value";
        }

        private void EmitUsingTry(SyntaxNode owner, List<(string Name, ITypeSymbol Type)> resources, System.Action body)
        {
            var cleanup = new List<IrResource>();
            for (int i = resources.Count - 1; i >= 0; i--)
            {
                (string name, ITypeSymbol type) = resources[i];
                cleanup.Add(type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T }
                    ? new IrResource(name, IrDisposal.NullableValue)
                    : Disposal(name, type, knownDisposable: true)!.Value);
            }
            EmitTryFinally(owner, body, cleanup);
        }
    }
}
