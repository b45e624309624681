using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;
using Stackless.Generator.Model;

namespace Stackless.Generator.Lowering
{
    // Values whose type is anonymous, or built from one (IEnumerable<'a>, List<'a>.Enumerator, (int, 'a), 'a[],
    // Func<'a>), kept across a suspension point. A frame field cannot name such a type, so the field is typed object
    // and holds a StrongBox<T>; every access reads it through `__Anon(ref field, example).Value`, whose T the C#
    // compiler infers from an example expression of the same type that is never evaluated:
    // `false ? new { Name = default(string), Count = default(int) } : default` (within one assembly, anonymous types
    // with the same property names, types and order are one type). A type built from anonymous types is named by a
    // generic shape helper, `__Shape1(example of 'a)` returning `IEnumerable<'a>`. The box's Value is a field, so a
    // struct (an enumerator, a tuple) is mutated in place, exactly like a local. The cost is a castclass per access.
    internal sealed partial class ExpressionLowering
    {
        /// <summary>Hoisted locals of anonymous type → their access expression (<c>__Anon(ref x, …).Value</c>).</summary>
        private readonly Dictionary<ISymbol, string> _anonAccess = new(SymbolEqualityComparer.Default);
        /// <summary>Shape helpers by the type they return (with <c>__A1…</c> for the anonymous types in it) → helper name.</summary>
        private readonly Dictionary<string, string> _shapeHelpers = new(System.StringComparer.Ordinal);
        private bool _anonUsed, _anonFreshUsed, _anonCastUsed;

        /// <summary>The expression a copied statement uses for a hoisted local: its field's name, or the access of its object box (built from the symbol).</summary>
        private ExpressionSyntax FieldRefSyntax(ILocalSymbol local)
        {
            string field = FrameNaming.Escape(_plan.NameOf(local));
            return _anonAccess.ContainsKey(local) ? AnonAccessSyntax(field, local.Type) : GeneratedSyntax.Name(field);
        }

        /// <summary>Declares the object field <paramref name="name"/> holding a box of <paramref name="type"/>; returns its access expression.</summary>
        private ExpressionSyntax AnonField(string name, ITypeSymbol type, string? comment = null)
        {
            Fields.Add(new FrameField("internal", "object", name, "holds a StrongBox<" + type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + ">" + (comment is null ? "" : ", " + comment)));
            return AnonAccessSyntax(name, type);
        }

        /// <summary><c>__Anon(ref box, false ? example : default).Value</c>: the value in the box, its type named by the example.</summary>
        private ExpressionSyntax AnonAccessSyntax(string box, ITypeSymbol type)
        {
            _anonUsed = true;
            return GeneratedSyntax.Member(
                GeneratedSyntax.Call(GeneratedSyntax.Name("__Anon"), new[] { GeneratedSyntax.ByReference(SyntaxKind.RefKeyword, GeneratedSyntax.Name(box)), SyntaxFactory.Argument(UnevaluatedExampleSyntax(type)) }),
                GeneratedSyntax.Name("Value"));
        }

        /// <summary>
        /// <c>__AnonFresh(out field, example).Value</c>: a new box in the field (a fresh variable per loop iteration,
        /// captured by a lambda); the expression is its value.
        /// </summary>
        private MemberAccessExpressionSyntax AnonFreshAccess(string field, ITypeSymbol type)
        {
            _anonFreshUsed = true;
            return GeneratedSyntax.Member(
                GeneratedSyntax.Call(GeneratedSyntax.Name("__AnonFresh"), new[] { GeneratedSyntax.ByReference(SyntaxKind.OutKeyword, GeneratedSyntax.Name(field)), SyntaxFactory.Argument(UnevaluatedExampleSyntax(type)) }),
                GeneratedSyntax.Name("Value"));
        }

        /// <summary><c>((type)(value))</c>, or <c>__AnonCast(value, example)</c> for a type that cannot be written.</summary>
        private ExpressionSyntax CastSyntax(ITypeSymbol type, ExpressionSyntax value)
        {
            if (TypeShapes.ContainsAnonymousType(type))
            {
                _anonCastUsed = true;
                return GeneratedSyntax.Call(GeneratedSyntax.Name("__AnonCast"), new[] { SyntaxFactory.Argument(value), SyntaxFactory.Argument(UnevaluatedExampleSyntax(type)) });
            }
            TypeSyntax written = TypeSyntaxes.Of(type) ?? throw new RefusalException(DiagnosticDescriptors.NotSupported, _facts.Body, "A conversion to '" + type.ToDisplayString() + "'", "its type cannot be written");
            return GeneratedSyntax.Paren(GeneratedSyntax.Cast(written, GeneratedSyntax.Paren(value)));
        }

        /// <summary><c>false ? example : default</c>, as syntax.</summary>
        private ExpressionSyntax UnevaluatedExampleSyntax(ITypeSymbol type) =>
            SyntaxFactory.ConditionalExpression(SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression), GeneratedSyntax.Spaced(SyntaxKind.QuestionToken),
                ExampleSyntax(type), GeneratedSyntax.Spaced(SyntaxKind.ColonToken), SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression));

        /// <summary>
        /// An expression whose static type is <paramref name="type"/>; only its type matters: <c>default(T)</c>,
        /// <c>new { A = …, B = … }</c>, or a shape helper's call over examples of the anonymous types in it.
        /// </summary>
        private ExpressionSyntax ExampleSyntax(ITypeSymbol type)
        {
            if (!TypeShapes.ContainsAnonymousType(type))
                return SyntaxFactory.DefaultExpression(TypeSyntaxes.Of(type) ?? throw new RefusalException(DiagnosticDescriptors.NotSupported, _facts.Body,
                    "A value of anonymous type holding a '" + type.ToDisplayString() + "'", "its type cannot be written"));
            if (type is INamedTypeSymbol { IsAnonymousType: true } anon)
            {
                var properties = new List<AnonymousObjectMemberDeclaratorSyntax>();
                foreach (IPropertySymbol p in anon.GetMembers().OfType<IPropertySymbol>())
                    properties.Add(SyntaxFactory.AnonymousObjectMemberDeclarator(
                        SyntaxFactory.NameEquals(GeneratedSyntax.Name(FrameNaming.Escape(p.Name)).WithTrailingTrivia(SyntaxFactory.Space), SyntaxFactory.Token(default, SyntaxKind.EqualsToken, s_spaceList)),
                        ExampleSyntax(p.Type)));
                return SyntaxFactory.AnonymousObjectCreationExpression(SyntaxFactory.Token(default, SyntaxKind.NewKeyword, s_spaceList),
                    SyntaxFactory.Token(default, SyntaxKind.OpenBraceToken, s_spaceList), GeneratedSyntax.Separated(properties), SyntaxFactory.Token(s_spaceList, SyntaxKind.CloseBraceToken, default));
            }
            var anonymous = new List<ITypeSymbol>();
            CollectAnonymousTypes(type, anonymous);
            string shape = Render(type, anonymous);
            if (!_shapeHelpers.TryGetValue(shape, out string? helper))
            {
                helper = "__Shape" + (_shapeHelpers.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                _shapeHelpers[shape] = helper;
                _shapeHelperList.Add(new ShapeHelper(helper, shape, anonymous.Count));
            }
            return GeneratedSyntax.Call(GeneratedSyntax.Name(helper), anonymous.Select(a => SyntaxFactory.Argument(ExampleSyntax(a))).ToList());
        }

        private static readonly SyntaxTriviaList s_spaceList = SyntaxFactory.TriviaList(SyntaxFactory.Space);

        private readonly List<ShapeHelper> _shapeHelperList = new();

        /// <summary>The outermost anonymous types inside <paramref name="type"/>, each once, in order of appearance.</summary>
        private static void CollectAnonymousTypes(ITypeSymbol type, List<ITypeSymbol> found)
        {
            switch (type)
            {
                case IArrayTypeSymbol a:
                    CollectAnonymousTypes(a.ElementType, found);
                    break;
                case INamedTypeSymbol { IsAnonymousType: true }:
                    if (!found.Contains(type, SymbolEqualityComparer.Default)) found.Add(type);
                    break;
                case INamedTypeSymbol n:
                    if (n.ContainingType != null) CollectAnonymousTypes(n.ContainingType, found);
                    foreach (ITypeSymbol arg in n.TypeArguments) CollectAnonymousTypes(arg, found);
                    break;
            }
        }

        /// <summary><paramref name="type"/> as C# with each anonymous type replaced by the shape helper's type parameter.</summary>
        private static string Render(ITypeSymbol type, List<ITypeSymbol> anonymous)
        {
            if (!TypeShapes.ContainsAnonymousType(type)) return FrameNaming.Type(type);
            switch (type)
            {
                case INamedTypeSymbol { IsAnonymousType: true }:
                    return "__A" + (anonymous.FindIndex(t => SymbolEqualityComparer.Default.Equals(t, type)) + 1);
                case IArrayTypeSymbol a:
                {
                    // int[][,] is an array of int[,]: the ranks read outermost first.
                    string ranks = "";
                    ITypeSymbol element = a;
                    while (element is IArrayTypeSymbol inner)
                    {
                        ranks += "[" + new string(',', inner.Rank - 1) + "]";
                        element = inner.ElementType;
                    }
                    return Render(element, anonymous) + ranks;
                }
                case INamedTypeSymbol { IsTupleType: true, TupleElements.Length: > 1 } tuple:
                    // Element names are part of what user code reads (t.Row), so the tuple is written with them.
                    return "(" + string.Join(", ", tuple.TupleElements.Select(e => Render(e.Type, anonymous) + (e.IsExplicitlyNamedTupleElement ? " " + FrameNaming.Escape(e.Name) : ""))) + ")";
                case INamedTypeSymbol n:
                {
                    string name = n.ContainingType != null ? Render(n.ContainingType, anonymous) + "." + FrameNaming.Escape(n.Name)
                        : n.ContainingNamespace is { IsGlobalNamespace: false } ns ? "global::" + ns.ToDisplayString() + "." + FrameNaming.Escape(n.Name)
                        : "global::" + FrameNaming.Escape(n.Name);
                    return n.TypeArguments.Length == 0 ? name : name + "<" + string.Join(", ", n.TypeArguments.Select(t => Render(t, anonymous))) + ">";
                }
                default:
                    return FrameNaming.Type(type);
            }
        }

        /// <summary>The helpers the frame needs for values of anonymous type (added to <see cref="Helpers"/>).</summary>
        public void AddAnonymousTypeHelpers()
        {
            if (_anonUsed || _anonFreshUsed) Helpers.Add(new FixedHelper(FixedHelperKind.AnonymousBox));
            if (_anonFreshUsed) Helpers.Add(new FixedHelper(FixedHelperKind.FreshAnonymousBox));
            if (_anonCastUsed) Helpers.Add(new FixedHelper(FixedHelperKind.AnonymousCast));
            Helpers.AddRange(_shapeHelperList);
        }
    }
}
