using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Stackless.Analyzers
{
    /// <summary>
    /// TSK115: an override of a [Tasklet] method, or an implementation of a [Tasklet] interface member that has a
    /// default body, that is not [Tasklet] itself. Tasklets reach the method through its frame factory, which only a
    /// [Tasklet] override overrides: a plain override would be skipped and the base's frame would run. (A plain
    /// implementation of an abstract [Tasklet] interface member is fine: the interface's default factory runs it as
    /// an ordinary call.)
    /// </summary>
    /// <remarks>Registered by <see cref="TaskletAnalyzer"/> (one analyzer, one set of Stackless symbols per compilation).</remarks>
    internal static class NonTaskletOverrideRule
    {
        public static void Analyze(SymbolAnalysisContext context, StacklessSymbols stackless)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation) || method.IsImplicitlyDeclared || stackless.IsTasklet(method))
                return;

            IMethodSymbol? hidden = null;
            if (method.IsOverride && method.OverriddenMethod is { } overridden && stackless.IsTasklet(overridden))
                hidden = overridden;
            else if (!method.IsStatic)
                hidden = DefaultBodyImplemented(method, stackless);
            if (hidden is null || method.Locations.IsEmpty)
                return;

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.NonTaskletOverride, method.Locations[0],
                method.Name, hidden.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
        }

        /// <summary>A [Tasklet] interface member with a default body that <paramref name="method"/> implements.</summary>
        private static IMethodSymbol? DefaultBodyImplemented(IMethodSymbol method, StacklessSymbols stackless)
        {
            foreach (INamedTypeSymbol face in method.ContainingType.AllInterfaces)
            {
                foreach (ISymbol member in face.GetMembers(method.ExplicitInterfaceImplementations.Length > 0 ? method.ExplicitInterfaceImplementations[0].Name : method.Name))
                {
                    if (member is IMethodSymbol { IsAbstract: false, IsStatic: false } candidate && stackless.IsTasklet(candidate) &&
                        SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(candidate), method))
                        return candidate;
                }
            }
            return null;
        }
    }
}
