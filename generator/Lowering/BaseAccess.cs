using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;
using Stackless.Generator.Model;

namespace Stackless.Generator.Lowering
{
    // `base.M()`, `base.P`, `base[i]`, `base.E += h`, `base.f` inside an instance [Tasklet] method. The frame is a
    // separate class and can make no non-virtual call on the user's object, so small forwarding members are emitted
    // into the user's partial type (private, hidden from IntelliSense, named after the frame so that two tasklets
    // never declare the same member), and the access is rewritten to `__this.<helper>`:
    //   method   → private R __M_Frame_base_Foo(int a) => base.Foo(a);           (generic over M's type parameters)
    //   property → private T __M_Frame_base_P { get => base.P; set => base.P = value; }
    //   indexer  → private T this[__M_Frame_base marker, int i] { get => base[i]; set => base[i] = value; }
    //              called as __this[default(__M_Frame_base), i]; the marker enum keeps each frame's indexer distinct
    //   event    → private event EventHandler __M_Frame_base_E { add => base.E += value; remove => base.E -= value; }
    //   field    → private ref int __M_Frame_base_f => ref base.f;
    // Properties, indexers and fields stay assignable, so compound assignment, ++ and spilling work unchanged.
    // A base call of a [Tasklet] method is a nested frame, lowered with the suspension points, not here.
    internal sealed partial class ExpressionLowering
    {
        private readonly Dictionary<ISymbol, string> _baseHelpers = new(SymbolEqualityComparer.Default);
        private readonly HashSet<string> _baseHelperNames = new(System.StringComparer.Ordinal);
        private string? _baseMarker;

        /// <summary>The frame's <c>__this.helper</c> for <c>base.Name</c> (a method group, property, event or field of the base type), without trivia.</summary>
        private ExpressionSyntax BaseMemberSyntax(MemberAccessExpressionSyntax access)
        {
            ISymbol? member = _facts.Model.GetSymbolInfo(access, _facts.Ct).Symbol;
            _alloc.UseThis();
            SimpleNameSyntax helper = member switch
            {
                // The method helper takes the tasklet's type parameters (the call's types may use them).
                IMethodSymbol m when m.MethodKind == MethodKind.Ordinary =>
                    GeneratedSyntax.Generic(BaseMethodHelper(m, access), _facts.Method.TypeParameters.Select(t => (TypeSyntax)GeneratedSyntax.Name(FrameNaming.Escape(t.Name))).ToList()),
                IPropertySymbol p when !p.IsIndexer => GeneratedSyntax.Name(BasePropertyHelper(p, access)),
                IEventSymbol e => GeneratedSyntax.Name(BaseEventHelper(e, access)),
                IFieldSymbol f => GeneratedSyntax.Name(BaseFieldHelper(f, access)),
                _ => throw new RefusalException(DiagnosticDescriptors.NotSupported, access, "This 'base' access", "it does not bind to a method, property, indexer, event or field of the base type"),
            };
            return GeneratedSyntax.Member(GeneratedSyntax.Name("__this"), helper);
        }

        /// <summary>The frame's <c>__this[default(marker), args]</c> for <c>base[args]</c>, given the already rewritten arguments (without trivia).</summary>
        private ExpressionSyntax BaseIndexerSyntax(ElementAccessExpressionSyntax access, IReadOnlyList<ArgumentSyntax> arguments)
        {
            if (_facts.Model.GetSymbolInfo(access, _facts.Ct).Symbol is not IPropertySymbol { IsIndexer: true } indexer)
                throw new RefusalException(DiagnosticDescriptors.NotSupported, access, "This 'base' element access", "it does not bind to an indexer of the base type");
            _alloc.UseThis();
            string marker = BaseIndexerHelper(indexer, access);
            var all = new List<ArgumentSyntax> { SyntaxFactory.Argument(SyntaxFactory.DefaultExpression(GeneratedSyntax.Name(marker))) };
            all.AddRange(arguments);
            return SyntaxFactory.ElementAccessExpression(GeneratedSyntax.Name("__this"), SyntaxFactory.BracketedArgumentList(GeneratedSyntax.Separated(all)));
        }

        private string NewBaseHelperName(ISymbol member, string name)
        {
            string candidate = _frameName + "_base_" + name;
            for (int i = 2; !_baseHelperNames.Add(candidate) || ExistsInUserType(candidate); i++)
                candidate = _frameName + "_base_" + name + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _baseHelpers[member] = candidate;
            return candidate;
        }

        private bool ExistsInUserType(string name) => _facts.Method.ContainingType.GetMembers(name).Length > 0;

        private void CheckBaseSignature(ISymbol member, SyntaxNode at, IEnumerable<ITypeSymbol> types, bool byRef)
        {
            if (byRef)
                throw new RefusalException(DiagnosticDescriptors.NotSupported, at, "A 'base' access to a member that returns by reference", "call it outside the tasklet, in a helper method");
            foreach (ITypeSymbol t in types)
                if (TypeShapes.ContainsAnonymousType(t))
                    throw new RefusalException(DiagnosticDescriptors.NotSupported, at, "This 'base' access", "its signature cannot be written in a forwarding member (" + t.ToDisplayString() + ")");
        }

        /// <summary>The base member as a forwarder's summary names it.</summary>
        private static string Display(ISymbol member) => member.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);

        private string BaseMethodHelper(IMethodSymbol m, SyntaxNode at)
        {
            if (_baseHelpers.TryGetValue(m, out string? existing)) return existing;
            CheckBaseSignature(m, at, m.Parameters.Select(p => p.Type).Append(m.ReturnType).Concat(m.TypeArguments), m.ReturnsByRef || m.ReturnsByRefReadonly);
            string name = NewBaseHelperName(m, m.Name);
            string typeArgs = m.TypeArguments.Length == 0 ? "" : "<" + string.Join(", ", m.TypeArguments.Select(FrameNaming.Type)) + ">";
            TypeHelpers.Add(new BaseMethodForwarder(Display(m), _facts.Method.Name, Factory: false, m.ReturnsVoid ? "void" : FrameNaming.Type(m.ReturnType), name,
                FrameNaming.TypeParameterList(_facts.Method.TypeParameters), Parameters(m.Parameters), FrameNaming.Constraints(_facts.Method.TypeParameters).ToEquatableArray(),
                FrameNaming.Escape(m.Name) + typeArgs, ForwardedArguments(m.Parameters)));
            return name;
        }

        private string BasePropertyHelper(IPropertySymbol p, SyntaxNode at)
        {
            if (_baseHelpers.TryGetValue(p, out string? existing)) return existing;
            CheckBaseSignature(p, at, new[] { p.Type }, p.ReturnsByRef || p.ReturnsByRefReadonly);
            string name = NewBaseHelperName(p, p.Name);
            TypeHelpers.Add(new BasePropertyForwarder(Display(p), _facts.Method.Name, FrameNaming.Type(p.Type), name, "base." + FrameNaming.Escape(p.Name),
                CanGet(p), CanSet(p), null, EquatableArray<string>.Empty, null));
            return name;
        }

        private string BaseIndexerHelper(IPropertySymbol indexer, SyntaxNode at)
        {
            _baseMarker ??= DeclareBaseMarker();
            if (_baseHelpers.ContainsKey(indexer)) return _baseMarker;
            CheckBaseSignature(indexer, at, indexer.Parameters.Select(p => p.Type).Append(indexer.Type), indexer.ReturnsByRef || indexer.ReturnsByRefReadonly);
            _baseHelpers[indexer] = _baseMarker;
            string access = "base[" + string.Join(", ", ForwardedArguments(indexer.Parameters)) + "]";
            // All indexers of a type share one metadata name ([IndexerName]); the helper must use the user's.
            string? indexerName = _facts.Method.ContainingType.GetMembers().OfType<IPropertySymbol>().Where(x => x.IsIndexer && !x.IsImplicitlyDeclared)
                .Select(x => x.MetadataName).FirstOrDefault(n => n != "Item");
            TypeHelpers.Add(new BasePropertyForwarder(Display(indexer), _facts.Method.Name, FrameNaming.Type(indexer.Type), "this", access,
                CanGet(indexer), CanSet(indexer), _baseMarker, Parameters(indexer.Parameters), indexerName));
            return _baseMarker;
        }

        private string DeclareBaseMarker()
        {
            string name = _frameName + "_base";
            for (int i = 2; ExistsInUserType(name); i++) name = _frameName + "_base" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            TypeHelpers.Add(new BaseIndexerMarker(name, _facts.Method.Name));
            return name;
        }

        private string BaseEventHelper(IEventSymbol e, SyntaxNode at)
        {
            if (_baseHelpers.TryGetValue(e, out string? existing)) return existing;
            CheckBaseSignature(e, at, new[] { e.Type }, byRef: false);
            string name = NewBaseHelperName(e, e.Name);
            TypeHelpers.Add(new BaseEventForwarder(Display(e), _facts.Method.Name, FrameNaming.Type(e.Type), name, "base." + FrameNaming.Escape(e.Name)));
            return name;
        }

        private string BaseFieldHelper(IFieldSymbol f, SyntaxNode at)
        {
            if (_baseHelpers.TryGetValue(f, out string? existing)) return existing;
            CheckBaseSignature(f, at, new[] { f.Type }, byRef: false);
            string name = NewBaseHelperName(f, f.Name);
            TypeHelpers.Add(new BaseFieldForwarder(Display(f), _facts.Method.Name, FrameNaming.Type(f.Type), name, "base." + FrameNaming.Escape(f.Name), f.IsConst, f.IsReadOnly));
            return name;
        }

        /// <summary>Whether the user's type may call the getter (the forwarder gets one).</summary>
        private bool CanGet(IPropertySymbol p) => p.GetMethod != null && IsAccessibleFromUserType(p.GetMethod);

        /// <summary>Whether the user's type may call the setter (not init-only: the forwarder gets one).</summary>
        private bool CanSet(IPropertySymbol p) => p.SetMethod is { IsInitOnly: false } set && IsAccessibleFromUserType(set);

        private bool IsAccessibleFromUserType(ISymbol symbol) => _facts.Model.Compilation.IsSymbolAccessibleWithin(symbol, _facts.Method.ContainingType);

        /// <summary>Each parameter as the forwarder declares it: <c>ref int a</c>, <c>params object[] xs</c>, <c>int b = 2</c>.</summary>
        private static EquatableArray<string> Parameters(IEnumerable<IParameterSymbol> parameters) =>
            parameters.Select(p => RefKindPrefix(p.RefKind) + (p.IsParams ? "params " : "") + FrameNaming.Type(p.Type) + " " + FrameNaming.Escape(p.Name)
                + (p.HasExplicitDefaultValue ? " = " + FrameNaming.DefaultValue(p) : "")).ToEquatableArray();

        /// <summary>Each argument as the forwarder passes it on: <c>ref a</c>, <c>in b</c>.</summary>
        private static EquatableArray<string> ForwardedArguments(IEnumerable<IParameterSymbol> parameters) =>
            parameters.Select(p => RefKindPrefix(p.RefKind).Replace("ref readonly ", "in ") + FrameNaming.Escape(p.Name)).ToEquatableArray();

        private static string RefKindPrefix(RefKind kind) => kind switch
        {
            RefKind.Ref => "ref ",
            RefKind.Out => "out ",
            RefKind.In => "in ",
            RefKind.RefReadOnlyParameter => "ref readonly ",
            _ => "",
        };
    }
}
