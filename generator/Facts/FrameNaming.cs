using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Stackless.Generator.Facts
{
    /// <summary>Names of generated members and type display helpers shared by the lowering and the emitter.</summary>
    internal static class FrameNaming
    {
        public static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        /// <summary>The frame class of a [Tasklet] method: <c>__M_Frame</c>, numbered when the name is overloaded.</summary>
        public static string FrameName(IMethodSymbol method) => Numbered(method, "_Frame");

        /// <summary>
        /// The frame an interface's [Tasklet] member uses for implementations that are not [Tasklet] (a plain call):
        /// <c>__M_PlainFrame</c>, numbered like the frame.
        /// </summary>
        public static string PlainFrameName(IMethodSymbol method) => Numbered(method, "_PlainFrame");

        /// <summary>
        /// The frame factory of a [Tasklet] method: <c>__M_CreateFrame</c>. Overloads of M share the name (the factory
        /// has M's parameters, so overload resolution picks the same overload); an override's factory overrides it.
        /// For an explicit interface implementation, the name of the implemented member's factory.
        /// </summary>
        public static string FactoryName(IMethodSymbol method)
        {
            method = method.OriginalDefinition;
            if (method.ExplicitInterfaceImplementations.Length > 0) method = method.ExplicitInterfaceImplementations[0];
            return "__" + method.Name + "_CreateFrame";
        }

        private static string Numbered(IMethodSymbol method, string suffix)
        {
            method = method.OriginalDefinition;
            string stem = "__" + Identifier(method) + suffix;
            List<IMethodSymbol> same = method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().ToList();
            if (same.Count <= 1) return stem;
            int index = same.FindIndex(m => SymbolEqualityComparer.Default.Equals(m, method));
            return stem + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>
        /// A method's name as an identifier part. An explicit interface implementation is named after the interface
        /// (<c>Ns.IWorker&lt;int&gt;.Work</c> → <c>Ns_IWorker_int__Work</c>), so two interfaces' members never share a frame name.
        /// </summary>
        public static string Identifier(IMethodSymbol method)
        {
            string name = method.Name;
            if (method.ExplicitInterfaceImplementations.Length == 0) return name;
            var sb = new System.Text.StringBuilder(name.Length);
            foreach (char c in name) sb.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
            return sb.ToString();
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
        /// <param name="defaults">False for an explicit interface implementation, where default values have no effect (CS1066).</param>
        public static string Parameters(IEnumerable<IParameterSymbol> parameters, bool defaults = true) =>
            string.Join(", ", parameters.Select(p =>
                (defaults ? CallerInfoAttributes(p) : "") +
                (p.IsParams ? "params " : "") + Type(p.Type) + " " + Escape(p.Name) + (defaults && p.HasExplicitDefaultValue ? " = " + DefaultValue(p) : "")));

        /// <summary>
        /// The parameter's caller-info attributes, so that <c>SpawnM()</c> gets the caller's member name, line and file
        /// exactly as a direct call of M does.
        /// </summary>
        private static string CallerInfoAttributes(IParameterSymbol p)
        {
            var text = new System.Text.StringBuilder();
            foreach (AttributeData a in p.GetAttributes())
            {
                if (!IsCallerInfo(a)) continue;
                string name = a.AttributeClass!.Name;
                text.Append("[global::System.Runtime.CompilerServices.").Append(name, 0, name.Length - "Attribute".Length);
                if (a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is string parameter) // CallerArgumentExpression("x")
                    text.Append('(').Append(SymbolDisplay.FormatLiteral(parameter, quote: true)).Append(')');
                text.Append("] ");
            }
            return text.ToString();
        }

        /// <summary>[CallerMemberName], [CallerLineNumber], [CallerFilePath] or [CallerArgumentExpression].</summary>
        public static bool IsCallerInfo(AttributeData a) =>
            a.AttributeClass is { Name: "CallerMemberNameAttribute" or "CallerLineNumberAttribute" or "CallerFilePathAttribute" or "CallerArgumentExpressionAttribute" } c
            && c.ContainingNamespace.ToDisplayString() == "System.Runtime.CompilerServices";
    }
}
