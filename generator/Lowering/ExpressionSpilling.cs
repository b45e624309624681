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
    // Suspension points inside expressions. Sub-expressions are evaluated left to right; an operand evaluated
    // before a later operand that suspends is spilled into a frame temp first, so its value is the one C# would
    // have seen. Short-circuit operators (&&, ||, ?:, ??, ?.) become branches so the right side runs only when C#
    // would run it.
    internal sealed partial class ExpressionLowering
    {
        private void LowerExpressionStatement(ExpressionSyntax expression)
        {
            if (!_plan.IsLowered(expression))
            {
                _flow.EmitUser(GeneratedSyntax.Statement(OuterTrivia.Without((ExpressionSyntax)Rewrite(expression))));
                return;
            }
            switch (expression)
            {
                case InvocationExpressionSyntax inv when _facts.Analysis.KindOf(inv) != SuspensionKind.None:
                {
                    if (LowerSuspension(inv) is LoweredValue end) EmitUserEvaluate(end);
                    return;
                }
                case AssignmentExpressionSyntax a:
                    LowerAssignment(a, asStatement: true);
                    return;
                case ConditionalAccessExpressionSyntax ca:
                    LowerConditionalAccess(ca, valueNeeded: false);
                    return;
                case ParenthesizedExpressionSyntax p:
                    LowerExpressionStatement(p.Expression);
                    return;
            }
            if (LowerExprOrVoid(expression) is LoweredValue value) EmitUserEvaluate(value);
        }

        /// <summary>Lowers <paramref name="e"/> (its prefix statements are emitted); returns what yields its value when evaluated next.</summary>
        private LoweredValue LowerExpr(ExpressionSyntax e) =>
            LowerExprOrVoid(e) ?? throw new RefusalException(DiagnosticDescriptors.NotSupported, e, "Using a void call as a value", "");

        private LoweredValue? LowerExprOrVoid(ExpressionSyntax e)
        {
            _facts.Ct.ThrowIfCancellationRequested();
            StackGuard.Ensure(e);
            if (!_plan.IsLowered(e)) return LoweredValue.CopyOf((ExpressionSyntax)Rewrite(e), e);
            switch (e)
            {
                case ParenthesizedExpressionSyntax p:
                    return LoweredValue.CopyOf(p.Update(p.OpenParenToken, LowerExpr(p.Expression).InPlaceOf(p.Expression), p.CloseParenToken), p);
                case InvocationExpressionSyntax inv when _facts.Analysis.KindOf(inv) != SuspensionKind.None:
                    return LowerSuspension(inv);
                case InvocationExpressionSyntax inv:
                {
                    var children = new List<ExpressionSyntax>();
                    if (inv.Expression is MemberAccessExpressionSyntax ma && IsValue(ma.Expression))
                    {
                        // A struct variable is called in place: keep the variable, spill only what locates it.
                        ITypeSymbol? receiverType = _facts.Model.GetTypeInfo(ma.Expression, _facts.Ct).Type;
                        if (receiverType is { IsValueType: true } && ma.Expression is ElementAccessExpressionSyntax or MemberAccessExpressionSyntax or IdentifierNameSyntax)
                            children.AddRange(LValueChildren(ma.Expression));
                        else
                            children.Add(ma.Expression);
                    }
                    else if (inv.Expression is not (IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax or MemberBindingExpressionSyntax)) children.Add(inv.Expression);
                    children.AddRange(ValueArguments(inv.ArgumentList.Arguments));
                    return LowerChildren(inv, children);
                }
                case AssignmentExpressionSyntax a:
                    return LowerAssignment(a, asStatement: false);
                case BinaryExpressionSyntax b:
                    return LowerBinaryChain(b); // BinaryChains: a + b + … + z nests to the left, as deep as it is long
                case ConditionalExpressionSyntax c:
                    return LowerConditional(c);
                case ConditionalAccessExpressionSyntax ca:
                    // a?.B?.Send(x): the inner ?. of a void chain has no value either.
                    return LowerConditionalAccess(ca, valueNeeded: _facts.Model.GetTypeInfo(ca, _facts.Ct).Type is not { SpecialType: SpecialType.System_Void });
                case PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.PreIncrementExpression) || u.IsKind(SyntaxKind.PreDecrementExpression):
                    return LowerChildren(u, LValueChildren(u.Operand));
                case PostfixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.PostIncrementExpression) || u.IsKind(SyntaxKind.PostDecrementExpression):
                    return LowerChildren(u, LValueChildren(u.Operand));
                case PrefixUnaryExpressionSyntax u:
                    return LowerChildren(u, new List<ExpressionSyntax> { u.Operand });
                case PostfixUnaryExpressionSyntax u:
                    return LowerChildren(u, new List<ExpressionSyntax> { u.Operand });
                case CastExpressionSyntax c:
                    return LowerChildren(c, new List<ExpressionSyntax> { c.Expression });
                case CheckedExpressionSyntax c:
                {
                    string? saved = _ir.Checked;
                    _ir.Checked = c.Keyword.IsKind(SyntaxKind.CheckedKeyword) ? "checked" : "unchecked";
                    LoweredValue inner = LowerExpr(c.Expression);
                    _ir.Checked = saved;
                    return LoweredValue.CopyOf(c.Update(c.Keyword, c.OpenParenToken, inner.InPlaceOf(c.Expression), c.CloseParenToken), c);
                }
                case MemberAccessExpressionSyntax ma:
                    return LowerChildren(ma, new List<ExpressionSyntax> { ma.Expression });
                case ElementAccessExpressionSyntax ea:
                {
                    var children = new List<ExpressionSyntax> { ea.Expression };
                    children.AddRange(ValueArguments(ea.ArgumentList.Arguments));
                    return LowerChildren(ea, children);
                }
                case ObjectCreationExpressionSyntax oc:
                    return LowerObjectCreation(oc, oc.ArgumentList, oc.Initializer);
                case ImplicitObjectCreationExpressionSyntax ioc:
                    return LowerObjectCreation(ioc, ioc.ArgumentList, ioc.Initializer);
                case ArrayCreationExpressionSyntax ac:
                {
                    var children = ac.Type.RankSpecifiers.SelectMany(r => r.Sizes).Where(x => x is not OmittedArraySizeExpressionSyntax).ToList();
                    if (ac.Initializer != null) children.AddRange(ac.Initializer.Expressions);
                    return LowerChildren(ac, children);
                }
                case ImplicitArrayCreationExpressionSyntax iac:
                    return LowerChildren(iac, iac.Initializer.Expressions.ToList());
                case InitializerExpressionSyntax init when init.IsKind(SyntaxKind.ArrayInitializerExpression):
                    return LowerChildren(init, init.Expressions.ToList());
                case CollectionExpressionSyntax coll:
                    return LowerChildren(coll, coll.Elements.Select(el => el switch
                    {
                        ExpressionElementSyntax x => x.Expression,
                        SpreadElementSyntax sp => sp.Expression,
                        _ => throw new RefusalException(DiagnosticDescriptors.NotSupported, el, "A suspension point in this kind of collection-expression element", "compute the value before the collection expression"),
                    }).ToList());
                case InterpolatedStringExpressionSyntax istr:
                    return LowerChildren(istr, istr.Contents.OfType<InterpolationSyntax>().Select(i => i.Expression).ToList());
                case TupleExpressionSyntax t:
                    return LowerChildren(t, ValueArguments(t.Arguments).ToList());
                case IsPatternExpressionSyntax ip:
                {
                    // Its value is a temp (what suspends is in it: it is not stable), a few nodes deep at most.
                    LoweredValue value = StabilizeIfNeeded(ip.Expression, LowerExpr(ip.Expression), force: false);
                    return LoweredValue.Built(PatternTestSyntax(value.ToSyntax().WithoutTrivia(), ip.Pattern));
                }
                case SwitchExpressionSyntax sw:
                    return LowerSwitchExpression(sw);
                case WithExpressionSyntax w:
                {
                    List<ExpressionSyntax> values = w.Initializer.Expressions.Select(x => x is AssignmentExpressionSyntax a ? a.Right : x).ToList();
                    if (!values.Any(_plan.IsLowered))
                        return LowerChildren(w, new[] { w.Expression }.Concat(values).ToList());
                    // A value suspends. C# clones the receiver before it evaluates any value, so a change another
                    // tasklet makes to the receiver meanwhile must not show in the result: clone first (`r with { }`),
                    // then apply the values, in the order written, to the clone (a second copy, observable only
                    // through a record's user-defined copy constructor with side effects).
                    ITypeSymbol? withType = _facts.Model.GetTypeInfo(w, _facts.Ct).Type;
                    if (withType is null) throw new RefusalException(DiagnosticDescriptors.NotSupported, w, "This 'with' expression", "its type does not bind");
                    LoweredValue clone = NewTemp(withType, w);
                    _flow.EmitUserAssign(clone, GeneratedSyntax.EmptyWith(LowerExpr(w.Expression).Bare())); // no parentheses: "(A.b) with" reads as a cast
                    return LowerChildren(w, values, new Dictionary<SyntaxNode, LoweredValue> { [w.Expression] = clone });
                }
                case RangeExpressionSyntax r:
                    return LowerChildren(r, new[] { r.LeftOperand, r.RightOperand }.Where(x => x != null).Cast<ExpressionSyntax>().ToList());
                case RefExpressionSyntax:
                    throw new RefusalException(DiagnosticDescriptors.RefLikeAcrossSuspension, e, Excerpt.Short(e.ToString()), "a ref expression");
                case ThrowExpressionSyntax th:
                    return LoweredValue.CopyOf(th.Update(th.ThrowKeyword, LowerExpr(th.Expression).InPlaceOf(th.Expression)), th);
                case ElementBindingExpressionSyntax eb:
                    return LowerChildren(eb, ValueArguments(eb.ArgumentList.Arguments).ToList());
                case AnonymousObjectCreationExpressionSyntax anon:
                    return LowerChildren(anon, anon.Initializers.Select(x => x.Expression).ToList());
            }
            throw new RefusalException(DiagnosticDescriptors.NotSupported, e,
                "A suspension point inside a '" + e.Kind() + "' expression", "move the suspending call into its own statement");
        }

        private static IEnumerable<ExpressionSyntax> ValueArguments(SeparatedSyntaxList<ArgumentSyntax> arguments) =>
            arguments.Where(a => a.RefKindKeyword.RawKind == 0).Select(a => a.Expression);

        private bool IsValue(ExpressionSyntax e)
        {
            ISymbol? s = _facts.Model.GetSymbolInfo(e, _facts.Ct).Symbol;
            return s is not (ITypeSymbol or INamespaceSymbol);
        }

        /// <summary>The sub-expressions of an assignable expression that are evaluated before it is written.</summary>
        private List<ExpressionSyntax> LValueChildren(ExpressionSyntax target)
        {
            var result = new List<ExpressionSyntax>();
            switch (target)
            {
                case ParenthesizedExpressionSyntax p:
                    return LValueChildren(p.Expression);
                case MemberAccessExpressionSyntax ma when IsValue(ma.Expression):
                    // A member of a struct variable is written in place: keep the variable, spill only what locates it.
                    if (IsStructVariable(ma.Expression)) result.AddRange(LValueChildren(ma.Expression));
                    else result.Add(ma.Expression);
                    break;
                case ElementAccessExpressionSyntax ea:
                    result.Add(ea.Expression);
                    result.AddRange(ValueArguments(ea.ArgumentList.Arguments));
                    break;
            }
            return result;
        }

        /// <summary>A variable of value type (local, parameter, field, array element): copying it into a temp would write to the copy.</summary>
        private bool IsStructVariable(ExpressionSyntax e)
        {
            while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
            if (_facts.Model.GetTypeInfo(e, _facts.Ct).Type is not { IsValueType: true }) return false;
            return e switch
            {
                IdentifierNameSyntax or ThisExpressionSyntax => _facts.Model.GetSymbolInfo(e, _facts.Ct).Symbol is ILocalSymbol or IParameterSymbol or IFieldSymbol || e is ThisExpressionSyntax,
                MemberAccessExpressionSyntax m => _facts.Model.GetSymbolInfo(m, _facts.Ct).Symbol is IFieldSymbol,
                ElementAccessExpressionSyntax ea => _facts.Model.GetTypeInfo(ea.Expression, _facts.Ct).Type is IArrayTypeSymbol,
                _ => false,
            };
        }

        /// <summary>The receivers and indices of a deconstruction's targets, left to right (nested tuples included).</summary>
        private List<ExpressionSyntax> DeconstructionChildren(ExpressionSyntax target)
        {
            var result = new List<ExpressionSyntax>();
            switch (target)
            {
                case ParenthesizedExpressionSyntax p:
                    return DeconstructionChildren(p.Expression);
                case TupleExpressionSyntax t:
                    foreach (ArgumentSyntax arg in t.Arguments) result.AddRange(DeconstructionChildren(arg.Expression));
                    break;
                case DeclarationExpressionSyntax:
                    break;
                default:
                    result.AddRange(LValueChildren(target));
                    break;
            }
            return result;
        }

        /// <summary>
        /// Lowers the listed sub-expressions of <paramref name="parent"/> in order, spilling each one that a later
        /// suspending sibling could otherwise overtake, and returns the parent's text over the results.
        /// </summary>
        private LoweredValue LowerChildren(ExpressionSyntax parent, IReadOnlyList<ExpressionSyntax> children, Dictionary<SyntaxNode, LoweredValue>? replacements = null) =>
            LoweredValue.CopyOf((ExpressionSyntax)Rewrite(parent, SpillLeftToRight(children, thenSuspends: false, replacements)), parent);

        /// <summary>
        /// Lowers <paramref name="children"/> left to right; a child is kept in a temp when a later child, or what
        /// is evaluated after all of them (<paramref name="thenSuspends"/>), suspends. Returns the replacements
        /// for <see cref="Rewrite"/>; children that need neither are left as written.
        /// </summary>
        private Dictionary<SyntaxNode, LoweredValue> SpillLeftToRight(IReadOnlyList<ExpressionSyntax> children, bool thenSuspends, Dictionary<SyntaxNode, LoweredValue>? replacements = null)
        {
            replacements ??= new Dictionary<SyntaxNode, LoweredValue>();
            for (int i = 0; i < children.Count; i++)
            {
                ExpressionSyntax child = children[i];
                bool laterSuspends = thenSuspends;
                for (int j = i + 1; j < children.Count && !laterSuspends; j++)
                    laterSuspends = _plan.IsLowered(children[j]);
                if (!_plan.IsLowered(child) && !laterSuspends) continue;
                LoweredValue value = LowerExpr(child);
                if (laterSuspends) value = StabilizeIfNeeded(child, value, force: false);
                replacements[child] = value;
            }
            return replacements;
        }

        /// <summary>Stores a lowered value in a temp unless re-reading it later is guaranteed to give the same value.</summary>
        private LoweredValue StabilizeIfNeeded(ExpressionSyntax child, LoweredValue value, bool force)
        {
            if (!force && IsStable(child)) return value;
            if (IsStable(child) && IsLocalOrParameter(child)) return value;
            ITypeSymbol? type = _facts.Model.GetTypeInfo(child, _facts.Ct).Type ?? _facts.Model.GetTypeInfo(child, _facts.Ct).ConvertedType;
            if (type is null)
            {
                if (IsStable(child)) return value;
                throw new RefusalException(DiagnosticDescriptors.NotSupported, child, "An expression without a type before a suspension point", "assign it to a typed local first");
            }
            LoweredValue temp = NewTemp(type, child);
            _flow.EmitUserAssign(temp, value);
            return temp;
        }

        private bool IsLocalOrParameter(ExpressionSyntax e)
        {
            while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
            if (e is ThisExpressionSyntax) return true;
            return e is IdentifierNameSyntax && _facts.Model.GetSymbolInfo(e, _facts.Ct).Symbol is ILocalSymbol { IsRef: false } or IParameterSymbol { RefKind: RefKind.None };
        }

        /// <summary>True when evaluating the expression later gives the same value with no side effect.</summary>
        private bool IsStable(ExpressionSyntax e)
        {
            while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
            switch (e)
            {
                case LiteralExpressionSyntax:
                case ThisExpressionSyntax:
                case BaseExpressionSyntax: // base.M(…) and base[…] are rewritten whole (BaseAccess); base itself is never spilled
                case DefaultExpressionSyntax:
                case TypeOfExpressionSyntax:
                case SizeOfExpressionSyntax:
                case AnonymousFunctionExpressionSyntax:
                    return true;
            }
            if (_plan.IsLowered(e)) return false;
            if (_facts.Model.GetConstantValue(e, _facts.Ct).HasValue) return true;
            ISymbol? s = _facts.Model.GetSymbolInfo(e, _facts.Ct).Symbol;
            if (e is IdentifierNameSyntax && s is ILocalSymbol { IsRef: false } or IParameterSymbol { RefKind: RefKind.None }) return !MayChangeWhileSuspended(s);
            if (s is IMethodSymbol && e is SimpleNameSyntax or MemberAccessExpressionSyntax && !(e.Parent is InvocationExpressionSyntax pi && pi.Expression == e))
                return true; // a method group
            return false;
        }

        private HashSet<ISymbol>? _mutableAcrossSuspension;

        /// <summary>
        /// A local or parameter whose value may change between an early operand reading it and a later sibling that
        /// suspends: one captured by a closure (another tasklet may run it meanwhile), or one written inside an
        /// expression that suspends (<c>F(x, x = ch.Receive())</c>). C#'s spiller copies such an operand into a temp.
        /// </summary>
        private bool MayChangeWhileSuspended(ISymbol local)
        {
            if (_mutableAcrossSuspension is null)
            {
                _mutableAcrossSuspension = new HashSet<ISymbol>(_facts.CapturedVariables(), SymbolEqualityComparer.Default);
                foreach (SyntaxNode n in _facts.Body.DescendantNodes())
                {
                    ExpressionSyntax? written = n switch
                    {
                        AssignmentExpressionSyntax a => a.Left,
                        PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.PreIncrementExpression) || u.IsKind(SyntaxKind.PreDecrementExpression) => u.Operand,
                        PostfixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.PostIncrementExpression) || u.IsKind(SyntaxKind.PostDecrementExpression) => u.Operand,
                        ArgumentSyntax { RefKindKeyword.RawKind: not 0 } arg => arg.Expression,
                        _ => null,
                    };
                    if (written is null) continue;
                    bool insideSuspendingExpression = false;
                    for (SyntaxNode? p = n.Parent; p != null && p is not StatementSyntax; p = p.Parent)
                        if (_plan.IsLowered(p)) { insideSuspendingExpression = true; break; }
                    if (!insideSuspendingExpression) continue;
                    while (written is ParenthesizedExpressionSyntax pe) written = pe.Expression;
                    if (written is IdentifierNameSyntax && _facts.Model.GetSymbolInfo(written, _facts.Ct).Symbol is ISymbol target) _mutableAcrossSuspension.Add(target);
                }
            }
            return _mutableAcrossSuspension.Contains(local);
        }

        /// <param name="left">The left operand, lowered.</param>
        /// <param name="leftIsOwnTemp">
        /// <paramref name="left"/> is the bool temp of an inner && or || of the same chain, read by nothing else: it
        /// holds this result too (a chain of 10,000 gets one temp, not 10,000).
        /// </param>
        private LoweredValue LowerLogical(BinaryExpressionSyntax b, LoweredValue left, bool leftIsOwnTemp)
        {
            ITypeSymbol? type = _facts.Model.GetTypeInfo(b, _facts.Ct).Type;
            bool isAnd = b.IsKind(SyntaxKind.LogicalAndExpression);
            if (UserDefinedLogical(b) is IMethodSymbol op)
                return LowerUserDefinedLogical(b, left, op, type!, isAnd);
            if (type?.SpecialType != SpecialType.System_Boolean)
                throw new RefusalException(DiagnosticDescriptors.NotSupported, b, "A suspension point under a dynamic && or ||", "convert the operands to bool first");
            LoweredValue temp = left;
            if (!leftIsOwnTemp)
            {
                temp = LoweredValue.Name(NewTemp("bool"));
                _flow.EmitUserAssign(temp, left);
            }
            string skip = NewLabel(isAnd ? "and" : "or");
            _flow.EmitIfGoto(isAnd ? GeneratedSyntax.Not(temp.Bare()) : temp.Bare(), skip, user: false);
            _flow.EmitUserAssign(temp, LowerExpr(b.Right));
            EmitLabel(skip);
            return temp;
        }

        private bool _rightOperandHelperUsed;

        /// <summary>
        /// <c>x &amp;&amp; y</c> with a user-defined <c>operator &amp;</c> is <c>T.false(x) ? x : x &amp; y</c> (<c>||</c>: <c>T.true(x) ? x : x | y</c>).
        /// C# cannot call <c>operator false</c> by name, so the frame asks the operator itself: <c>x &amp;&amp; __RightOperand&lt;T&gt;()</c>
        /// either short-circuits (the result is x) or evaluates the right operand, which throws before <c>operator &amp;</c>
        /// runs; then the real right operand is computed (it may suspend) and combined with <c>x &amp; y</c>.
        /// </summary>
        /// <summary>The user-defined operator &amp; or | of a non-dynamic &amp;&amp; or ||; null for bool's own.</summary>
        private IMethodSymbol? UserDefinedLogical(BinaryExpressionSyntax b)
        {
            if (_facts.Model.GetSymbolInfo(b, _facts.Ct).Symbol is not IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator } op) return null;
            ITypeSymbol? type = _facts.Model.GetTypeInfo(b, _facts.Ct).Type;
            return type is not null && type.TypeKind != TypeKind.Dynamic ? op : null;
        }

        private LoweredValue LowerUserDefinedLogical(BinaryExpressionSyntax b, LoweredValue leftValue, IMethodSymbol op, ITypeSymbol type, bool isAnd)
        {
            ITypeSymbol leftType = op.Parameters.Length == 2 ? op.Parameters[0].Type : type;
            LoweredValue left = NewTemp(leftType, b.Left);
            _flow.EmitUserAssign(left, leftValue);
            LoweredValue result = NewTemp(type, b);
            string done = NewLabel(isAnd ? "and" : "or");
            if (!_rightOperandHelperUsed)
            {
                _rightOperandHelperUsed = true;
                Helpers.Add(new FixedHelper(FixedHelperKind.RightOperand));
            }
            TypeSyntax leftTypeSyntax = TypeSyntaxes.Of(leftType)
                ?? throw new RefusalException(DiagnosticDescriptors.NotSupported, b, "A user-defined " + b.OperatorToken.Text + " on a type that cannot be named", "");
            ExpressionSyntax probe = GeneratedSyntax.Binary(b.Kind(), b.OperatorToken.Kind(), left.Bare(),
                GeneratedSyntax.Call(GeneratedSyntax.Generic("__RightOperand", new[] { leftTypeSyntax }), System.Array.Empty<ArgumentSyntax>()));
            EmitComment("operator " + (isAnd ? "false" : "true") + " decides whether the right operand is evaluated");
            _flow.EmitUser(GeneratedSyntax.TryCatch(GeneratedSyntax.Block(GeneratedSyntax.AssignStatement(result.Bare(), probe), JumpHoles.Hole(done, default)), "__RightOperandNeeded"));
            ExpressionSyntax right = LowerExpr(b.Right).Bare();
            _flow.EmitUserAssign(result, GeneratedSyntax.Binary(isAnd ? SyntaxKind.BitwiseAndExpression : SyntaxKind.BitwiseOrExpression,
                isAnd ? SyntaxKind.AmpersandToken : SyntaxKind.BarToken, left.Bare(), GeneratedSyntax.Parenthesized(right)));
            EmitLabel(done);
            return result;
        }

        private LoweredValue LowerConditional(ConditionalExpressionSyntax c)
        {
            if (c.WhenTrue is RefExpressionSyntax)
                throw new RefusalException(DiagnosticDescriptors.RefLikeAcrossSuspension, c, Excerpt.Short(c.ToString()), "a ref conditional");
            ITypeSymbol? type = _facts.Model.GetTypeInfo(c, _facts.Ct).Type ?? _facts.Model.GetTypeInfo(c, _facts.Ct).ConvertedType;
            if (type is null) throw new RefusalException(DiagnosticDescriptors.NotSupported, c, "This conditional expression", "its type does not bind");
            LoweredValue temp = NewTemp(type, c);
            LoweredValue condition = LowerExpr(c.Condition);
            string elseLabel = NewLabel("else"), end = NewLabel("endif");
            _flow.EmitIfGoto(Negated(condition, c.Condition), elseLabel, user: true);
            EmitBranch(temp, c.WhenTrue);
            _flow.EmitGoto(end);
            EmitLabel(elseLabel);
            EmitBranch(temp, c.WhenFalse);
            EmitLabel(end);
            return temp;
        }

        /// <summary>One arm of a spilled ?: — a throw expression (<c>c ? x : throw e</c>) becomes a throw statement.</summary>
        private void EmitBranch(LoweredValue temp, ExpressionSyntax branch)
        {
            if (branch is ThrowExpressionSyntax th)
                _flow.EmitUser(GeneratedSyntax.ThrowStatement(LowerExpr(th.Expression).Bare()));
            else
                _flow.EmitUserAssign(temp, LowerExpr(branch));
        }

        /// <summary>
        /// The negation of a lowered condition. A condition of a type with a user-defined <c>operator true</c> (and no
        /// conversion to bool) has no <c>!</c>: <c>c ? false : true</c> asks operator true once, as the original did.
        /// </summary>
        private ExpressionSyntax Negated(LoweredValue condition, ExpressionSyntax conditionSyntax)
        {
            ExpressionSyntax wrapped = Parentheses.Wrapped(condition.Bare());
            ITypeSymbol? type = _facts.Model.GetTypeInfo(conditionSyntax, _facts.Ct).Type;
            if (type is null || type.SpecialType == SpecialType.System_Boolean || type.TypeKind == TypeKind.Dynamic) return GeneratedSyntax.Not(wrapped);
            Conversion toBool = _facts.Model.Compilation.ClassifyConversion(type, _facts.Model.Compilation.GetSpecialType(SpecialType.System_Boolean));
            if (toBool.IsImplicit) return GeneratedSyntax.Not(wrapped);
            return GeneratedSyntax.Paren(SyntaxFactory.ConditionalExpression(wrapped, GeneratedSyntax.Spaced(SyntaxKind.QuestionToken),
                SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression), GeneratedSyntax.Spaced(SyntaxKind.ColonToken), SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression)));
        }

        /// <summary><c>left ?? right</c> with a right side that suspends: the right side runs only when the left value is null.</summary>
        private ExpressionSyntax LowerCoalesce(BinaryExpressionSyntax b, LoweredValue leftValue)
        {
            ITypeSymbol? leftType = _facts.Model.GetTypeInfo(b.Left, _facts.Ct).Type;
            ITypeSymbol? rightType = _facts.Model.GetTypeInfo(b.Right, _facts.Ct).Type ?? _facts.Model.GetTypeInfo(b.Right, _facts.Ct).ConvertedType;
            ITypeSymbol? type = _facts.Model.GetTypeInfo(b, _facts.Ct).Type;
            if (leftType is null || type is null)
                throw new RefusalException(DiagnosticDescriptors.NotSupported, b, "This ?? expression", "its type does not bind");
            LoweredValue left = NewTemp(leftType, b.Left);
            _flow.EmitUserAssign(left, leftValue);
            string done = NewLabel("notnull");
            _flow.EmitIfGoto(GeneratedSyntax.NotEqualTo(left.Bare(), GeneratedSyntax.Null()), done, user: false);
            if (b.Right is ThrowExpressionSyntax th)
            {
                _flow.EmitUser(GeneratedSyntax.ThrowStatement(LowerExpr(th.Expression).Bare()));
                EmitLabel(done);
                // Never thrown (the left value is not null here): it gives the expression the type C# gives 'left ?? throw'.
                return GeneratedSyntax.Binary(SyntaxKind.CoalesceExpression, SyntaxKind.QuestionQuestionToken, left.ToSyntax(),
                    GeneratedSyntax.Throw(GeneratedSyntax.New(GeneratedSyntax.GlobalType("System", "InvalidOperationException"))));
            }
            LoweredValue right = NewTemp(rightType ?? type, b.Right);
            _flow.EmitUserAssign(right, LowerExpr(b.Right));
            EmitLabel(done);
            return GeneratedSyntax.Paren(GeneratedSyntax.Binary(SyntaxKind.CoalesceExpression, SyntaxKind.QuestionQuestionToken,
                left.ToSyntax(), right.ToSyntax()));
        }

        private LoweredValue? LowerConditionalAccess(ConditionalAccessExpressionSyntax ca, bool valueNeeded)
        {
            ITypeSymbol? receiverType = _facts.Model.GetTypeInfo(ca.Expression, _facts.Ct).Type;
            if (receiverType is null) throw new RefusalException(DiagnosticDescriptors.NotSupported, ca, "This ?. expression", "its type does not bind");
            LoweredValue receiver = NewTemp(receiverType, ca.Expression, "receiver");
            _flow.EmitUserAssign(receiver, LowerExpr(ca.Expression));
            LoweredValue? result = null;
            ITypeSymbol? type = _facts.Model.GetTypeInfo(ca, _facts.Ct).Type;
            if (valueNeeded)
            {
                if (type is null || type.SpecialType == SpecialType.System_Void)
                    throw new RefusalException(DiagnosticDescriptors.NotSupported, ca, "Using a void ?. call as a value", "");
                result = NewTemp(type, ca);
                Emit(new IrAssign(result.Value.Bare(), GeneratedSyntax.DefaultForgiving()));
            }
            string end = NewLabel("null");
            _flow.EmitIfGoto(GeneratedSyntax.EqualTo(receiver.Bare(), GeneratedSyntax.Null()), end, user: false);
            bool nullableValue = receiverType is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };
            _bindingReceivers[ca] = nullableValue
                ? GeneratedSyntax.Call(GeneratedSyntax.Member(receiver.ToSyntax(), GeneratedSyntax.Name("GetValueOrDefault")), System.Array.Empty<ArgumentSyntax>())
                : receiver.ToSyntax();
            LoweredValue? inner = LowerExprOrVoid(ca.WhenNotNull);
            _bindingReceivers.Remove(ca);
            if (result != null) _flow.EmitUserAssign(result.Value, inner ?? throw new RefusalException(DiagnosticDescriptors.NotSupported, ca, "Using a void ?. call as a value", ""));
            else if (inner != null) EmitUserEvaluate(inner.Value);
            EmitLabel(end);
            return result;
        }

        private LoweredValue LowerObjectCreation(ExpressionSyntax creation, ArgumentListSyntax? arguments, InitializerExpressionSyntax? initializer)
        {
            if (initializer == null || !_plan.IsLowered(initializer))
            {
                var children = arguments is null ? new List<ExpressionSyntax>() : ValueArguments(arguments.Arguments).ToList();
                if (initializer != null && children.Any(_plan.IsLowered))
                {
                    // Arguments suspend, initializer does not: spill the arguments, keep the initializer in place.
                    return LowerChildren(creation, children);
                }
                return LowerChildren(creation, children);
            }
            // new T(args) { A = x, B = ch.Receive() } → create, then assign members in order.
            ITypeSymbol? type = _facts.Model.GetTypeInfo(creation, _facts.Ct).Type;
            if (type is null) throw new RefusalException(DiagnosticDescriptors.NotSupported, creation, "This object creation", "its type does not bind");
            LoweredValue temp = NewTemp(type, creation);
            ExpressionSyntax withoutInit;
            {
                var children = arguments is null ? new List<ExpressionSyntax>() : ValueArguments(arguments.Arguments).ToList();
                // The initializer is left out of the copy (an empty replacement drops a node): it is lowered below.
                withoutInit = LowerChildren(creation, children, new Dictionary<SyntaxNode, LoweredValue> { [initializer] = LoweredValue.Dropped }).Bare();
                if (withoutInit is ObjectCreationExpressionSyntax { ArgumentList: null } created) withoutInit = created.WithArgumentList(SyntaxFactory.ArgumentList());
            }
            _flow.EmitUserAssign(temp, withoutInit);
            LowerInitializerInto(temp.Bare(), initializer);
            return temp;
        }

        /// <summary>
        /// The elements of an object or collection initializer applied to <paramref name="receiver"/> in source order:
        /// <c>A = x</c> assigns, <c>A = { … }</c> recurses into the existing member (its getter is read again for each
        /// element, as C# does), a collection element calls <c>Add</c>.
        /// </summary>
        /// <param name="nestedType">The receiver's type when it is a member read (<c>__t.Inner</c>), null for the new object itself.</param>
        private void LowerInitializerInto(ExpressionSyntax receiver, InitializerExpressionSyntax initializer, ITypeSymbol? nestedType = null)
        {
            foreach (ExpressionSyntax element in initializer.Expressions)
            {
                SetPosition(element);
                if (initializer.IsKind(SyntaxKind.ObjectInitializerExpression) && element is AssignmentExpressionSyntax a)
                {
                    if (a.Right is InitializerExpressionSyntax nested)
                    {
                        // Tags = { a, b } adds to the existing collection; Inner = { X = 1 } sets members of the existing object.
                        LowerInitializerInto(InitializedMember(receiver, a), nested, _facts.Model.GetTypeInfo(a.Left, _facts.Ct).Type);
                        continue;
                    }
                    ExpressionSyntax target = InitializedMember(ReceiverFor(receiver, nestedType, a.Right), a);
                    _flow.EmitUser(GeneratedSyntax.AssignStatement(target, LowerExpr(a.Right).Bare()));
                }
                else if (initializer.IsKind(SyntaxKind.CollectionInitializerExpression))
                {
                    ExpressionSyntax add = GeneratedSyntax.Member(ReceiverFor(receiver, nestedType, element), GeneratedSyntax.Name("Add"));
                    IReadOnlyList<ArgumentSyntax> arguments = element is InitializerExpressionSyntax complex
                        ? LowerChildrenList(complex.Expressions)
                        : new[] { GeneratedSyntax.Argument(LowerExpr(element).Bare()) };
                    _flow.EmitUser(GeneratedSyntax.Statement(GeneratedSyntax.Call(add, arguments)));
                }
                else
                {
                    throw new RefusalException(DiagnosticDescriptors.NotSupported, element, "This initializer element", "");
                }
            }
        }

        /// <summary><c>receiver.A</c> or <c>receiver[i]</c>; an index is evaluated once, before the value (a nested initializer reuses it).</summary>
        private ExpressionSyntax InitializedMember(ExpressionSyntax receiver, AssignmentExpressionSyntax a)
        {
            if (a.Left is not ImplicitElementAccessSyntax iea)
            {
                return a.Left.WithoutTrivia() is SimpleNameSyntax name ? GeneratedSyntax.Member(receiver, name)
                    : throw new RefusalException(DiagnosticDescriptors.NotSupported, a.Left, "This initializer member", "");
            }
            bool keep = _plan.IsLowered(a.Right) || a.Right is InitializerExpressionSyntax;
            var indices = new List<ArgumentSyntax>();
            foreach (ArgumentSyntax x in iea.ArgumentList.Arguments)
                indices.Add(GeneratedSyntax.Argument((keep ? StabilizeIfNeeded(x.Expression, LowerExpr(x.Expression), force: false) : LowerExpr(x.Expression)).Bare()));
            return SyntaxFactory.ElementAccessExpression(receiver, SyntaxFactory.BracketedArgumentList(GeneratedSyntax.Separated(indices)));
        }

        /// <summary>
        /// A nested receiver (<c>__t.Inner</c>, <c>__t.Inner.List</c>) is read again for each element, before the
        /// element's value; when the value suspends and the receiver is of reference type, it is read into a temp
        /// first so its getters run in C#'s order (a struct member is a variable: it stays in place).
        /// </summary>
        private ExpressionSyntax ReceiverFor(ExpressionSyntax receiver, ITypeSymbol? nestedType, ExpressionSyntax value)
        {
            if (nestedType is null || !nestedType.IsReferenceType || !_plan.IsLowered(value)) return receiver;
            LoweredValue temp = NewTemp(nestedType, value, "receiver");
            _flow.EmitUserAssign(temp, receiver);
            return temp.Bare();
        }

        /// <summary>The arguments of a complex collection element (<c>{ a, b }</c>), spilled left to right like a call's arguments.</summary>
        private List<ArgumentSyntax> LowerChildrenList(SeparatedSyntaxList<ExpressionSyntax> items)
        {
            var arguments = new List<ArgumentSyntax>();
            for (int i = 0; i < items.Count; i++)
            {
                LoweredValue t = LowerExpr(items[i]);
                if (items.Skip(i + 1).Any(_plan.IsLowered)) t = StabilizeIfNeeded(items[i], t, force: false);
                arguments.Add(GeneratedSyntax.Argument(t.Bare()));
            }
            return arguments;
        }

        /// <summary><paramref name="text"/> without the parentheses that enclose all of it (see <see cref="IsWrapped"/>).</summary>
        private static string Unparenthesized(string text)
        {
            while (text.Length >= 2 && text[0] == '(' && IsWrapped(text))
                text = text.Substring(1, text.Length - 2);
            return text;
        }

        private static bool IsWrapped(string e)
        {
            int depth = 0;
            for (int i = 0; i < e.Length; i++)
            {
                if (e[i] == '(') depth++;
                else if (e[i] == ')') { depth--; if (depth == 0 && i != e.Length - 1) return false; }
                else if (e[i] == '"' || e[i] == '\'') return false;
            }
            return depth == 0;
        }

        /// <summary>
        /// Assignment with a suspension in the value (or the target's operands): emitted as a statement, or (when
        /// <paramref name="asStatement"/> is false) its value, as syntax.
        /// </summary>
        private LoweredValue? LowerAssignment(AssignmentExpressionSyntax a, bool asStatement)
        {
            ExpressionSyntax left = a.Left;
            if (a.IsKind(SyntaxKind.CoalesceAssignmentExpression))
            {
                List<ExpressionSyntax> lchildren = LValueChildren(left);
                var lrepl = new Dictionary<SyntaxNode, LoweredValue>();
                foreach (ExpressionSyntax c in lchildren) lrepl[c] = StabilizeIfNeeded(c, LowerExpr(c), force: false);
                var targetSyntax = (ExpressionSyntax)Rewrite(left, lrepl);
                string target = targetSyntax.ToString();
                string done = NewLabel("notnull");
                _flow.EmitIfGoto(GeneratedSyntax.NotEqualTo(OuterTrivia.Without(targetSyntax), GeneratedSyntax.Null()), done, user: true);
                LoweredValue value = LowerExpr(a.Right);
                // `x ??= (x ??= v)`: the inner one already stored into the variable x and yields it; `x = (x);` would be
                // a no-op that warns (CS1717). A property is still assigned (its setter runs twice in C# too).
                bool selfAssignment = Unparenthesized(value.ToString()) == target
                    && _facts.Model.GetSymbolInfo(left, _facts.Ct).Symbol is ILocalSymbol or IParameterSymbol or IFieldSymbol;
                if (!selfAssignment) _flow.EmitUser(GeneratedSyntax.AssignStatement(OuterTrivia.Without(targetSyntax), value.Bare()));
                EmitLabel(done);
                return asStatement ? null : LoweredValue.Built(targetSyntax); // a variable, member or element: a few nodes deep
            }
            if (left is TupleExpressionSyntax || left is DeclarationExpressionSyntax)
            {
                // C# evaluates the targets' receivers and indices left to right, then the value, then assigns.
                Dictionary<SyntaxNode, LoweredValue> trepl = SpillLeftToRight(DeconstructionChildren(left), thenSuspends: _plan.IsLowered(a.Right));
                LoweredValue value = LowerExpr(a.Right);
                var targets = (ExpressionSyntax)Rewrite(left, trepl);
                if (asStatement) { _flow.EmitUser(GeneratedSyntax.AssignStatement(OuterTrivia.Without(targets), value.Bare())); return null; }
                return LoweredValue.CopyOf(a.Update(targets, a.OperatorToken, value.InPlaceOf(a.Right)), a);
            }
            // Evaluate the target's receiver and index before the value, as C# does.
            bool valueSuspends = _plan.IsLowered(a.Right);
            Dictionary<SyntaxNode, LoweredValue> repl = SpillLeftToRight(LValueChildren(left), thenSuspends: valueSuspends);
            var targetCopy = (ExpressionSyntax)Rewrite(left, repl);
            ExpressionSyntax bareTarget = OuterTrivia.Without(targetCopy);
            if (a.IsKind(SyntaxKind.SimpleAssignmentExpression))
            {
                LoweredValue value = LowerExpr(a.Right);
                if (asStatement) { _flow.EmitUser(GeneratedSyntax.AssignStatement(bareTarget, value.Bare())); return null; }
                ITypeSymbol? type = _facts.Model.GetTypeInfo(left, _facts.Ct).Type;
                if (type is null) return Assigned(a, targetCopy, value); // dynamic: no temp of its type
                LoweredValue temp = NewTemp(type, left);
                _flow.EmitUserAssign(temp, value);
                _flow.EmitUser(GeneratedSyntax.AssignStatement(bareTarget, temp.Bare()));
                return temp;
            }
            // Compound: read the old value before the value suspends (unless the target is a local of this frame).
            // An event's += / -= calls its accessor after the value is computed and never reads the old value.
            bool isEvent = _facts.Model.GetSymbolInfo(left, _facts.Ct).Symbol is IEventSymbol;
            if ((IsLocalOrParameter(left) && IsStable(left)) || !valueSuspends || isEvent)
            {
                LoweredValue v = LowerExpr(a.Right);
                if (asStatement) { _flow.EmitUser(GeneratedSyntax.Statement(GeneratedSyntax.Assignment(a.Kind(), a.OperatorToken.Kind(), bareTarget, v.Bare()))); return null; }
                return Assigned(a, targetCopy, v);
            }
            ITypeSymbol? leftType = _facts.Model.GetTypeInfo(left, _facts.Ct).Type;
            if (leftType is null)
                throw new RefusalException(DiagnosticDescriptors.NotSupported, a, "This compound assignment", "its target's type does not bind");
            TypeSyntax leftTypeSyntax = TypeSyntaxes.Of(leftType)
                ?? throw new RefusalException(DiagnosticDescriptors.NotSupported, a, "This compound assignment", "its target's type cannot be named");
            LoweredValue old = NewTemp(leftType, left);
            _flow.EmitUserAssign(old, bareTarget);
            ExpressionSyntax rhs = LowerExpr(a.Right).Bare();
            // (T)(old op (rhs)): C#'s compound assignment converts the result back to the target's type.
            (SyntaxKind binaryKind, SyntaxKind operatorKind) = GeneratedSyntax.OperatorOf(a.Kind());
            ExpressionSyntax combined = SyntaxFactory.CastExpression(leftTypeSyntax,
                GeneratedSyntax.Paren(GeneratedSyntax.Binary(binaryKind, operatorKind, old.Bare(), GeneratedSyntax.Paren(rhs))));
            if (asStatement) { _flow.EmitUser(GeneratedSyntax.AssignStatement(bareTarget, combined)); return null; }
            LoweredValue result = NewTemp(leftType, left);
            _flow.EmitUserAssign(result, combined);
            _flow.EmitUser(GeneratedSyntax.AssignStatement(bareTarget, result.Bare()));
            return result;
        }

        /// <summary>
        /// <c>(target op value)</c>: the assignment <paramref name="a"/> with its target and value lowered, parenthesized
        /// and without the trivia around it (the parentheses take that where the value is embedded).
        /// </summary>
        private static LoweredValue Assigned(AssignmentExpressionSyntax a, ExpressionSyntax target, LoweredValue value) =>
            LoweredValue.Built(GeneratedSyntax.Paren(a.Update(target.WithLeadingTrivia(), a.OperatorToken, value.InPlaceOf(a.Right).WithTrailingTrivia())));
    }
}
