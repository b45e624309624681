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
    /// Fixes TSK111 (a tasklet calls an ordinary method that suspends) by marking the called method
    /// <c>[Tasklet]</c> where it is declared (which may be another file), and making its type partial if needed;
    /// and TSK115 (an override of a [Tasklet] method that is not [Tasklet]) by marking the override.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddTaskletAttributeCodeFixProvider)), Shared]
    public sealed class AddTaskletAttributeCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "Stackless.AddTaskletAttribute";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SuspensionOutsideTasklet, DiagnosticIds.NonTaskletOverride);

        public override FixAllProvider GetFixAllProvider() => AddTaskletFixAllProvider.Instance;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                IMethodSymbol? method = await FindCalleeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
                if (method is null)
                    continue;

                Solution solution = context.Document.Project.Solution;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Mark '{method.Name}' [Tasklet]",
                        ct => TaskletMarker.MarkAsync(solution, new[] { method }, ct),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        /// <summary>The ordinary source method called where the diagnostic is (TSK111), or the override it names (TSK115); or null.</summary>
        internal static async Task<IMethodSymbol?> FindCalleeAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
                return null;

            if (diagnostic.Id == DiagnosticIds.NonTaskletOverride)
            {
                // TSK115 is reported at the override's name: the override itself is the method to mark.
                MethodDeclarationSyntax? declaration = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent as MethodDeclarationSyntax;
                return declaration is not null && model.GetDeclaredSymbol(declaration, cancellationToken) is IMethodSymbol overriding && CanBeTasklet(overriding)
                    ? overriding
                    : null;
            }

            InvocationExpressionSyntax? call = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                .AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
            if (call is null || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol called)
                return null;

            IMethodSymbol method = (called.ReducedFrom ?? called).OriginalDefinition;
            method = method.PartialImplementationPart ?? method;
            return method.MethodKind == MethodKind.Ordinary && !method.DeclaringSyntaxReferences.IsEmpty && CanBeTasklet(method) ? method : null;
        }

        /// <summary>
        /// The fix is offered only where [Tasklet] is allowed: the generator refuses async methods, ref/out/in or
        /// pointer parameters, and instance methods of structs (TSK002, TSK003, TSK008). The diagnostic stays.
        /// </summary>
        private static bool CanBeTasklet(IMethodSymbol method)
        {
            if (method.IsAsync || (!method.IsStatic && method.ContainingType.IsValueType))
                return false;
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (parameter.RefKind != RefKind.None || parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
                    return false;
            }
            return true;
        }

        /// <summary>
        /// Fix-All collects every callee first and marks each once, across documents: the callee is usually in
        /// another place than the calls, and several calls name the same callee.
        /// </summary>
        private sealed class AddTaskletFixAllProvider : FixAllProvider
        {
            public static readonly AddTaskletFixAllProvider Instance = new();

            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
                new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

            public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext) =>
                Task.FromResult<CodeAction?>(CodeAction.Create(
                    "Mark every called method that suspends [Tasklet]",
                    ct => FixAllAsync(fixAllContext, ct),
                    fixAllContext.CodeActionEquivalenceKey));

            private static async Task<Solution> FixAllAsync(FixAllContext context, CancellationToken cancellationToken)
            {
                IEnumerable<Project> projects = context.Scope switch
                {
                    FixAllScope.Solution => context.Solution.Projects,
                    _ => new[] { context.Project },
                };

                var methods = new List<IMethodSymbol>();
                foreach (Project project in projects)
                {
                    IEnumerable<Document> documents = context.Scope == FixAllScope.Document && context.Document is not null
                        ? new[] { context.Document }
                        : project.Documents;
                    foreach (Document document in documents)
                    {
                        foreach (Diagnostic diagnostic in await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
                        {
                            if (await FindCalleeAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } method)
                                methods.Add(method);
                        }
                    }
                }
                return await TaskletMarker.MarkAsync(context.Solution, methods, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
