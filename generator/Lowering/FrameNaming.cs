using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Stackless.Generator.Lowering
{
    /// <summary>Names of generated members and type display helpers shared by the lowering and the emitter.</summary>
    internal static class FrameNaming
    {
        public static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        /// <summary>The frame class of a [Tasklet] method: <c>__M_Frame</c>, numbered when the name is overloaded.</summary>
        public static string FrameName(IMethodSymbol method)
        {
            method = method.OriginalDefinition;
            List<IMethodSymbol> same = method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().ToList();
            if (same.Count <= 1) return "__" + method.Name + "_Frame";
            int index = same.FindIndex(m => SymbolEqualityComparer.Default.Equals(m, method));
            return "__" + method.Name + "_Frame" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        public static string SpawnName(IMethodSymbol method) => "Spawn" + method.Name;

        public static string Type(ITypeSymbol type) => type.ToDisplayString(TypeFormat);

        public static string Escape(string identifier) =>
            SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(identifier) == SyntaxKind.VarKeyword
                ? "@" + identifier
                : identifier;

        public static string TypeParameterList(IEnumerable<ITypeParameterSymbol> parameters)
        {
            string list = string.Join(", ", parameters.Select(p => Escape(p.Name)));
            return list.Length == 0 ? "" : "<" + list + ">";
        }

        /// <summary>The <c>where</c> clauses of type parameters, rebuilt from their symbols.</summary>
        public static IEnumerable<string> Constraints(IEnumerable<ITypeParameterSymbol> parameters)
        {
            foreach (ITypeParameterSymbol p in parameters)
            {
                var parts = new List<string>();
                if (p.HasUnmanagedTypeConstraint) parts.Add("unmanaged");
                else if (p.HasValueTypeConstraint) parts.Add("struct");
                else if (p.HasReferenceTypeConstraint)
                    parts.Add(p.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
                else if (p.HasNotNullConstraint) parts.Add("notnull");
                foreach (ITypeSymbol t in p.ConstraintTypes) parts.Add(Type(t));
                if (p.HasConstructorConstraint) parts.Add("new()");
                if (parts.Count > 0) yield return "where " + Escape(p.Name) + " : " + string.Join(", ", parts);
            }
        }

        /// <summary>A parameter's default value as C# source.</summary>
        public static string DefaultValue(IParameterSymbol p)
        {
            object? value = p.ExplicitDefaultValue;
            ITypeSymbol type = p.Type;
            if (value is null) return "default";
            if (type.TypeKind == TypeKind.Enum || (type is INamedTypeSymbol n && n.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T && n.TypeArguments[0].TypeKind == TypeKind.Enum))
                return "(" + Type(type) + ")(" + SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false) + ")";
            string literal = value switch
            {
                float f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "F",
                double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "D",
                decimal m => m.ToString(System.Globalization.CultureInfo.InvariantCulture) + "M",
                _ => SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false),
            };
            if (value is float or double)
            {
                if (literal.Contains("Infinity") || literal.Contains("NaN"))
                    literal = value is float ? "float." + ((float)value == float.PositiveInfinity ? "PositiveInfinity" : (float)value == float.NegativeInfinity ? "NegativeInfinity" : "NaN")
                                             : "double." + ((double)value == double.PositiveInfinity ? "PositiveInfinity" : (double)value == double.NegativeInfinity ? "NegativeInfinity" : "NaN");
            }
            return "(" + Type(type) + ")(" + literal + ")";
        }

        /// <summary>Renders a parameter list from symbols: <c>params int[] xs, string s = "a"</c>.</summary>
        public static string Parameters(IEnumerable<IParameterSymbol> parameters) =>
            string.Join(", ", parameters.Select(p =>
                (p.IsParams ? "params " : "") + Type(p.Type) + " " + Escape(p.Name) + (p.HasExplicitDefaultValue ? " = " + DefaultValue(p) : "")));
    }
}
