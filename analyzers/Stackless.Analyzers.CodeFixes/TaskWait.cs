using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Analyzers.CodeFixes
{
    /// <summary>
    /// A plain wait for one task (TSK102): <c>t.Wait()</c>, <c>t.Result</c>, <c>t.GetAwaiter().GetResult()</c> or
    /// <c>t.ConfigureAwait(bool).GetAwaiter().GetResult()</c>, which completes, returns or throws as the task does.
    /// Not a wait with a timeout or a token (it may return before the task completes), <c>WaitAll</c>/<c>WaitAny</c>,
    /// nor <c>ConfigureAwait(ConfigureAwaitOptions)</c> (it may suppress the task's exception).
    /// </summary>
    internal readonly struct TaskWait
    {
        private TaskWait(ExpressionSyntax task, int depth)
        {
            Task = task;
            Depth = depth;
        }

        /// <summary>The waited task's expression (<c>t</c>).</summary>
        public ExpressionSyntax Task { get; }

        /// <summary>How many receivers down from the wait the task is (<see cref="BlockingCallSite.Receiver(ExpressionSyntax, int)"/>).</summary>
        public int Depth { get; }

        public static TaskWait? Find(ExpressionSyntax site, SemanticModel model, CancellationToken cancellationToken)
        {
            ISymbol? member = model.GetSymbolInfo(site, cancellationToken).Symbol;
            switch (member)
            {
                case IPropertySymbol { Name: "Result", IsStatic: false } when site is MemberAccessExpressionSyntax:
                    return At(site, 1);
                case IMethodSymbol { Name: "Wait", IsStatic: false, Parameters.Length: 0 }:
                    return At(site, 1);
                case IMethodSymbol { Name: "GetResult", IsStatic: false, Parameters.Length: 0 }:
                    if (BlockingCallSite.Receiver(site) is not InvocationExpressionSyntax getAwaiter
                        || model.GetSymbolInfo(getAwaiter, cancellationToken).Symbol is not IMethodSymbol { Name: "GetAwaiter", Parameters.Length: 0 })
                        return null;
                    if (BlockingCallSite.Receiver(getAwaiter) is InvocationExpressionSyntax configured
                        && model.GetSymbolInfo(configured, cancellationToken).Symbol is IMethodSymbol { Name: "ConfigureAwait" } configureAwait)
                    {
                        return configureAwait.Parameters is [{ Type.SpecialType: SpecialType.System_Boolean }] ? At(site, 3) : null;
                    }
                    return At(site, 2);
                default:
                    return null;
            }
        }

        private static TaskWait? At(ExpressionSyntax site, int depth) =>
            BlockingCallSite.Receiver(site, depth) is { } task ? new TaskWait(task, depth) : null;
    }
}
