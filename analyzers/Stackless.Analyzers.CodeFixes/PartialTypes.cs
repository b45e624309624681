using System.Collections.Generic;
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
