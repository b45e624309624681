using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace Stackless.Analyzers.CodeFixes
{
    /// <summary>
    /// Marks methods <c>[Tasklet]</c> where they are declared: adds the attribute, <c>using Stackless;</c> when the
    /// attribute is not in scope, and <c>partial</c> to the containing types that lack it. Edits to one document
    /// are made together, so marking several methods of one type adds <c>partial</c> once.
    /// </summary>
    internal static class TaskletMarker
    {
        public static async Task<Solution> MarkAsync(Solution solution, IEnumerable<IMethodSymbol> methods, CancellationToken cancellationToken)
        {
            var byDocument = new Dictionary<DocumentId, List<MethodDeclarationSyntax>>();
            foreach (IMethodSymbol method in methods.Distinct<IMethodSymbol>(SymbolEqualityComparer.Default))
            {
                foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
                {
                    if (await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not MethodDeclarationSyntax declaration)
                        continue;
                    if (declaration.Body is null && declaration.ExpressionBody is null)
                        continue; // the other half of a partial method
                    if (solution.GetDocument(declaration.SyntaxTree) is not { } document)
                        continue;
                    if (!byDocument.TryGetValue(document.Id, out List<MethodDeclarationSyntax>? list))
                        byDocument.Add(document.Id, list = new List<MethodDeclarationSyntax>());
                    list.Add(declaration);
                }
            }

            foreach (KeyValuePair<DocumentId, List<MethodDeclarationSyntax>> pair in byDocument)
            {
                Document document = solution.GetDocument(pair.Key)!;
                DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
                INamedTypeSymbol? attributeType = editor.SemanticModel.Compilation.GetTypeByMetadataName("Stackless.TaskletAttribute");
                if (attributeType is null)
                    continue;

                // Written qualified and annotated: the cleanup after the fix reduces it to [Tasklet].
                SyntaxNode attribute = editor.Generator.Attribute(
                    editor.Generator.DottedName("Stackless.Tasklet").WithAdditionalAnnotations(Simplifier.Annotation));

                var types = new HashSet<TypeDeclarationSyntax>();
                foreach (MethodDeclarationSyntax declaration in pair.Value)
                {
                    editor.ReplaceNode(declaration, (node, generator) => generator.AddAttributes(node, attribute));
                    if (declaration.Parent is TypeDeclarationSyntax type)
                        types.UnionWith(PartialTypes.NotPartial(type));
                }
                foreach (TypeDeclarationSyntax type in types)
                    editor.ReplaceNode(type, (node, _) => PartialTypes.MakePartial((TypeDeclarationSyntax)node));

                bool inScope = pair.Value.All(d => editor.SemanticModel
                    .LookupNamespacesAndTypes(d.SpanStart, name: attributeType.Name)
                    .Contains(attributeType, SymbolEqualityComparer.Default));
                if (!inScope)
                {
                    editor.ReplaceNode(editor.OriginalRoot, (node, generator) =>
                        generator.AddNamespaceImports(node, generator.NamespaceImportDeclaration("Stackless")));
                }

                solution = editor.GetChangedDocument().Project.Solution;
            }
            return solution;
        }
    }
}
