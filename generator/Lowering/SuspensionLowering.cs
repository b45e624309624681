using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Stackless.Generator.Facts;
using Stackless.Generator.Ir;
using Stackless.Generator.Model;

namespace Stackless.Generator.Lowering
{
    // A suspension point: set State, start the operation with its Begin… (return if it must wait), and at the
    // resume label finish it with End…. Begin/End take the running frame (`this`) where the runtime offers it,
    // so the scheduler is reached without a thread-static read, and a root frame (the tasklet itself) is found
    // without a walk through channel → scheduler → run queue at the resume point. End… delivers the value or raises what was thrown
    // into the tasklet while it waited.
    // A call to another [Tasklet] method pushes the callee's frame instead, created by the callee's frame factory
    // (__M_CreateFrame, which dispatches like M: virtual, override, interface, another assembly);
    // TaskletFrame.TakeResult(ref __callK) delivers its outcome and clears the field.
    internal sealed partial class ExpressionLowering
    {
        /// <summary>
        /// Members the frame needs in the user's type itself (not in the frame): the non-virtual forwarders behind
        /// <c>base</c> accesses and calls, which only code of the user's type can make (shapes; Emitter/ writes them).
        /// </summary>
        public readonly List<TypeHelper> TypeHelpers = new();

        /// <summary>Lowers a suspending call; returns the End… expression that yields its value, or null for void.</summary>
        private LoweredValue? LowerSuspension(InvocationExpressionSyntax inv)
        {
            SuspensionKind kind = _facts.Analysis.KindOf(inv);
            IMethodSymbol method = _facts.Analysis.MethodOf(inv);
            bool reducedExtension = method.ReducedFrom != null;
            SuspensionContract? contract = kind == SuspensionKind.Declared ? _facts.Known.ContractOf(method, inv, _facts.Method.ContainingType) : null; // TSK013 if ill-formed

            // The receiver: explicit (ch.Send), a ?. binding (ch?.Send), implicit this (M()), or none (static).
            ExpressionSyntax? receiverExpr = null;
            ExpressionSyntax? receiver = null;
            bool baseCall = false;
            ExpressionSyntax? bindingReceiver = null;
            if (!method.IsStatic || reducedExtension)
            {
                switch (inv.Expression)
                {
                    case MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax } when kind == SuspensionKind.TaskletCall:
                        baseCall = true; // a non-virtual call of the base class's factory, through a helper (BaseCallHelper)
                        break;
                    case MemberAccessExpressionSyntax ma:
                        receiverExpr = ma.Expression;
                        break;
                    case MemberBindingExpressionSyntax mb:
                        bindingReceiver = BindingReceiverOf(mb) ?? throw new RefusalException(DiagnosticDescriptors.NotSupported, inv, "This ?. call", "");
                        receiver = OuterTrivia.Without(bindingReceiver);
                        break;
                    default:
                        receiver = GeneratedSyntax.Name("__this");
                        _alloc.UseThis();
                        break;
                }
            }

            // Evaluate receiver and arguments left to right; the receiver is read again at the resume point. An out
            // argument (a declared Begin/End pair only) is written by End at the resume point: what locates its variable
            // (an array and index, a field's object) is evaluated here, in order, and kept for End.
            var args = inv.ArgumentList.Arguments;
            bool outAllowed = contract is { IsNestedFrame: false };
            foreach (ArgumentSyntax a in args)
            {
                if (a.RefKindKeyword.RawKind == 0) continue;
                if (!outAllowed || !a.RefKindKeyword.IsKind(SyntaxKind.OutKeyword))
                    throw new RefusalException(DiagnosticDescriptors.NotSupported, a, "A ref" + (outAllowed ? " or in" : " or out") + " argument to a suspending call", "");
                CheckOutTarget(a.Expression);
            }
            var children = new List<ExpressionSyntax>();
            var locators = new HashSet<ExpressionSyntax>(); // read again by End: kept unless re-reading gives the same
            var locatedBy = new Dictionary<ExpressionSyntax, ExpressionSyntax>(); // an out target's last locator -> the target
            if (receiverExpr != null) children.Add(receiverExpr);
            foreach (ArgumentSyntax a in args)
            {
                if (a.RefKindKeyword.RawKind == 0) { children.Add(a.Expression); continue; }
                ExpressionSyntax? last = null;
                foreach (ExpressionSyntax l in LValueChildren(a.Expression)) { children.Add(l); locators.Add(l); last = l; }
                if (last != null) locatedBy[last] = a.Expression;
            }
            var lowered = new Dictionary<SyntaxNode, LoweredValue>();
            for (int i = 0; i < children.Count; i++)
            {
                ExpressionSyntax c = children[i];
                // Kept in a temp when something after it runs before the Begin call: a later child that suspends, or an
                // out argument's locator (its variable is located here, by statements, fuzz seed 21500371: with named
                // arguments an out argument may come after a value argument that changes what locates it).
                bool later = children.Skip(i + 1).Any(x => _plan.IsLowered(x) || locators.Contains(x));
                LoweredValue t = LowerExpr(c);
                bool isReceiver = receiverExpr != null && i == 0;
                if ((isReceiver && kind != SuspensionKind.TaskletCall) || locators.Contains(c)) t = StabilizeIfNeeded(c, t, force: !IsStable(c));
                else if (later) t = StabilizeIfNeeded(c, t, force: false);
                lowered[c] = t;
                // C# locates an out argument's variable when it evaluates the argument, before the call: a null array or
                // object, a bad index or a covariant array throws then, not at the resume point after a value was received.
                if (locatedBy.TryGetValue(c, out ExpressionSyntax? target))
                    _flow.EmitUser(GeneratedSyntax.Statement(GeneratedSyntax.Call(
                        GeneratedSyntax.Member(GeneratedSyntax.GlobalType("Stackless", "CompilerServices", "OutArgument"), GeneratedSyntax.Name("Locate")),
                        new[] { GeneratedSyntax.ByReference(SyntaxKind.RefKeyword, OuterTrivia.Without((ExpressionSyntax)Rewrite(target, lowered))) })));
            }
            if (receiverExpr != null) receiver = lowered[receiverExpr].Bare();
            var arguments = new List<ArgumentSyntax>();
            var outs = new SortedList<int, ArgumentSyntax>(); // End takes them in the order of the parameters
            for (int i = 0; i < args.Count; i++)
            {
                ArgumentSyntax a = args[i];
                if (a.RefKindKeyword.RawKind != 0)
                {
                    // The variable as C# locates it (a field, an element at the kept index, a hoisted out var), a few nodes deep.
                    var variable = ((ExpressionSyntax)Rewrite(a.Expression, lowered)).WithoutTrivia();
                    outs.Add(ParameterIndex(method, a, i), GeneratedSyntax.ByReference(SyntaxKind.OutKeyword, variable));
                    continue;
                }
                arguments.Add(GeneratedSyntax.Argument(lowered[a.Expression].Bare(), a.NameColon?.Name.Identifier.Text));
            }
            if (kind == SuspensionKind.TaskletCall) arguments.AddRange(CallerInfoArguments(inv, method));

            int state = NewResumePoint();
            if (kind == SuspensionKind.TaskletCall)
            {
                IMethodSymbol target = reducedExtension ? method.GetConstructedReducedFrom()! : method;
                CheckCallable(target, inv);
                return CallFrame(state, inv, FrameBaseType(target), FactoryCall(target, receiver, baseCall, reducedExtension, arguments, state, inv), target.ReturnsVoid,
                    !target.ReturnsVoid && TypeShapes.ContainsAnonymousType(target.ReturnType) ? target.ReturnType : null);
            }
            if (contract != null)
            {
                // An extension method's receiver is its first argument.
                if (reducedExtension) arguments.Insert(0, SyntaxFactory.Argument(receiver!));
                IMethodSymbol api = reducedExtension ? method.GetConstructedReducedFrom()! : method;
                if (contract.CreateFrame is IMethodSymbol create)
                    return CallFrame(state, inv, FrameBaseType(api), ContractCall(create, api, receiver, contract.CreateTakesFrame, arguments, inv), api.ReturnsVoid,
                        !api.ReturnsVoid && TypeShapes.ContainsAnonymousType(api.ReturnType) ? api.ReturnType : null);
                // The receiver as End… reads it again: a temp, or a stable expression (a name, this, a literal), a few nodes deep.
                ExpressionSyntax? receiverSyntax = receiverExpr != null ? lowered[receiverExpr].ToSyntax().WithoutTrivia()
                    : bindingReceiver ?? (receiver is IdentifierNameSyntax ? receiver : null);
                // Begin infers an anonymous type argument from the inputs, as the user's call did; End has none to infer it from.
                LoweredValue end = api.TypeArguments.Any(TypeShapes.ContainsAnonymousType)
                    ? LoweredValue.Built(AnonymousEndCall(contract.End!, contract.EndTakesFrame, api, receiverSyntax, outs.Values, state, inv))
                    : EndCall(contract.End!, api, receiverSyntax, contract.EndTakesFrame, outs.Values, inv);
                return Switch(state, inv, ContractCall(contract.Begin!, api, receiver, contract.BeginTakesFrame, arguments, inv), end, api.ReturnsVoid);
            }
            throw new RefusalException(DiagnosticDescriptors.NotSupported, inv, "This suspending call", "");
        }

        /// <summary>
        /// An out argument of a suspension point is written at the resume point, after the frame suspended: it must be a
        /// variable whose location C# fixes before the call and the frame can fix too (a local, out var, discard, field or
        /// array element), not a ref-returning call, which would run only at the resume point.
        /// </summary>
        private void CheckOutTarget(ExpressionSyntax target)
        {
            ExpressionSyntax t = target;
            while (t is ParenthesizedExpressionSyntax p) t = p.Expression;
            if (t is DeclarationExpressionSyntax) return;
            ISymbol? symbol = _facts.Model.GetSymbolInfo(t, _facts.Ct).Symbol;
            bool ok = t switch
            {
                IdentifierNameSyntax => symbol is null or ILocalSymbol { IsRef: false } or IParameterSymbol or IFieldSymbol or IDiscardSymbol,
                MemberAccessExpressionSyntax => symbol is IFieldSymbol,
                ElementAccessExpressionSyntax ea => _facts.Model.GetTypeInfo(ea.Expression, _facts.Ct).Type is IArrayTypeSymbol,
                _ => false,
            };
            if (!ok)
                throw new RefusalException(DiagnosticDescriptors.NotSupported, target, "This out argument to a suspending call",
                    "the variable is written when the call completes, after the frame suspended; pass a local, a field or an array element");
        }

        /// <summary>The index among <paramref name="method"/>'s parameters of the argument at <paramref name="position"/>.</summary>
        private static int ParameterIndex(IMethodSymbol method, ArgumentSyntax argument, int position)
        {
            if (argument.NameColon is { } name)
            {
                for (int i = 0; i < method.Parameters.Length; i++)
                    if (method.Parameters[i].Name == name.Name.Identifier.ValueText) return i;
            }
            return position;
        }

        /// <summary>
        /// A call of a member of a declared suspension point's contract (Begin, End or the nested frame's factory) for a
        /// call of <paramref name="api"/>: on the receiver when the member is an instance one, else on its type; the
        /// running frame (<c>this</c>) first when it takes one; the call's type arguments written out (unless anonymous).
        /// </summary>
        private static ExpressionSyntax ContractCall(IMethodSymbol member, IMethodSymbol api, ExpressionSyntax? receiver, bool takesFrame, List<ArgumentSyntax> arguments, SyntaxNode at)
        {
            INamedTypeSymbol owner = SymbolEqualityComparer.Default.Equals(member.ContainingType, api.ContainingType.OriginalDefinition) ? api.ContainingType : member.ContainingType;
            if (member.IsStatic && TypeShapes.ContainsAnonymousType(owner))
                throw new RefusalException(DiagnosticDescriptors.NotSupported, at, "A suspension point whose static " + member.Name + " is a member of a type built from an anonymous type",
                    "the frame cannot name that type; declare " + member.Name + " as an instance method, or pass a named type");
            ExpressionSyntax target = member.IsStatic ? Written(TypeSyntaxes.Of(owner), at) : receiver!;
            var args = new List<ArgumentSyntax>(arguments.Count + 1);
            if (takesFrame) args.Add(SyntaxFactory.Argument(SyntaxFactory.ThisExpression()));
            args.AddRange(arguments);
            return GeneratedSyntax.Call(GeneratedSyntax.Member(target, GeneratedSyntax.Generic(FrameNaming.Escape(member.Name), TypeArguments(api, at))), args);
        }

        /// <summary>The type arguments a call writes out: none when one is anonymous (the call infers them, as the user's did).</summary>
        private static List<TypeSyntax> TypeArguments(IMethodSymbol method, SyntaxNode at)
        {
            var types = new List<TypeSyntax>(method.TypeArguments.Length);
            if (method.TypeArguments.Any(TypeShapes.ContainsAnonymousType)) return types;
            foreach (ITypeSymbol t in method.TypeArguments) types.Add(Written(TypeSyntaxes.Of(t), at));
            return types;
        }

        /// <summary><c>&lt;T1, T2&gt;</c> as a forwarder in the user's type spells a call's type arguments (none when one is anonymous).</summary>
        private static string TypeArgumentList(IMethodSymbol method) =>
            method.TypeArguments.Length == 0 || method.TypeArguments.Any(TypeShapes.ContainsAnonymousType)
                ? "" : "<" + string.Join(", ", method.TypeArguments.Select(FrameNaming.Type)) + ">";

        /// <summary>A type the frame names in a call it makes; refused when it has no syntax (an error type: the call does not bind).</summary>
        private static TypeSyntax Written(TypeSyntax? type, SyntaxNode at) =>
            type ?? throw new RefusalException(DiagnosticDescriptors.NotSupported, at, "This suspending call", "a type in it cannot be written (does it bind?)");

        /// <summary>
        /// End… of a call whose type arguments contain an anonymous type ('a, 'a[], List&lt;'a&gt;): End takes nothing that
        /// infers them (<c>EndAwait&lt;T&gt;(frame)</c>) and C# cannot write them, so the frame calls it through a generic
        /// helper <c>__EndN&lt;__A1…&gt;</c> that writes them with its own type parameters, inferred from examples of the
        /// anonymous types that are never evaluated (AnonymousTypeStorage).
        /// </summary>
        private ExpressionSyntax AnonymousEndCall(IMethodSymbol end, bool takesFrame, IMethodSymbol api, ExpressionSyntax? receiver, IList<ArgumentSyntax> outs, int state, SyntaxNode at)
        {
            INamedTypeSymbol owner = SymbolEqualityComparer.Default.Equals(end.ContainingType, api.ContainingType.OriginalDefinition) ? api.ContainingType : end.ContainingType;
            IMethodSymbol constructed = (end.IsStatic ? end : owner.GetMembers(end.Name).OfType<IMethodSymbol>().FirstOrDefault(m => SymbolEqualityComparer.Default.Equals(m.OriginalDefinition, end)) ?? end)
                .Construct(api.TypeArguments.ToArray());
            var anonymous = new List<ITypeSymbol>();
            foreach (ITypeSymbol t in api.TypeArguments) CollectAnonymousTypes(t, anonymous);
            CollectAnonymousTypes(owner, anonymous);
            foreach (ITypeSymbol t in anonymous) CheckStorable(t, at, at.ToString()); // an inferred delegate type has no example

            string name = "__End" + state.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var parameters = new List<string>();
            var passed = new List<string>();
            var arguments = new List<ArgumentSyntax>();
            if (!end.IsStatic)
            {
                parameters.Add(Render(owner, anonymous) + " __receiver");
                arguments.Add(SyntaxFactory.Argument(receiver ?? throw new RefusalException(DiagnosticDescriptors.NotSupported, at, "This suspending call", "its receiver cannot be read again")));
            }
            if (takesFrame) { parameters.Add("global::Stackless.Tasklet __frame"); passed.Add("__frame"); arguments.Add(SyntaxFactory.Argument(SyntaxFactory.ThisExpression())); }
            int outIndex = 0;
            foreach (IParameterSymbol p in constructed.Parameters.Skip(takesFrame ? 1 : 0))
            {
                string o = "__o" + (++outIndex).ToString(System.Globalization.CultureInfo.InvariantCulture);
                parameters.Add("out " + Render(p.Type, anonymous) + " " + o);
                passed.Add("out " + o);
            }
            arguments.AddRange(outs);
            for (int i = 0; i < anonymous.Count; i++)
            {
                parameters.Add("__A" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + " __example" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                arguments.Add(SyntaxFactory.Argument(UnevaluatedExampleSyntax(anonymous[i])));
            }
            string target = end.IsStatic ? Render(owner, anonymous) : "__receiver";
            string returns = constructed.ReturnsVoid ? "void" : Render(constructed.ReturnType, anonymous);
            Helpers.Add(new EndHelper(name, state, FrameNaming.Escape(end.Name), returns, anonymous.Count, parameters.ToEquatableArray(), target,
                api.TypeArguments.Select(t => Render(t, anonymous)).ToList().ToEquatableArray(), passed.ToEquatableArray()));
            return GeneratedSyntax.Call(GeneratedSyntax.Name(name), arguments);
        }

        /// <summary>
        /// Caller-info parameters that the user's call leaves to the compiler ([CallerMemberName], [CallerLineNumber],
        /// [CallerFilePath], [CallerArgumentExpression]). The frame factory is called from the frame's MoveNext, where
        /// the compiler would fill in "MoveNext" and the generated line, so the values the user's call gets are passed
        /// explicitly, as named arguments.
        /// </summary>
        private IEnumerable<ArgumentSyntax> CallerInfoArguments(InvocationExpressionSyntax inv, IMethodSymbol method)
        {
            // Binding the call's operation is only worth it when the callee has such a parameter (rare).
            if (!method.Parameters.Any(IsCallerInfo) || _facts.Model.GetOperation(inv, _facts.Ct) is not IInvocationOperation call) yield break;
            foreach (IArgumentOperation a in call.Arguments)
            {
                if (a.ArgumentKind != ArgumentKind.DefaultValue || a.Parameter is null || !IsCallerInfo(a.Parameter)) continue;
                Optional<object?> value = a.Value.ConstantValue;
                if (!value.HasValue) continue;
                yield return GeneratedSyntax.Argument(Literal(value.Value), FrameNaming.Escape(a.Parameter.Name));
            }
        }

        private static bool IsCallerInfo(IParameterSymbol p) => p.GetAttributes().Any(FrameNaming.IsCallerInfo);

        /// <summary>A constant as a literal, its token spelled as C# displays the value (no parsing).</summary>
        private static LiteralExpressionSyntax Literal(object? value)
        {
            if (value is null) return SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression);
            if (value is bool b) return SyntaxFactory.LiteralExpression(b ? SyntaxKind.TrueLiteralExpression : SyntaxKind.FalseLiteralExpression);
            string text = SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false);
            return value switch
            {
                string s => SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(text, s)),
                char c => SyntaxFactory.LiteralExpression(SyntaxKind.CharacterLiteralExpression, SyntaxFactory.Literal(text, c)),
                // A number (a caller line number and the like), spelled as before: the text is what is written.
                int i => Number(SyntaxFactory.Literal(text, i)),
                uint u => Number(SyntaxFactory.Literal(text, u)),
                long l => Number(SyntaxFactory.Literal(text, l)),
                ulong u => Number(SyntaxFactory.Literal(text, u)),
                float f => Number(SyntaxFactory.Literal(text, f)),
                double d => Number(SyntaxFactory.Literal(text, d)),
                decimal m => Number(SyntaxFactory.Literal(text, m)),
                byte or sbyte or short or ushort => Number(SyntaxFactory.Literal(text, System.Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture))),
                _ => throw new System.ArgumentOutOfRangeException(nameof(value), value.GetType(), "a constant of a caller-info parameter"),
            };

            static LiteralExpressionSyntax Number(SyntaxToken token) => SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, token);
        }

        private LoweredValue? Switch(int state, SyntaxNode at, ExpressionSyntax begin, LoweredValue end, bool isVoid)
        {
            // State is set only when the frame really suspends: an argument of the operation (or the operation
            // itself) may throw first, and an enclosing finally (guarded by State <= 0) must then run.
            _ir.Nodes.Add(new IrSuspend(state, LineOf(at), Excerpt.Short(at.ToString()), InCheckedContext(begin), _ir.Line, _ir.Column));
            if (isVoid)
            {
                EmitUserEvaluate(end);
                return null;
            }
            return end;
        }

        private LoweredValue? CallFrame(int state, SyntaxNode at, string frameType, ExpressionSyntax creation, bool isVoid, ITypeSymbol? anonymousResult = null)
        {
            string field = "__call" + state.ToString(System.Globalization.CultureInfo.InvariantCulture);
            ExpressionSyntax? boxed = null;
            if (anonymousResult != null && _facts.Known.TaskletFrameOfT != null)
            {
                // TaskletFrame<'a> cannot be named: kept like any value of anonymous type (AnonymousTypeStorage).
                boxed = AnonField(field, _facts.Known.TaskletFrameOfT.Construct(anonymousResult), "the frame of the nested call at resume point " + state);
            }
            else
                Fields.Add(new FrameField("private", frameType, field, "the callee, from the call until its resume point"));
            // The arguments may throw (e.g. a pending exception at an EndReceive): State is set only after them, so an
            // enclosing finally (guarded by State <= 0) still runs.
            _ir.Nodes.Add(new IrNestedCall(state, LineOf(at), Excerpt.Short(at.ToString()), boxed ?? GeneratedSyntax.Name(field), InCheckedContext(creation), _ir.Line, _ir.Column));
            // TakeResult clears the field as it reads the result: a caller that runs on does not keep its finished
            // callee (and all the callee kept) alive. A frame of anonymous result type stays in its box (rare).
            LoweredValue take = LoweredValue.Built(boxed != null
                ? GeneratedSyntax.Call(GeneratedSyntax.Member(boxed, GeneratedSyntax.Name("GetResult")), System.Array.Empty<ArgumentSyntax>())
                : TakeResult(field));
            if (isVoid)
            {
                Emit(new IrEvaluate(take.Bare()));
                return null;
            }
            return take;
        }

        /// <summary><c>TaskletFrame.TakeResult</c>, named once (a constant of the runtime's contract).</summary>
        private static readonly ExpressionSyntax s_takeResult =
            GeneratedSyntax.Member(GeneratedSyntax.GlobalType("Stackless", "CompilerServices", "TaskletFrame"), GeneratedSyntax.Name("TakeResult"));

        /// <summary><c>global::Stackless.CompilerServices.TaskletFrame.TakeResult(ref field)</c>, as syntax.</summary>
        private static InvocationExpressionSyntax TakeResult(string field) =>
            SyntaxFactory.InvocationExpression(s_takeResult, SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Argument(null, SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.RefKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                    SyntaxFactory.IdentifierName(field)))));

        /// <summary>
        /// The End… call that yields a suspension point's value, as syntax: the same call as <see cref="ContractCall"/>
        /// writes (<c>ch.EndReceive(this)</c>, <c>__t2.EndTryReceive(this, out x)</c>, <c>global::N.Ops.EndTake&lt;int&gt;(this)</c>):
        /// on the receiver, or on its type for a static End; the call's type arguments written out.
        /// </summary>
        private static LoweredValue EndCall(IMethodSymbol end, IMethodSymbol api, ExpressionSyntax? receiverSyntax, bool takesFrame,
            IList<ArgumentSyntax> outs, SyntaxNode at)
        {
            INamedTypeSymbol owner = SymbolEqualityComparer.Default.Equals(end.ContainingType, api.ContainingType.OriginalDefinition) ? api.ContainingType : end.ContainingType;
            ExpressionSyntax? target = end.IsStatic ? TypeSyntaxes.Of(owner) : receiverSyntax is null ? null : ReceiverSyntax(receiverSyntax);
            var typeArguments = new List<TypeSyntax>();
            if (!api.TypeArguments.Any(TypeShapes.ContainsAnonymousType))
                foreach (ITypeSymbol t in api.TypeArguments)
                    if (TypeSyntaxes.Of(t) is TypeSyntax ts) typeArguments.Add(ts);
                    else target = null;
            // A static End on a type built from an anonymous type cannot be named (as ContractCall refuses it for Begin).
            if (end.IsStatic && TypeShapes.ContainsAnonymousType(owner))
                throw new RefusalException(DiagnosticDescriptors.NotSupported, at, "A suspension point whose static " + end.Name + " is a member of a type built from an anonymous type",
                    "the frame cannot name that type; declare " + end.Name + " as an instance method, or pass a named type");
            if (target is null)
                throw new RefusalException(DiagnosticDescriptors.NotSupported, at, "This suspending call", "a type in its End call cannot be written (does it bind?)");
            var arguments = new List<ArgumentSyntax>();
            if (takesFrame) arguments.Add(SyntaxFactory.Argument(SyntaxFactory.ThisExpression()));
            arguments.AddRange(outs);
            return LoweredValue.Built(GeneratedSyntax.Call(GeneratedSyntax.Member(target, GeneratedSyntax.Generic(FrameNaming.Escape(end.Name), typeArguments)), arguments));
        }

        /// <summary>A receiver as the left side of a member access: parenthesized unless it is a name, a member access, this or a call.</summary>
        private static ExpressionSyntax ReceiverSyntax(ExpressionSyntax receiver) =>
            receiver is SimpleNameSyntax or MemberAccessExpressionSyntax or ThisExpressionSyntax or InvocationExpressionSyntax or ParenthesizedExpressionSyntax
                or ElementAccessExpressionSyntax or LiteralExpressionSyntax
                ? receiver
                : GeneratedSyntax.Paren(receiver);

        /// <summary>The type a nested call's frame is kept as: the runtime's base frame class, whatever the callee's frame is.</summary>
        private static string FrameBaseType(IMethodSymbol target) =>
            target.ReturnsVoid
                ? "global::Stackless.CompilerServices.TaskletFrame"
                : "global::Stackless.CompilerServices.TaskletFrame<" + FrameNaming.Type(target.ReturnType) + ">";

        /// <summary>
        /// The call of the callee's frame factory that creates its frame: <c>global::T.__M_CreateFrame(args)</c> for a
        /// static or extension method, <c>receiver.__M_CreateFrame(args)</c> for an instance method (a virtual call when
        /// M is virtual or an interface member; a null receiver throws NullReferenceException there, as the call would).
        /// The factory has M's parameters, so the arguments bind as they did to M; type arguments are explicit (unless anonymous).
        /// </summary>
        private ExpressionSyntax FactoryCall(IMethodSymbol target, ExpressionSyntax? receiver, bool baseCall, bool reducedExtension, List<ArgumentSyntax> arguments, int state, SyntaxNode at)
        {
            // An anonymous type argument cannot be written: the user's call inferred it, and the factory (same
            // parameters) infers it the same way.
            List<TypeSyntax> typeArguments = TypeArguments(target, at);
            SimpleNameSyntax factory = GeneratedSyntax.Generic(FrameNaming.FactoryName(target), typeArguments);
            if (baseCall)
                return BaseCallHelper(target, FrameNaming.FactoryName(target) + TypeArgumentList(target), arguments, state);
            if (target.IsStatic)
            {
                if (reducedExtension) arguments.Insert(0, SyntaxFactory.Argument(receiver!));
                return GeneratedSyntax.Call(GeneratedSyntax.Member(Written(TypeSyntaxes.Of(target.ContainingType), at), factory), arguments);
            }
            return GeneratedSyntax.Call(GeneratedSyntax.Member(IsPlainChain(receiver!) ? receiver! : GeneratedSyntax.Paren(receiver!), factory), arguments);
        }

        /// <summary>
        /// A receiver that needs no parentheses before <c>.</c>: written as ASCII letters, digits, <c>_ . : @</c> only,
        /// starting with a letter, <c>_</c> or <c>@</c> (a name or a member chain). Read token by token, never written.
        /// </summary>
        private static bool IsPlainChain(ExpressionSyntax receiver)
        {
            SyntaxToken first = receiver.GetFirstToken(includeZeroWidth: true), last = receiver.GetLastToken(includeZeroWidth: true);
            if (first.Text.Length == 0 || !(first.Text[0] is '@' or '_' || IsAsciiLetter(first.Text[0]))) return false;
            for (SyntaxToken t = first; ; t = t.GetNextToken(includeZeroWidth: true))
            {
                // Trivia inside the receiver is written (a space, a comment): not plain.
                if (t != first && t.Span.Start != t.FullSpan.Start || t != last && t.Span.End != t.FullSpan.End) return false;
                foreach (char c in t.Text)
                    if (!(IsAsciiLetter(c) || (c >= '0' && c <= '9') || c is '_' or '.' or ':' or '@')) return false;
                if (t == last) return true;
            }
        }

        private static bool IsAsciiLetter(char c) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');

        /// <summary>
        /// <c>base.M(args)</c>: the frame cannot make a non-virtual call on the user's object, so a helper in the user's
        /// type does (<c>base.__M_CreateFrame(…)</c> is a non-virtual call in C#). It takes the caller's type
        /// parameters, in case the call's types use them; its name is unique per caller and resume point.
        /// </summary>
        private ExpressionSyntax BaseCallHelper(IMethodSymbol target, string factory, List<ArgumentSyntax> arguments, int state)
        {
            _alloc.UseThis();
            string name = FrameNaming.FrameName(_facts.Method) + "_BaseCall" + state.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string typeParams = FrameNaming.TypeParameterList(_facts.Method.TypeParameters);
            string display = "base." + FrameNaming.Escape(target.Name) + "(…)";
            var parameters = target.Parameters.Select((p, i) => (Type: FrameNaming.Type(p.Type), Name: "__p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
            TypeHelpers.Add(new BaseMethodForwarder(display, FrameNaming.Escape(_facts.Method.Name), Factory: true, FrameBaseType(target), name, typeParams,
                parameters.Select(p => p.Type + " " + p.Name).ToEquatableArray(), FrameNaming.Constraints(_facts.Method.TypeParameters).ToEquatableArray(),
                factory, parameters.Select(p => p.Name).ToEquatableArray()));
            var typeParameters = _facts.Method.TypeParameters.Select(p => (TypeSyntax)GeneratedSyntax.Name(FrameNaming.Escape(p.Name))).ToList();
            return GeneratedSyntax.Call(GeneratedSyntax.Member(GeneratedSyntax.Name("__this"), GeneratedSyntax.Generic(name, typeParameters)), arguments);
        }

        /// <summary>
        /// A called [Tasklet] method must have a frame factory: one this generator run emits (always, for a call classified
        /// as a suspension point), or one its assembly's symbols show (that assembly was built with the generator).
        /// </summary>
        private void CheckCallable(IMethodSymbol target, SyntaxNode at)
        {
            IMethodSymbol def = target.OriginalDefinition;
            Compilation compilation = _facts.Model.Compilation;
            string display = def.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
            if (!FrameFactories.IsGeneratedHere(def, compilation))
            {
                if (FrameFactories.MissingFactory(target, compilation, _facts.Method.ContainingType) is string missing)
                    throw new RefusalException(DiagnosticDescriptors.NotSupported, at, "Calling [Tasklet] method '" + display + "' as a nested frame", missing);
                return;
            }
            // A method of this compilation has a factory: one refused before lowering is no suspension point (HeaderRefusals.HasFactory).
            System.Diagnostics.Debug.Assert(HeaderRefusals.Problem(def, _facts.Known, compilation) is null, "a call to a [Tasklet] method without a factory was classified as a suspension point");
        }
    }
}
