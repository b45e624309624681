using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Analyzers.CodeFixes
{
    /// <summary>
    /// Fixes the generator's TSK001 ("the type containing a [Tasklet] method is not partial") by making that type,
    /// and every type it is nested in, partial. The diagnostic may sit on the method, its attribute or the type.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeTypePartialCodeFixProvider)), Shared]
    public sealed class MakeTypePartialCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "Stackless.MakeContainingTypePartial";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.GeneratorTypeNotPartial);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
                return;

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                TypeDeclarationSyntax? type = node.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
                if (type is null || PartialTypes.NotPartial(type).Count == 0)
                    continue;

                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Make '{type.Identifier.ValueText}' partial",
                        ct => MakePartialAsync(context.Document, root, type, ct),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        private static Task<Document> MakePartialAsync(Document document, SyntaxNode root, TypeDeclarationSyntax type, CancellationToken cancellationToken)
        {
            List<TypeDeclarationSyntax> types = PartialTypes.NotPartial(type);
            SyntaxNode newRoot = root.ReplaceNodes(types, (_, rewritten) => PartialTypes.MakePartial(rewritten));
            return Task.FromResult(document.WithSyntaxRoot(newRoot));
        }
    }
}
