using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Stackless.Analyzers
{
    /// <summary>The per-compilation half of <see cref="TaskletAnalyzer"/>: the operation callbacks, with the symbols they need.</summary>
    internal sealed class TaskletCodeAnalyzer
    {
        private readonly StacklessSymbols stackless;
        private readonly BlockingApis blocking;
        private readonly CallGraph graph;

        public TaskletCodeAnalyzer(StacklessSymbols stackless, BlockingApis blocking, CallGraph graph)
        {
            this.stackless = stackless;
            this.blocking = blocking;
            this.graph = graph;
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            if (!IsTaskletCode(context))
            {
                ReportTaskletCallInClosure(context);
                return;
            }
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol target = invocation.TargetMethod;

            if (blocking.Match(target, invocation.Instance?.Type) is { } api)
            {
                ReportBlocking(context, api, target, invocation.Syntax);
                return;
            }

            if (stackless.IsSchedulerRun(target))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.SchedulerRunInTasklet, OperationFacts.MemberLocation(invocation.Syntax)));
                return;
            }

            AnalyzeCallIntoCompilation(context, target, invocation.Syntax);
        }

        public void AnalyzeObjectCreation(OperationAnalysisContext context)
        {
            if (!IsTaskletCode(context))
                return;
            if (((IObjectCreationOperation)context.Operation).Constructor is { } constructor)
                AnalyzeCallIntoCompilation(context, constructor, context.Operation.Syntax);
        }

        public void AnalyzePropertyReference(OperationAnalysisContext context)
        {
            if (!IsTaskletCode(context))
                return;
            var reference = (IPropertyReferenceOperation)context.Operation;
            if (blocking.Match(reference.Property) is { } api)
                ReportBlocking(context, api, reference.Property, reference.Syntax);
        }

        /// <summary>TSK112: a suspending method turned into a delegate runs, when invoked, as an ordinary call that cannot suspend.</summary>
        public void AnalyzeMethodReference(OperationAnalysisContext context)
        {
            if (!IsTaskletCode(context))
                return;
            var reference = (IMethodReferenceOperation)context.Operation;
            if (stackless.IsSuspensionPoint(reference.Method))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.SuspendingMethodAsDelegate, OperationFacts.MemberLocation(reference.Syntax), SymbolNames.Member(reference.Method)));
            }
        }

        private void ReportBlocking(OperationAnalysisContext context, BlockingApi api, ISymbol member, SyntaxNode syntax)
        {
            Location location = OperationFacts.MemberLocation(syntax);
            context.ReportDiagnostic(api.ListFile is null
                ? Diagnostic.Create(api.Rule, location, SymbolNames.Member(member))
                : Diagnostic.Create(api.Rule, location, SymbolNames.Member(member), api.ListFile));
        }

        /// <summary>TSK110 and TSK111: what an ordinary method of this compilation, called from tasklet code, reaches.</summary>
        private void AnalyzeCallIntoCompilation(OperationAnalysisContext context, IMethodSymbol callee, SyntaxNode syntax)
        {
            if (stackless.IsTasklet(callee) || !CallGraph.HasSourceBody(callee))
                return; // a nested [Tasklet] call suspends properly, and its own body is analyzed on its own

            CallChain blockingChain = graph.FindBlocking(callee, context.CancellationToken);
            if (!blockingChain.IsNone)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.BlockingThroughCall, OperationFacts.MemberLocation(syntax), SymbolNames.Step(callee), blockingChain.Describe()));
            }

            // The fix for TSK111 marks the callee [Tasklet], which only an ordinary method can be.
            if (callee.MethodKind == MethodKind.Ordinary)
            {
                CallChain suspensionChain = graph.FindSuspension(callee, context.CancellationToken);
                if (!suspensionChain.IsNone)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.SuspensionOutsideTasklet, OperationFacts.MemberLocation(syntax), SymbolNames.Step(callee), suspensionChain.Describe()));
                }
            }
        }

        /// <summary>
        /// TSK116: a [Tasklet] method called inside a lambda, local function or query of a [Tasklet] method. The generator
        /// compiles it as the ordinary call it is (nothing can suspend there), so it runs on the native stack.
        /// </summary>
        private void ReportTaskletCallInClosure(OperationAnalysisContext context)
        {
            if (context.ContainingSymbol is not IMethodSymbol method || !stackless.IsTasklet(method))
                return;
            var invocation = (IInvocationOperation)context.Operation;
            if (!stackless.IsTasklet(invocation.TargetMethod) || ClosureKind(invocation) is not string closure)
                return;
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.TaskletCallInClosure, OperationFacts.MemberLocation(invocation.Syntax), SymbolNames.Member(invocation.TargetMethod), closure));
        }

        /// <summary>What kind of closure the operation is in, innermost first: a query clause's lambdas are implicit.</summary>
        private static string? ClosureKind(IOperation operation)
        {
            for (IOperation? parent = operation.Parent; parent is not null; parent = parent.Parent)
            {
                switch (parent)
                {
                    case ILocalFunctionOperation:
                        return "local function";
                    case IAnonymousFunctionOperation lambda:
                        return lambda.IsImplicit ? "query"
                            : lambda.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.AnonymousMethodExpressionSyntax ? "anonymous method" : "lambda";
                }
            }
            return null;
        }

        /// <summary>
        /// Whether the operation is tasklet code: in a [Tasklet] method's body and not inside one of its lambdas or
        /// local functions (those run as ordinary code whenever they are invoked).
        /// </summary>
        private bool IsTaskletCode(OperationAnalysisContext context)
        {
            if (context.ContainingSymbol is not IMethodSymbol method || !stackless.IsTasklet(method))
                return false;
            for (IOperation? parent = context.Operation.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                    return false;
            }
            return true;
        }
    }
}
