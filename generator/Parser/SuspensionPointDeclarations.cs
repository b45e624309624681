using System.Threading;
using Microsoft.CodeAnalysis;
using Stackless.Generator.Facts;
using Stackless.Generator.Model;

namespace Stackless.Generator.Parser
{
    /// <summary>
    /// TSK013 where a suspension point is declared: a library's author learns that its [SuspensionPoint] names no
    /// usable pair when building the library, not when a consumer first calls it from a tasklet (which is TSK013 too).
    /// </summary>
    internal static class SuspensionPointDeclarations
    {
        public static EquatableArray<DiagnosticInfo> Check(GeneratorAttributeSyntaxContext context, CancellationToken ct)
        {
            if (context.TargetSymbol is not IMethodSymbol method || context.Attributes.Length == 0)
                return EquatableArray<DiagnosticInfo>.Empty;
            ct.ThrowIfCancellationRequested();
            AttributeData attribute = context.Attributes[0];
            string? problem = Problem(method, attribute, context.SemanticModel.Compilation);
            if (problem is null)
                return EquatableArray<DiagnosticInfo>.Empty;
            SyntaxNode at = attribute.ApplicationSyntaxReference?.GetSyntax(ct) ?? context.TargetNode;
            return new EquatableArray<DiagnosticInfo>(new[]
            {
                DiagnosticInfo.Create(DiagnosticDescriptors.IllFormedSuspensionPoint, at,
                    method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), problem),
            });
        }

        private static string? Problem(IMethodSymbol method, AttributeData attribute, Compilation compilation)
        {
            SuspensionContract? contract = SuspensionContract.Resolve(method, attribute, compilation, out string problem);
            if (contract is null)
                return problem;
            // Whoever can call M calls its pair from generated code: a public M needs a public pair.
            if (method.DeclaredAccessibility == Accessibility.Public)
            {
                foreach (IMethodSymbol? member in new[] { contract.Begin, contract.End, contract.CreateFrame })
                {
                    if (member != null && member.DeclaredAccessibility != Accessibility.Public)
                        return "'" + member.Name + "' must be public like the method (tasklets of other assemblies call it; [EditorBrowsable(Never)] hides it)";
                }
            }
            return null;
        }
    }
}
