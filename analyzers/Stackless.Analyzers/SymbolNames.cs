using Microsoft.CodeAnalysis;

namespace Stackless.Analyzers
{
    /// <summary>How symbols are named in messages: short, as a reader would write them (<c>Thread.Sleep</c>, <c>Channel&lt;int&gt;.Send</c>).</summary>
    internal static class SymbolNames
    {
        private static readonly SymbolDisplayFormat MemberFormat = new SymbolDisplayFormat(
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
            genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
            memberOptions: SymbolDisplayMemberOptions.IncludeContainingType,
            miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

        /// <summary>A framework or runtime member: <c>Type.Member</c>.</summary>
        public static string Member(ISymbol symbol) => symbol.ToDisplayString(MemberFormat);

        /// <summary>A step of a call chain: the method's own name (a constructor by its type's).</summary>
        public static string Step(IMethodSymbol method) =>
            method.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor
                ? "new " + method.ContainingType.Name
                : method.Name;
    }
}
