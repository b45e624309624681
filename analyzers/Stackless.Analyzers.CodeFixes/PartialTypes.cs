using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Analyzers.CodeFixes
{
    /// <summary>Adding <c>partial</c> to a type declaration and to the types it is nested in (the generator adds members to all of them).</summary>
    internal static class PartialTypes
    {
        /// <summary>The declaration and its enclosing type declarations that are not yet partial, innermost first.</summary>
        public static List<TypeDeclarationSyntax> NotPartial(TypeDeclarationSyntax type)
        {
            var result = new List<TypeDeclarationSyntax>();
            for (SyntaxNode? node = type; node is not null; node = node.Parent)
            {
                if (node is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                    result.Add(declaration);
            }
            return result;
        }

        /// <summary>
        /// What one fix for a type makes partial: the type and the types around it, and also the types nested in it
        /// on the way to its [Tasklet] methods (the generator reports each non-partial type; one fix clears them all).
        /// </summary>
        public static HashSet<TypeDeclarationSyntax> NotPartialAroundTasklets(TypeDeclarationSyntax type)
        {
            var result = new HashSet<TypeDeclarationSyntax>(NotPartial(type));
            foreach (TypeDeclarationSyntax nested in type.DescendantNodes().OfType<TypeDeclarationSyntax>())
            {
                if (nested.Members.OfType<MethodDeclarationSyntax>().Any(HasTaskletAttribute))
                    result.UnionWith(NotPartial(nested));
            }
            return result;
        }

        private static bool HasTaskletAttribute(MethodDeclarationSyntax method)
        {
            foreach (AttributeListSyntax list in method.AttributeLists)
            {
                foreach (AttributeSyntax attribute in list.Attributes)
                {
                    string name = attribute.Name is QualifiedNameSyntax qualified ? qualified.Right.Identifier.ValueText
                        : attribute.Name is AliasQualifiedNameSyntax alias ? alias.Name.Identifier.ValueText
                        : attribute.Name.ToString();
                    if (name is "Tasklet" or "TaskletAttribute")
                        return true;
                }
            }
            return false;
        }

        /// <summary>
        /// <c>partial</c> goes last among the modifiers, right before <c>class</c>/<c>struct</c>/<c>record</c>.
        /// With no modifiers it takes over the keyword's indentation.
        /// </summary>
        public static TypeDeclarationSyntax MakePartial(TypeDeclarationSyntax type)
        {
            SyntaxToken partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            if (type.Modifiers.Count > 0)
                return type.WithModifiers(type.Modifiers.Add(partial));

            SyntaxToken keyword = type.Keyword;
            return type
                .WithKeyword(keyword.WithLeadingTrivia())
                .WithModifiers(SyntaxFactory.TokenList(partial.WithLeadingTrivia(keyword.LeadingTrivia)));
        }
    }
}
