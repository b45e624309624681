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

        /// <summary>
        /// Fix-All per document, all diagnostics at once: several [Tasklet] methods of one type give identical edits,
        /// which a batch merge of separate fixes would drop as conflicting.
        /// </summary>
        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
            async (fixAllContext, document, diagnostics) =>
            {
                SyntaxNode? root = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
                return root is null ? document : MakePartial(document, root, diagnostics.Select(d => FindType(root, d)));
            });

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
                return;

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                TypeDeclarationSyntax? type = FindType(root, diagnostic);
                if (type is null || PartialTypes.NotPartialAroundTasklets(type).Count == 0)
                    continue;

                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Make '{type.Identifier.ValueText}' partial",
                        _ => Task.FromResult(MakePartial(context.Document, root, new[] { type })),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        private static TypeDeclarationSyntax? FindType(SyntaxNode root, Diagnostic diagnostic) =>
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                .AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();

        private static Document MakePartial(Document document, SyntaxNode root, IEnumerable<TypeDeclarationSyntax?> types)
        {
            var toChange = new HashSet<TypeDeclarationSyntax>();
            foreach (TypeDeclarationSyntax? type in types)
            {
                if (type is not null)
                    toChange.UnionWith(PartialTypes.NotPartialAroundTasklets(type));
            }
            return toChange.Count == 0
                ? document
                : document.WithSyntaxRoot(root.ReplaceNodes(toChange, (_, rewritten) => PartialTypes.MakePartial(rewritten)));
        }
    }
}
