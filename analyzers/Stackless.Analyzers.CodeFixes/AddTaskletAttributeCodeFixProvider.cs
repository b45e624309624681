using System.Collections.Immutable;
using System.Composition;
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
    /// <summary>
    /// Fixes TSK111 (a tasklet calls an ordinary method that suspends) by marking the called method
    /// <c>[Tasklet]</c> where it is declared (which may be another file), and making its type partial if needed.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddTaskletAttributeCodeFixProvider)), Shared]
    public sealed class AddTaskletAttributeCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "Stackless.AddTaskletAttribute";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SuspensionOutsideTasklet);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
                return;

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                InvocationExpressionSyntax? call = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                    .AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
                if (call is null || model.GetSymbolInfo(call, context.CancellationToken).Symbol is not IMethodSymbol called)
                    continue;

                IMethodSymbol method = called.ReducedFrom ?? called;
                method = method.OriginalDefinition;
                method = method.PartialImplementationPart ?? method;
                if (method.MethodKind != MethodKind.Ordinary || method.DeclaringSyntaxReferences.IsEmpty)
                    continue;

                Solution solution = context.Document.Project.Solution;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Mark '{method.Name}' [Tasklet]",
                        ct => AddTaskletAsync(solution, method, ct),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        private static async Task<Solution> AddTaskletAsync(Solution solution, IMethodSymbol method, CancellationToken cancellationToken)
        {
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                if (await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not MethodDeclarationSyntax declaration)
                    continue;
                Document? document = solution.GetDocument(declaration.SyntaxTree);
                if (document is null)
                    continue;

                DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
                SemanticModel model = editor.SemanticModel;
                INamedTypeSymbol? attributeType = model.Compilation.GetTypeByMetadataName("Stackless.TaskletAttribute");
                if (attributeType is null)
                    continue;

                // TypeExpression with addImport: the cleanup after the fix adds 'using Stackless;' if needed and
                // simplifies the name to [Tasklet].
                SyntaxNode attribute = editor.Generator.Attribute(editor.Generator.TypeExpression(attributeType, addImport: true));
                editor.ReplaceNode(declaration, (node, generator) => generator.AddAttributes(node, attribute));

                if (declaration.Parent is TypeDeclarationSyntax type)
                {
                    foreach (TypeDeclarationSyntax notPartial in PartialTypes.NotPartial(type))
                        editor.ReplaceNode(notPartial, (node, _) => PartialTypes.MakePartial((TypeDeclarationSyntax)node));
                }

                solution = editor.GetChangedDocument().Project.Solution;
                break; // one declaration carries the body
            }
            return solution;
        }
    }
}
