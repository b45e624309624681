using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Stackless.Analyzers.CodeFixes
{
    /// <summary>
    /// Fixes a blocking wait or blocking I/O in tasklet code by parking the tasklet on a task instead of blocking the
    /// thread: TSK102's <c>t.Wait()</c>, <c>t.Result</c>, <c>t.GetAwaiter().GetResult()</c> become
    /// <c>Tasklet.Await(t)</c>; a blocking call (TSK107, TSK108, and TSK103, TSK106, TSK109 where such a twin exists)
    /// <c>r.M(args)</c> becomes <c>Tasklet.Await(r.MAsync(args))</c> when
    /// <c>MAsync</c> with these arguments binds to a method returning Task/ValueTask of M's result (any parameter the
    /// arguments leave out must be an optional CancellationToken, or one M has too with the same default; not an
    /// [Obsolete] one). Offered
    /// only where the rewritten expression binds to <c>Tasklet.Await</c> with the original's type and a suspension
    /// point may go.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AwaitCodeFixProvider)), Shared]
    public sealed class AwaitCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "Stackless.UseTaskletAwait";

        /// <summary>
        /// The task waits, and every family whose blocking calls may have an async twin: I/O, and also
        /// <c>SemaphoreSlim.Wait</c> (TSK103), <c>Process.WaitForExit</c> (TSK106) and the user's listed APIs (TSK109).
        /// </summary>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
            DiagnosticIds.TaskWait,
            DiagnosticIds.FileAndStreamIO,
            DiagnosticIds.NetworkIO,
            DiagnosticIds.SynchronizationWait,
            DiagnosticIds.ProcessWait,
            DiagnosticIds.UserListedBlockingApi);

        public override FixAllProvider GetFixAllProvider() => BlockingCallFixes.FixAll(Plan);

        public override Task RegisterCodeFixesAsync(CodeFixContext context) => BlockingCallFixes.RegisterAsync(context, Plan, EquivalenceKey);

        internal static BlockingCallRewrite? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (BlockingCallSite.Find(root, diagnostic) is not { } site)
                return null;

            string title;
            System.Func<ExpressionSyntax, ExpressionSyntax> awaited; // what Tasklet.Await gets, read from the current node
            if (diagnostic.Id == DiagnosticIds.TaskWait)
            {
                if (TaskWait.Find(site, model, cancellationToken) is not { } wait)
                    return null;
                if (SleepCodeFixProvider.TaskDelay(wait.Task, model, cancellationToken) is not null)
                    return null; // Task.Delay(d).Wait() is Scheduler.Sleep(d): SleepCodeFixProvider
                int depth = wait.Depth;
                awaited = current => Unparenthesized(BlockingCallSite.Receiver(current, depth)!).WithoutTrivia();
                title = "Park the tasklet on the task: Tasklet.Await";
            }
            else
            {
                if (site is not InvocationExpressionSyntax call
                    || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol blocking
                    || AsyncCounterpart(call, blocking, model) is not { } counterpart)
                    return null;
                awaited = current => WithName((InvocationExpressionSyntax)current, counterpart.Name).WithoutTrivia();
                title = $"Await '{counterpart.Name}' with Tasklet.Await";
            }

            ExpressionSyntax Build(ExpressionSyntax current) => QualifiedNames.Call("Stackless", "Tasklet", "Await", awaited(current));

            if (!SuspensionPosition.Allows(site, model, cancellationToken) || !BindsAsTheOriginal(site, Build(site), model, cancellationToken))
                return null;
            return new BlockingCallRewrite(title, site, Build, "Tasklet");
        }

        /// <summary>
        /// <c>M + "Async"</c> called with the same receiver and arguments, if it binds to a method of the same kind
        /// (static or not) that returns Task or ValueTask of M's result, and every parameter the arguments leave out is
        /// an optional CancellationToken or one M left to the same default (so nothing takes a default M did not have).
        /// </summary>
        private static IMethodSymbol? AsyncCounterpart(InvocationExpressionSyntax call, IMethodSymbol blocking, SemanticModel model)
        {
            if (blocking.Name.EndsWith("Async", System.StringComparison.Ordinal) || call.Expression is not (MemberAccessExpressionSyntax or SimpleNameSyntax))
                return null;
            InvocationExpressionSyntax candidate = WithName(call, blocking.Name + "Async");
            if (model.GetSpeculativeSymbolInfo(call.SpanStart, candidate, SpeculativeBindingOption.BindAsExpression).Symbol is not IMethodSymbol counterpart
                || counterpart.Name != blocking.Name + "Async"
                || counterpart.IsStatic != blocking.IsStatic
                || IsObsolete(counterpart))
                return null;

            Compilation compilation = model.Compilation;
            if (counterpart.ReturnType is not INamedTypeSymbol returned)
                return null;
            INamedTypeSymbol definition = returned.OriginalDefinition;
            bool generic = Is(definition, "System.Threading.Tasks.Task`1", compilation) || Is(definition, "System.Threading.Tasks.ValueTask`1", compilation);
            bool plain = Is(definition, "System.Threading.Tasks.Task", compilation) || Is(definition, "System.Threading.Tasks.ValueTask", compilation);
            bool sameResult = blocking.ReturnsVoid
                ? plain
                : generic && SymbolEqualityComparer.Default.Equals(returned.TypeArguments[0], blocking.ReturnType);
            if (!sameResult)
                return null;

            INamedTypeSymbol? token = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
            var named = new System.Collections.Generic.HashSet<string>();
            int positional = 0;
            foreach (ArgumentSyntax argument in call.ArgumentList.Arguments)
            {
                if (argument.NameColon is { } name)
                    named.Add(name.Name.Identifier.ValueText);
                else
                    positional++;
            }
            for (int i = positional; i < counterpart.Parameters.Length; i++)
            {
                IParameterSymbol parameter = counterpart.Parameters[i];
                if (!named.Contains(parameter.Name) && !TakesTheSameDefault(parameter, blocking, token))
                    return null;
            }
            return counterpart;
        }

        /// <summary>An [Obsolete] counterpart would trade the warning for another (an error where warnings are).</summary>
        private static bool IsObsolete(IMethodSymbol method)
        {
            foreach (AttributeData attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "ObsoleteAttribute", ContainingNamespace.Name: "System" })
                    return true;
            }
            return false;
        }

        /// <summary>
        /// A parameter of the counterpart that the call leaves to its default: fine if it is the optional token, or if
        /// the blocking method has it too (name, type, default), left to the same default (ReadAtLeast's throwOnEndOfStream).
        /// </summary>
        private static bool TakesTheSameDefault(IParameterSymbol parameter, IMethodSymbol blocking, INamedTypeSymbol? token)
        {
            if (!parameter.IsOptional)
                return false;
            if (SymbolEqualityComparer.Default.Equals(parameter.Type, token))
                return true;
            foreach (IParameterSymbol own in blocking.Parameters)
            {
                if (own.Name == parameter.Name && own.IsOptional && SymbolEqualityComparer.Default.Equals(own.Type, parameter.Type)
                    && own.HasExplicitDefaultValue && parameter.HasExplicitDefaultValue && Equals(own.ExplicitDefaultValue, parameter.ExplicitDefaultValue))
                    return true;
            }
            return false;
        }

        /// <summary>
        /// The rewritten expression binds to Tasklet.Await and gives what the original gave: the same type, or the
        /// original was void (a statement), whose value nobody reads.
        /// </summary>
        private static bool BindsAsTheOriginal(ExpressionSyntax site, ExpressionSyntax replacement, SemanticModel model, CancellationToken cancellationToken)
        {
            if (model.GetSpeculativeSymbolInfo(site.SpanStart, replacement, SpeculativeBindingOption.BindAsExpression).Symbol is not IMethodSymbol { Name: "Await" } await
                || !Is(await.ContainingType, "Stackless.Tasklet", model.Compilation))
                return false;
            ITypeSymbol? original = model.GetTypeInfo(site, cancellationToken).Type;
            if (original is null)
                return false;
            if (original.SpecialType == SpecialType.System_Void || site.Parent is ExpressionStatementSyntax)
                return true;
            return SymbolEqualityComparer.Default.Equals(model.GetSpeculativeTypeInfo(site.SpanStart, replacement, SpeculativeBindingOption.BindAsExpression).Type, original);
        }

        /// <summary>An argument needs no parentheses: <c>(a ?? b).Result</c> → <c>Tasklet.Await(a ?? b)</c>.</summary>
        private static ExpressionSyntax Unparenthesized(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
                expression = parenthesized.Expression;
            return expression;
        }

        private static InvocationExpressionSyntax WithName(InvocationExpressionSyntax call, string name) => call.Expression switch
        {
            MemberAccessExpressionSyntax access => call.WithExpression(access.WithName(Renamed(access.Name, name))),
            SimpleNameSyntax simple => call.WithExpression(Renamed(simple, name)),
            _ => call,
        };

        private static SimpleNameSyntax Renamed(SimpleNameSyntax name, string text) =>
            name.WithIdentifier(Identifier(name.Identifier.LeadingTrivia, text, name.Identifier.TrailingTrivia));

        private static bool Is(INamedTypeSymbol? type, string metadataName, Compilation compilation) =>
            type is not null && SymbolEqualityComparer.Default.Equals(type, compilation.GetTypeByMetadataName(metadataName));
    }
}
