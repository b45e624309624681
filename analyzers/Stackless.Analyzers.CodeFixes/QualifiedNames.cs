using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Stackless.Analyzers.CodeFixes
{
    /// <summary>
    /// Names the fixes write: fully qualified (<c>global::Stackless.Scheduler</c>) and annotated, so the cleanup after
    /// the fix shortens them as far as the file's usings allow; and whether the file should get <c>using Stackless;</c>.
    /// </summary>
    internal static class QualifiedNames
    {
        public const string StacklessNamespace = "Stackless";

        /// <summary><c>global::Ns.Type</c> as an expression, for the simplifier to shorten.</summary>
        public static ExpressionSyntax Type(string @namespace, string type) =>
            MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                AliasQualifiedName(IdentifierName(Token(SyntaxKind.GlobalKeyword)), IdentifierName(@namespace)),
                IdentifierName(type))
            .WithAdditionalAnnotations(Simplifier.Annotation);

        /// <summary><c>global::Ns.Type.Member(arguments)</c>.</summary>
        public static InvocationExpressionSyntax Call(string @namespace, string type, string member, params ExpressionSyntax[] arguments) =>
            InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Type(@namespace, type), IdentifierName(member)),
                ArgumentList(SeparatedList(arguments.Select(Argument))));

        /// <summary>
        /// Whether the file should get <c>using Stackless;</c> so that <paramref name="typeName"/> reads short at
        /// <paramref name="position"/>: the name does not already mean the Stackless type there, the file has no such
        /// using yet, and the using would make no name the file already uses ambiguous (a type of another namespace
        /// with the name of a Stackless type: <c>Channel&lt;T&gt;</c> of System.Threading.Channels). When this says no,
        /// the name stays qualified.
        /// </summary>
        public static bool ShouldImportStackless(SemanticModel model, SyntaxNode root, int position, string typeName, CancellationToken cancellationToken)
        {
            if (root is not CompilationUnitSyntax unit)
                return false;
            INamedTypeSymbol? type = model.Compilation.GetTypeByMetadataName(StacklessNamespace + "." + typeName);
            if (type is null)
                return false;
            ISymbol? meant = model.GetSpeculativeSymbolInfo(position, IdentifierName(typeName), SpeculativeBindingOption.BindAsTypeOrNamespace).Symbol;
            if (SymbolEqualityComparer.Default.Equals(meant, type))
                return false;
            if (unit.DescendantNodes().OfType<UsingDirectiveSyntax>().Any(u => u.StaticKeyword.IsKind(SyntaxKind.None) && u.Alias is null && u.Name?.ToString() == StacklessNamespace))
                return false;

            SymbolInfo here = model.GetSpeculativeSymbolInfo(position, IdentifierName(typeName), SpeculativeBindingOption.BindAsExpression);
            if (here.Symbol is not null || !here.CandidateSymbols.IsEmpty)
                return false; // a member or type of that name would hide the imported one

            INamespaceSymbol stackless = type.ContainingNamespace;
            var exported = new HashSet<string>(stackless.GetTypeMembers().Where(t => t.DeclaredAccessibility == Accessibility.Public).Select(t => t.Name));
            foreach (SimpleNameSyntax name in unit.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (!exported.Contains(name.Identifier.ValueText) && !exported.Contains(name.Identifier.ValueText + "Attribute"))
                    continue;
                if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name || name.Parent is QualifiedNameSyntax qualified && qualified.Right == name)
                    continue; // the right of a dot: a using changes nothing
                if (MayBecomeAmbiguous(model.GetSymbolInfo(name, cancellationToken), stackless))
                    return false;
            }
            return true;
        }

        /// <summary>A simple name that means a type of another namespace (or nothing) could clash with an imported Stackless type.</summary>
        private static bool MayBecomeAmbiguous(SymbolInfo info, INamespaceSymbol stackless)
        {
            ISymbol? symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
            INamedTypeSymbol? type = symbol switch
            {
                INamedTypeSymbol t => t,
                IMethodSymbol { MethodKind: MethodKind.Constructor } constructor => constructor.ContainingType,
                _ => null,
            };
            if (type is null)
                return symbol is null; // a local, parameter, field or method hides any imported type
            return !SymbolEqualityComparer.Default.Equals(type.OriginalDefinition.ContainingNamespace, stackless);
        }
    }
}
