using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Stackless.Analyzers.CodeFixes
{
    /// <summary>Plans the rewrite of one blocking-call diagnostic, or null when no rewrite is known to compile.</summary>
    internal delegate BlockingCallRewrite? BlockingCallPlanner(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken);

    /// <summary>
    /// What the blocking-call fixes share: registering one action per diagnostic that has a rewrite, and applying
    /// rewrites to a document together (Fix-All: nested ones compose, <c>using Stackless;</c> is added once).
    /// </summary>
    internal static class BlockingCallFixes
    {
        public static async Task RegisterAsync(CodeFixContext context, BlockingCallPlanner planner, string equivalenceKey)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
                return;

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (planner(root, model, diagnostic, context.CancellationToken) is not { } rewrite)
                    continue;
                Document document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(rewrite.Title, ct => Task.FromResult(Apply(document, root, model, new[] { rewrite }, ct)), equivalenceKey),
                    diagnostic);
            }
        }

        public static FixAllProvider FixAll(BlockingCallPlanner planner) => FixAllProvider.Create(
            async (fixAllContext, document, diagnostics) =>
            {
                CancellationToken cancellationToken = fixAllContext.CancellationToken;
                SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                if (root is null || model is null)
                    return document;
                var rewrites = new List<BlockingCallRewrite>();
                foreach (Diagnostic diagnostic in diagnostics)
                {
                    if (planner(root, model, diagnostic, cancellationToken) is { } rewrite)
                        rewrites.Add(rewrite);
                }
                return Apply(document, root, model, rewrites, cancellationToken);
            });

        private static Document Apply(Document document, SyntaxNode root, SemanticModel model, IReadOnlyList<BlockingCallRewrite> rewrites, CancellationToken cancellationToken)
        {
            var byNode = new Dictionary<SyntaxNode, BlockingCallRewrite>();
            foreach (BlockingCallRewrite rewrite in rewrites)
            {
                if (!byNode.ContainsKey(rewrite.Original))
                    byNode.Add(rewrite.Original, rewrite);
            }
            if (byNode.Count == 0)
                return document;

            // Innermost first: each replacement is built from the node with its inner rewrites already made.
            SyntaxNode fixedRoot = root.ReplaceNodes(byNode.Keys, (original, current) => byNode[original].Build((ExpressionSyntax)current));
            // Decided here, not when the fix is offered: it reads every name of the file.
            if (byNode.Values.Any(r => QualifiedNames.ShouldImportStackless(model, root, r.Original.SpanStart, r.StacklessType, cancellationToken)))
            {
                SyntaxGenerator generator = SyntaxGenerator.GetGenerator(document);
                fixedRoot = generator.AddNamespaceImports(fixedRoot, generator.NamespaceImportDeclaration(QualifiedNames.StacklessNamespace));
            }
            return document.WithSyntaxRoot(fixedRoot);
        }
    }
}
