using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Analyzers.CodeFixes
{
    /// <summary>
    /// Fixes TSK101's <c>Thread.Sleep(d)</c> and TSK102's <c>Task.Delay(d).Wait()</c> (or <c>.GetAwaiter().GetResult()</c>)
    /// by sleeping the tasklet instead of the thread: <c>Scheduler.Sleep(d)</c>, with a millisecond count written as
    /// <c>TimeSpan.FromMilliseconds(d)</c> (-1, <c>Timeout.Infinite</c>, stays "forever": it becomes
    /// <c>Timeout.InfiniteTimeSpan</c>). Offered only where <c>Scheduler.Sleep(TimeSpan)</c> exists and a suspension
    /// point may go. The tasklet then sleeps on its scheduler's clock, which may be virtual time.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SleepCodeFixProvider)), Shared]
    public sealed class SleepCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "Stackless.UseSchedulerSleep";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SleepOrJoin, DiagnosticIds.TaskWait);

        public override FixAllProvider GetFixAllProvider() => BlockingCallFixes.FixAll(Plan);

        public override Task RegisterCodeFixesAsync(CodeFixContext context) => BlockingCallFixes.RegisterAsync(context, Plan, EquivalenceKey);

        internal static BlockingCallRewrite? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (BlockingCallSite.Find(root, diagnostic) is not { } site)
                return null;

            int depth; // how many receivers down from the blocking call the call taking the delay is
            IMethodSymbol? delayed;
            if (diagnostic.Id == DiagnosticIds.SleepOrJoin)
            {
                depth = 0;
                delayed = model.GetSymbolInfo(site, cancellationToken).Symbol as IMethodSymbol;
                if (delayed is not { Name: "Sleep" } || !IsType(delayed.ContainingType, "System.Threading.Thread", model))
                    return null;
            }
            else
            {
                if (TaskWait.Find(site, model, cancellationToken) is not { } wait || TaskDelay(wait.Task, model, cancellationToken) is not { } delay)
                    return null;
                depth = wait.Depth;
                delayed = delay;
            }
            if (delayed.Parameters is not [{ } parameter] || BlockingCallSite.SingleArgument(BlockingCallSite.Receiver(site, depth)) is null)
                return null;
            bool milliseconds = parameter.Type.SpecialType == SpecialType.System_Int32;

            ExpressionSyntax Build(ExpressionSyntax current)
            {
                ExpressionSyntax delay = BlockingCallSite.SingleArgument(BlockingCallSite.Receiver(current, depth))!;
                return QualifiedNames.Call("Stackless", "Scheduler", "Sleep",
                    milliseconds ? QualifiedNames.Call("System", "TimeSpan", "FromMilliseconds", delay) : delay);
            }

            if (!SuspensionPosition.Allows(site, model, cancellationToken))
                return null;
            ExpressionSyntax replacement = Build(site);
            if (model.GetSpeculativeSymbolInfo(site.SpanStart, replacement, SpeculativeBindingOption.BindAsExpression).Symbol is not IMethodSymbol { Name: "Sleep" } sleep
                || !IsType(sleep.ContainingType, "Stackless.Scheduler", model))
                return null;

            return new BlockingCallRewrite("Sleep the tasklet: Scheduler.Sleep", site, Build, "Scheduler");
        }

        /// <summary><c>Task.Delay(d)</c> with one argument (not a token or a TimeProvider, which Scheduler.Sleep does not take).</summary>
        internal static IMethodSymbol? TaskDelay(ExpressionSyntax task, SemanticModel model, CancellationToken cancellationToken) =>
            model.GetSymbolInfo(task, cancellationToken).Symbol is IMethodSymbol { Name: "Delay", IsStatic: true, Parameters.Length: 1 } delay
            && IsType(delay.ContainingType, "System.Threading.Tasks.Task", model)
                ? delay
                : null;

        private static bool IsType(INamedTypeSymbol? type, string metadataName, SemanticModel model) =>
            type is not null && SymbolEqualityComparer.Default.Equals(type, model.Compilation.GetTypeByMetadataName(metadataName));
    }
}
