using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// Syntax for a type or namespace symbol, built node by node (never parsed from text): the same code as
    /// <see cref="FrameNaming.Type"/> writes, <c>global::N.Outer&lt;int, string?&gt;.Inner</c>, keywords for special types,
    /// <c>T?</c>, tuples and arrays. Tokens carry the spaces the display text has (after a comma, between a tuple
    /// element's type and name), so the copy reads as before.
    /// </summary>
    internal static class TypeSyntaxes
    {
        /// <summary>The type as <see cref="FrameNaming.Type"/> writes it (null for a type that has no such syntax: error, anonymous).</summary>
        public static TypeSyntax? Of(ITypeSymbol type)
        {
            TypeSyntax? plain = Plain(type);
            if (plain is null) return null;
            bool annotated = type.NullableAnnotation == NullableAnnotation.Annotated && type.IsReferenceType || type is ITypeParameterSymbol { NullableAnnotation: NullableAnnotation.Annotated, IsValueType: false };
            return annotated && plain is not NullableTypeSyntax ? SyntaxFactory.NullableType(plain) : plain;
        }

        /// <summary>The refusal for a local whose type has no syntax (an error type): the user's code does not compile.</summary>
        public static RefusalException Unwritable(SyntaxNode at) =>
            new(DiagnosticDescriptors.NotSupported, at, "A local whose type does not bind", "fix the compile error first");

        /// <summary><c>global::N.M</c> for a namespace other than the global one.</summary>
        public static NameSyntax Of(INamespaceSymbol ns)
        {
            var parts = new List<string>();
            for (INamespaceSymbol n = ns; !n.IsGlobalNamespace; n = n.ContainingNamespace) parts.Insert(0, n.Name);
            NameSyntax name = Global(Name(parts[0]));
            for (int i = 1; i < parts.Count; i++) name = SyntaxFactory.QualifiedName(name, Name(parts[i]));
            return name;
        }

        private static TypeSyntax? Plain(ITypeSymbol type)
        {
            switch (type)
            {
                case ITypeParameterSymbol p:
                    return Name(p.Name);
                case IArrayTypeSymbol a:
                {
                    // int[][,] is an array (rank 1) of arrays (rank 2): the ranks are written outermost first.
                    var ranks = new List<ArrayRankSpecifierSyntax>();
                    ITypeSymbol element = a;
                    while (element is IArrayTypeSymbol array)
                    {
                        ranks.Add(SyntaxFactory.ArrayRankSpecifier(SyntaxFactory.SeparatedList<ExpressionSyntax>(
                            Enumerable.Repeat<ExpressionSyntax>(SyntaxFactory.OmittedArraySizeExpression(), array.Rank))));
                        element = array.ElementType;
                    }
                    return Of(element) is TypeSyntax e ? SyntaxFactory.ArrayType(e, SyntaxFactory.List(ranks)) : null;
                }
                case IPointerTypeSymbol p:
                    return Of(p.PointedAtType) is TypeSyntax pointed ? SyntaxFactory.PointerType(pointed) : null;
                case IDynamicTypeSymbol:
                    return SyntaxFactory.IdentifierName("dynamic");
                case INamedTypeSymbol n:
                    return Named(n);
                default:
                    return null;
            }
        }

        private static TypeSyntax? Named(INamedTypeSymbol n)
        {
            if (n.TypeKind == TypeKind.Error || n.IsAnonymousType) return null;
            if (Keyword(n.SpecialType) is SyntaxKind keyword) return SyntaxFactory.PredefinedType(SyntaxFactory.Token(keyword));
            if (n.IsNativeIntegerType) return SyntaxFactory.IdentifierName(n.SpecialType == SpecialType.System_IntPtr ? "nint" : "nuint");
            if (n.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
                return Of(n.TypeArguments[0]) is TypeSyntax underlying ? SyntaxFactory.NullableType(underlying) : null;
            if (n.IsTupleType && n.TupleElements.Length > 1) return Tuple(n);

            SimpleNameSyntax simple = n.TypeArguments.Length == 0 || n.IsUnboundGenericType ? Name(n.Name) : Generic(n);
            if (simple is GenericNameSyntax { TypeArgumentList.Arguments.Count: 0 }) return null; // a type argument without syntax
            if (n.ContainingType != null)
                return Named(n.ContainingType) is NameSyntax outer ? SyntaxFactory.QualifiedName(outer, simple) : null;
            if (n.ContainingNamespace is null || n.ContainingNamespace.IsGlobalNamespace) return Global(simple);
            return SyntaxFactory.QualifiedName(Of(n.ContainingNamespace), simple);
        }

        private static GenericNameSyntax Generic(INamedTypeSymbol n)
        {
            var arguments = new List<TypeSyntax>();
            foreach (ITypeSymbol t in n.TypeArguments)
            {
                if (Of(t) is not TypeSyntax argument) return SyntaxFactory.GenericName(Identifier(n.Name)); // no arguments: refused by the caller
                arguments.Add(argument);
            }
            return SyntaxFactory.GenericName(Identifier(n.Name), SyntaxFactory.TypeArgumentList(GeneratedSyntax.Separated(arguments)));
        }

        private static TypeSyntax? Tuple(INamedTypeSymbol n)
        {
            var elements = new List<TupleElementSyntax>();
            foreach (IFieldSymbol f in n.TupleElements)
            {
                if (Of(f.Type) is not TypeSyntax type) return null;
                // A name the user gave (not Item1, Item2, …) is part of the display.
                bool named = !SymbolEqualityComparer.Default.Equals(f, f.CorrespondingTupleField) || f.IsExplicitlyNamedTupleElement;
                elements.Add(named && f.Name != f.CorrespondingTupleField?.Name
                    ? SyntaxFactory.TupleElement(type.WithTrailingTrivia(SyntaxFactory.Space), Identifier(f.Name))
                    : SyntaxFactory.TupleElement(type));
            }
            return SyntaxFactory.TupleType(GeneratedSyntax.Separated(elements));
        }

        private static AliasQualifiedNameSyntax Global(SimpleNameSyntax name) =>
            SyntaxFactory.AliasQualifiedName(SyntaxFactory.IdentifierName(SyntaxFactory.Token(SyntaxKind.GlobalKeyword)), name);

        private static IdentifierNameSyntax Name(string name) => GeneratedSyntax.Name(FrameNaming.Escape(name));

        private static SyntaxToken Identifier(string name) => GeneratedSyntax.Identifier(FrameNaming.Escape(name));

        private static SyntaxKind? Keyword(SpecialType type) => type switch
        {
            SpecialType.System_Object => SyntaxKind.ObjectKeyword,
            SpecialType.System_Void => SyntaxKind.VoidKeyword,
            SpecialType.System_Boolean => SyntaxKind.BoolKeyword,
            SpecialType.System_Char => SyntaxKind.CharKeyword,
            SpecialType.System_SByte => SyntaxKind.SByteKeyword,
            SpecialType.System_Byte => SyntaxKind.ByteKeyword,
            SpecialType.System_Int16 => SyntaxKind.ShortKeyword,
            SpecialType.System_UInt16 => SyntaxKind.UShortKeyword,
            SpecialType.System_Int32 => SyntaxKind.IntKeyword,
            SpecialType.System_UInt32 => SyntaxKind.UIntKeyword,
            SpecialType.System_Int64 => SyntaxKind.LongKeyword,
            SpecialType.System_UInt64 => SyntaxKind.ULongKeyword,
            SpecialType.System_Decimal => SyntaxKind.DecimalKeyword,
            SpecialType.System_Single => SyntaxKind.FloatKeyword,
            SpecialType.System_Double => SyntaxKind.DoubleKeyword,
            SpecialType.System_String => SyntaxKind.StringKeyword,
            _ => null,
        };
    }
}
