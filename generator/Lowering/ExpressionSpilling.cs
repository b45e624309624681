using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Lowering
{
    // Suspension points inside expressions. Sub-expressions are evaluated left to right; an operand evaluated
    // before a later operand that suspends is spilled into a frame temp first, so its value is the one C# would
    // have seen. Short-circuit operators (&&, ||, ?:, ??, ?.) become branches so the right side runs only when C#
    // would run it.
    internal sealed partial class FrameLowerer
    {
        private void LowerExpressionStatement(ExpressionSyntax expression)
        {
            if (!_sa.Contains(expression))
            {
                EmitUser(Text(expression) + ";");
                return;
            }
            switch (expression)
            {
                case InvocationExpressionSyntax inv when _sa.KindOf(inv) != SuspensionKind.None:
                {
                    string? end = LowerSuspension(inv);
                    if (end != null) EmitUser(end + ";");
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
            string? text = LowerExprOrVoid(expression);
            if (text != null) EmitUser(text + ";");
        }

        /// <summary>Lowers <paramref name="e"/>; returns C# text that yields its value when evaluated next.</summary>
        private string LowerExpr(ExpressionSyntax e) =>
            LowerExprOrVoid(e) ?? throw new LoweringException(DiagnosticDescriptors.NotSupported, e, "Using a void call as a value", "");

        private string? LowerExprOrVoid(ExpressionSyntax e)
        {
            _ct.ThrowIfCancellationRequested();
            if (!_sa.Contains(e)) return Text(e);
            switch (e)
            {
                case ParenthesizedExpressionSyntax p:
                    return "(" + LowerExpr(p.Expression) + ")";
                case InvocationExpressionSyntax inv when _sa.KindOf(inv) != SuspensionKind.None:
                    return LowerSuspension(inv);
                case InvocationExpressionSyntax inv:
                {
                    var children = new List<ExpressionSyntax>();
                    if (inv.Expression is MemberAccessExpressionSyntax ma && IsValue(ma.Expression))
                    {
                        // A struct variable is called in place: keep the variable, spill only what locates it.
                        ITypeSymbol? receiverType = _model.GetTypeInfo(ma.Expression, _ct).Type;
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
                case BinaryExpressionSyntax b when b.IsKind(SyntaxKind.LogicalAndExpression) || b.IsKind(SyntaxKind.LogicalOrExpression):
                    return LowerLogical(b);
                case BinaryExpressionSyntax b when b.IsKind(SyntaxKind.CoalesceExpression):
                    return LowerCoalesce(b);
                case BinaryExpressionSyntax b when b.IsKind(SyntaxKind.IsExpression) || b.IsKind(SyntaxKind.AsExpression):
                    return LowerChildren(b, new List<ExpressionSyntax> { b.Left });
                case BinaryExpressionSyntax b:
                    return LowerChildren(b, new List<ExpressionSyntax> { b.Left, b.Right });
                case ConditionalExpressionSyntax c:
                    return LowerConditional(c);
                case ConditionalAccessExpressionSyntax ca:
                    return LowerConditionalAccess(ca, valueNeeded: true);
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
                    string? saved = _checked;
                    _checked = c.Keyword.IsKind(SyntaxKind.CheckedKeyword) ? "checked" : "unchecked";
                    string inner = LowerExpr(c.Expression);
                    _checked = saved;
                    return c.Keyword.Text + "(" + inner + ")";
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
                        _ => throw new LoweringException(DiagnosticDescriptors.NotSupported, el, "This collection element", ""),
                    }).ToList());
                case InterpolatedStringExpressionSyntax istr:
                    return LowerChildren(istr, istr.Contents.OfType<InterpolationSyntax>().Select(i => i.Expression).ToList());
                case TupleExpressionSyntax t:
                    return LowerChildren(t, ValueArguments(t.Arguments).ToList());
                case IsPatternExpressionSyntax ip:
                {
                    string value = StabilizeIfNeeded(ip.Expression, LowerExpr(ip.Expression), force: false);
                    return PatternTest(value, ip.Pattern);
                }
                case SwitchExpressionSyntax sw:
                    return LowerSwitchExpression(sw);
                case WithExpressionSyntax w:
                    // The receiver first, then each member's value in the order written (C#'s order for 'with').
                    return LowerChildren(w, new[] { w.Expression }.Concat(w.Initializer.Expressions
                        .Select(x => x is AssignmentExpressionSyntax a ? a.Right : x)).ToList());
                case RangeExpressionSyntax r:
                    return LowerChildren(r, new[] { r.LeftOperand, r.RightOperand }.Where(x => x != null).Cast<ExpressionSyntax>().ToList());
                case RefExpressionSyntax:
                    throw new LoweringException(DiagnosticDescriptors.RefLikeAcrossSuspension, e, Short(e.ToString()), "a ref expression");
                case ThrowExpressionSyntax th:
                    return "throw " + LowerExpr(th.Expression);
            }
            throw new LoweringException(DiagnosticDescriptors.NotSupported, e,
                "A suspension point inside a '" + e.Kind() + "' expression", "move the suspending call into its own statement");
        }

        private static IEnumerable<ExpressionSyntax> ValueArguments(SeparatedSyntaxList<ArgumentSyntax> arguments) =>
            arguments.Where(a => a.RefKindKeyword.RawKind == 0).Select(a => a.Expression);

        private bool IsValue(ExpressionSyntax e)
        {
            ISymbol? s = _model.GetSymbolInfo(e, _ct).Symbol;
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
                    result.Add(ma.Expression);
                    break;
                case ElementAccessExpressionSyntax ea:
                    result.Add(ea.Expression);
                    result.AddRange(ValueArguments(ea.ArgumentList.Arguments));
                    break;
            }
            return result;
        }

        /// <summary>
        /// Lowers the listed sub-expressions of <paramref name="parent"/> in order, spilling each one that a later
        /// suspending sibling could otherwise overtake, and returns the parent's text over the results.
        /// </summary>
        private string LowerChildren(ExpressionSyntax parent, IReadOnlyList<ExpressionSyntax> children, Dictionary<SyntaxNode, string>? replacements = null)
        {
            replacements ??= new Dictionary<SyntaxNode, string>();
            for (int i = 0; i < children.Count; i++)
            {
                ExpressionSyntax child = children[i];
                bool laterSuspends = false;
                for (int j = i + 1; j < children.Count; j++)
                    if (_sa.Contains(children[j])) { laterSuspends = true; break; }
                if (!_sa.Contains(child) && !laterSuspends) continue;
                string text = LowerExpr(child);
                if (laterSuspends) text = StabilizeIfNeeded(child, text, force: false);
                replacements[child] = text;
            }
            return Text(parent, replacements);
        }

        /// <summary>Stores a lowered value in a temp unless re-reading it later is guaranteed to give the same value.</summary>
        private string StabilizeIfNeeded(ExpressionSyntax child, string text, bool force)
        {
            if (!force && IsStable(child)) return text;
            if (IsStable(child) && IsLocalOrParameter(child)) return text;
            ITypeSymbol? type = _model.GetTypeInfo(child, _ct).Type ?? _model.GetTypeInfo(child, _ct).ConvertedType;
            if (type is null)
            {
                if (IsStable(child)) return text;
                throw new LoweringException(DiagnosticDescriptors.NotSupported, child, "An expression without a type before a suspension point", "assign it to a typed local first");
            }
            string temp = NewTemp(type, child);
            EmitUser(temp + " = " + text + ";");
            return temp;
        }

        private bool IsLocalOrParameter(ExpressionSyntax e)
        {
            while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
            if (e is ThisExpressionSyntax) return true;
            return e is IdentifierNameSyntax && _model.GetSymbolInfo(e, _ct).Symbol is ILocalSymbol { IsRef: false } or IParameterSymbol { RefKind: RefKind.None };
        }

        /// <summary>True when evaluating the expression later gives the same value with no side effect.</summary>
        private bool IsStable(ExpressionSyntax e)
        {
            while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
            switch (e)
            {
                case LiteralExpressionSyntax:
                case ThisExpressionSyntax:
                case DefaultExpressionSyntax:
                case TypeOfExpressionSyntax:
                case SizeOfExpressionSyntax:
                case AnonymousFunctionExpressionSyntax:
                    return true;
            }
            if (_sa.Contains(e)) return false;
            if (_model.GetConstantValue(e, _ct).HasValue) return true;
            ISymbol? s = _model.GetSymbolInfo(e, _ct).Symbol;
            if (e is IdentifierNameSyntax && s is ILocalSymbol { IsRef: false } or IParameterSymbol { RefKind: RefKind.None }) return true;
            if (s is IMethodSymbol && e is SimpleNameSyntax or MemberAccessExpressionSyntax && !(e.Parent is InvocationExpressionSyntax pi && pi.Expression == e))
                return true; // a method group
            return false;
        }

        private string LowerLogical(BinaryExpressionSyntax b)
        {
            ITypeSymbol? type = _model.GetTypeInfo(b, _ct).Type;
            if (type?.SpecialType != SpecialType.System_Boolean || _model.GetSymbolInfo(b, _ct).Symbol is IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator })
                throw new LoweringException(DiagnosticDescriptors.NotSupported, b, "A suspension point under a user-defined && or ||", "only bool operands are lowered");
            bool isAnd = b.IsKind(SyntaxKind.LogicalAndExpression);
            string temp = NewTemp("bool");
            EmitUser(temp + " = " + LowerExpr(b.Left) + ";");
            string skip = NewLabel(isAnd ? "and" : "or");
            Emit("if (" + (isAnd ? "!" : "") + temp + ") goto " + skip + ";");
            EmitUser(temp + " = " + LowerExpr(b.Right) + ";");
            EmitLabel(skip);
            return temp;
        }

        private string LowerConditional(ConditionalExpressionSyntax c)
        {
            if (c.WhenTrue is RefExpressionSyntax)
                throw new LoweringException(DiagnosticDescriptors.RefLikeAcrossSuspension, c, Short(c.ToString()), "a ref conditional");
            ITypeSymbol? type = _model.GetTypeInfo(c, _ct).Type ?? _model.GetTypeInfo(c, _ct).ConvertedType;
            if (type is null) throw new LoweringException(DiagnosticDescriptors.NotSupported, c, "This conditional expression", "its type does not bind");
            string temp = NewTemp(type, c);
            string condition = LowerExpr(c.Condition);
            string elseLabel = NewLabel("else"), end = NewLabel("endif");
            EmitUser("if (!" + Paren(condition) + ") goto " + elseLabel + ";");
            EmitBranch(temp, c.WhenTrue);
            Emit("goto " + end + ";");
            EmitLabel(elseLabel);
            EmitBranch(temp, c.WhenFalse);
            EmitLabel(end);
            return temp;
        }

        /// <summary>One arm of a spilled ?: — a throw expression (<c>c ? x : throw e</c>) becomes a throw statement.</summary>
        private void EmitBranch(string temp, ExpressionSyntax branch)
        {
            if (branch is ThrowExpressionSyntax th)
                EmitUser("throw " + LowerExpr(th.Expression) + ";");
            else
                EmitUser(temp + " = " + LowerExpr(branch) + ";");
        }

        private string LowerCoalesce(BinaryExpressionSyntax b)
        {
            ITypeSymbol? leftType = _model.GetTypeInfo(b.Left, _ct).Type;
            ITypeSymbol? rightType = _model.GetTypeInfo(b.Right, _ct).Type ?? _model.GetTypeInfo(b.Right, _ct).ConvertedType;
            ITypeSymbol? type = _model.GetTypeInfo(b, _ct).Type;
            if (leftType is null || type is null)
                throw new LoweringException(DiagnosticDescriptors.NotSupported, b, "This ?? expression", "its type does not bind");
            string left = NewTemp(leftType, b.Left);
            EmitUser(left + " = " + LowerExpr(b.Left) + ";");
            string done = NewLabel("notnull");
            Emit("if (" + left + " != null) goto " + done + ";");
            string right;
            if (b.Right is ThrowExpressionSyntax)
            {
                EmitUser(LowerExpr(((ThrowExpressionSyntax)b.Right).Expression) is string ex ? "throw " + ex + ";" : "");
                EmitLabel(done);
                return left + " ?? throw new global::System.InvalidOperationException()";
            }
            right = NewTemp(rightType ?? type, b.Right);
            EmitUser(right + " = " + LowerExpr(b.Right) + ";");
            EmitLabel(done);
            return "(" + left + " ?? " + right + ")";
        }

        private string? LowerConditionalAccess(ConditionalAccessExpressionSyntax ca, bool valueNeeded)
        {
            ITypeSymbol? receiverType = _model.GetTypeInfo(ca.Expression, _ct).Type;
            if (receiverType is null) throw new LoweringException(DiagnosticDescriptors.NotSupported, ca, "This ?. expression", "its type does not bind");
            string receiver = NewTemp(receiverType, ca.Expression, "receiver");
            EmitUser(receiver + " = " + LowerExpr(ca.Expression) + ";");
            string? result = null;
            ITypeSymbol? type = _model.GetTypeInfo(ca, _ct).Type;
            if (valueNeeded)
            {
                if (type is null || type.SpecialType == SpecialType.System_Void)
                    throw new LoweringException(DiagnosticDescriptors.NotSupported, ca, "Using a void ?. call as a value", "");
                result = NewTemp(type, ca);
                Emit(result + " = default!;");
            }
            string end = NewLabel("null");
            Emit("if (" + receiver + " == null) goto " + end + ";");
            bool nullableValue = receiverType is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };
            _bindingReceivers[ca] = nullableValue ? receiver + ".GetValueOrDefault()" : receiver;
            string? inner = LowerExprOrVoid(ca.WhenNotNull);
            _bindingReceivers.Remove(ca);
            if (result != null) EmitUser(result + " = " + inner + ";");
            else if (inner != null) EmitUser(inner + ";");
            EmitLabel(end);
            return result;
        }

        private string LowerObjectCreation(ExpressionSyntax creation, ArgumentListSyntax? arguments, InitializerExpressionSyntax? initializer)
        {
            if (initializer == null || !_sa.Contains(initializer))
            {
                var children = arguments is null ? new List<ExpressionSyntax>() : ValueArguments(arguments.Arguments).ToList();
                if (initializer != null && children.Any(_sa.Contains))
                {
                    // Arguments suspend, initializer does not: spill the arguments, keep the initializer in place.
                    return LowerChildren(creation, children);
                }
                return LowerChildren(creation, children);
            }
            // new T(args) { A = x, B = ch.Receive() } → create, then assign members in order.
            ITypeSymbol? type = _model.GetTypeInfo(creation, _ct).Type;
            if (type is null) throw new LoweringException(DiagnosticDescriptors.NotSupported, creation, "This object creation", "its type does not bind");
            string temp = NewTemp(type, creation);
            var argRepl = new Dictionary<SyntaxNode, string>();
            string withoutInit;
            {
                var children = arguments is null ? new List<ExpressionSyntax>() : ValueArguments(arguments.Arguments).ToList();
                string full = LowerChildren(creation, children);
                // Drop the initializer from the text: render again without it.
                ExpressionSyntax bare = creation switch
                {
                    ObjectCreationExpressionSyntax o => o.WithInitializer(null).WithArgumentList(o.ArgumentList ?? SyntaxFactory.ArgumentList()),
                    ImplicitObjectCreationExpressionSyntax io => io.WithInitializer(null),
                    _ => creation,
                };
                int cut = InitializerStart(full);
                withoutInit = cut > 0 ? full.Substring(0, cut).TrimEnd() : full;
                if (creation is ObjectCreationExpressionSyntax { ArgumentList: null }) withoutInit += "()";
                _ = bare;
            }
            EmitUser(temp + " = " + withoutInit + ";");
            foreach (ExpressionSyntax element in initializer.Expressions)
            {
                SetPosition(element);
                if (initializer.IsKind(SyntaxKind.ObjectInitializerExpression) && element is AssignmentExpressionSyntax a)
                {
                    string member = a.Left is ImplicitElementAccessSyntax iea
                        ? temp + "[" + string.Join(", ", iea.ArgumentList.Arguments.Select(x => _sa.Contains(a.Right) ? StabilizeIfNeeded(x.Expression, LowerExpr(x.Expression), force: false) : LowerExpr(x.Expression))) + "]"
                        : temp + "." + a.Left.WithoutTrivia().ToFullString();
                    if (a.Right is InitializerExpressionSyntax nested)
                    {
                        // Tags = { a, b } adds to the existing collection; Inner = { X = 1 } sets members of the existing object.
                        foreach (ExpressionSyntax item in nested.Expressions)
                        {
                            if (nested.IsKind(SyntaxKind.CollectionInitializerExpression))
                                EmitUser(member + ".Add(" + (item is InitializerExpressionSyntax multi ? string.Join(", ", multi.Expressions.Select(x => LowerExpr(x))) : LowerExpr(item)) + ");");
                            else if (item is AssignmentExpressionSyntax inner && inner.Right is not InitializerExpressionSyntax)
                                EmitUser(member + "." + inner.Left.WithoutTrivia().ToFullString() + " = " + LowerExpr(inner.Right) + ";");
                            else
                                throw new LoweringException(DiagnosticDescriptors.NotSupported, item, "A doubly nested initializer in an initializer that suspends", "assign the member after creating the object");
                        }
                        continue;
                    }
                    EmitUser(member + " = " + LowerExpr(a.Right) + ";");
                }
                else if (initializer.IsKind(SyntaxKind.CollectionInitializerExpression))
                {
                    if (element is InitializerExpressionSyntax complex)
                        EmitUser(temp + ".Add(" + string.Join(", ", complex.Expressions.Select(x => LowerExpr(x))) + ");");
                    else
                        EmitUser(temp + ".Add(" + LowerExpr(element) + ");");
                }
                else
                {
                    throw new LoweringException(DiagnosticDescriptors.NotSupported, element, "This initializer element", "");
                }
            }
            return temp;
        }

        /// <summary>Where the trailing <c>{ … }</c> initializer of a creation expression's text starts.</summary>
        private static int InitializerStart(string text)
        {
            int depth = 0;
            for (int i = text.Length - 1; i >= 0; i--)
            {
                if (text[i] == '}') depth++;
                else if (text[i] == '{' && --depth == 0) return i;
            }
            return -1;
        }

        /// <summary>Assignment with a suspension in the value (or the target's operands).</summary>
        private string? LowerAssignment(AssignmentExpressionSyntax a, bool asStatement)
        {
            ExpressionSyntax left = a.Left;
            if (a.IsKind(SyntaxKind.CoalesceAssignmentExpression))
            {
                List<ExpressionSyntax> lchildren = LValueChildren(left);
                var lrepl = new Dictionary<SyntaxNode, string>();
                foreach (ExpressionSyntax c in lchildren) lrepl[c] = StabilizeIfNeeded(c, LowerExpr(c), force: false);
                string target = Text(left, lrepl);
                string done = NewLabel("notnull");
                EmitUser("if (" + target + " != null) goto " + done + ";");
                EmitUser(target + " = " + LowerExpr(a.Right) + ";");
                EmitLabel(done);
                return asStatement ? null : target;
            }
            if (left is TupleExpressionSyntax || left is DeclarationExpressionSyntax)
            {
                if (_sa.Contains(left)) throw new LoweringException(DiagnosticDescriptors.NotSupported, left, "A suspension point inside a deconstruction target", "");
                string value = LowerExpr(a.Right);
                string text = Text(left) + " = " + value;
                if (asStatement) { EmitUser(text + ";"); return null; }
                return text;
            }
            // Evaluate the target's receiver and index before the value, as C# does.
            List<ExpressionSyntax> children = LValueChildren(left);
            var repl = new Dictionary<SyntaxNode, string>();
            bool valueSuspends = _sa.Contains(a.Right);
            for (int i = 0; i < children.Count; i++)
            {
                ExpressionSyntax c = children[i];
                bool later = valueSuspends || children.Skip(i + 1).Any(_sa.Contains);
                if (!_sa.Contains(c) && !later) continue;
                string t = LowerExpr(c);
                if (later) t = StabilizeIfNeeded(c, t, force: false);
                repl[c] = t;
            }
            string targetText = Text(left, repl);
            if (a.IsKind(SyntaxKind.SimpleAssignmentExpression))
            {
                string value = LowerExpr(a.Right);
                if (asStatement) { EmitUser(targetText + " = " + value + ";"); return null; }
                ITypeSymbol? type = _model.GetTypeInfo(left, _ct).Type;
                if (type is null) return "(" + targetText + " = " + value + ")";
                string temp = NewTemp(type, left);
                EmitUser(temp + " = " + value + ";");
                EmitUser(targetText + " = " + temp + ";");
                return temp;
            }
            // Compound: read the old value before the value suspends (unless the target is a local of this frame).
            string op = a.OperatorToken.Text.Substring(0, a.OperatorToken.Text.Length - 1);
            if (IsLocalOrParameter(left) || !valueSuspends)
            {
                string v = LowerExpr(a.Right);
                if (asStatement) { EmitUser(targetText + " " + a.OperatorToken.Text + " " + v + ";"); return null; }
                return "(" + targetText + " " + a.OperatorToken.Text + " " + v + ")";
            }
            ITypeSymbol? leftType = _model.GetTypeInfo(left, _ct).Type;
            if (leftType is null || _model.GetSymbolInfo(left, _ct).Symbol is IEventSymbol)
                throw new LoweringException(DiagnosticDescriptors.NotSupported, a, "A compound assignment to an event across a suspension point", "");
            string old = NewTemp(leftType, left);
            EmitUser(old + " = " + targetText + ";");
            string rhs = LowerExpr(a.Right);
            string assign = targetText + " = (" + FrameNaming.Type(leftType) + ")(" + old + " " + op + " (" + rhs + "))";
            if (asStatement) { EmitUser(assign + ";"); return null; }
            string result = NewTemp(leftType, left);
            EmitUser(result + " = (" + FrameNaming.Type(leftType) + ")(" + old + " " + op + " (" + rhs + "));");
            EmitUser(targetText + " = " + result + ";");
            return result;
        }
    }
}
