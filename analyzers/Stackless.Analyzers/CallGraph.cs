using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Stackless.Analyzers
{
    /// <summary>
    /// Follows calls from tasklet code into the methods of the same compilation, a few levels deep, to find
    /// blocking calls (TSK110) and suspension points (TSK111) reached through ordinary methods.
    /// One instance per compilation; method summaries and answers are cached and safe to share between threads.
    /// </summary>
    internal sealed class CallGraph
    {
        /// <summary>How many methods a chain may pass through, counting the one called from the tasklet.</summary>
        public const int MaxDepth = 5;

        private readonly Compilation compilation;
        private readonly StacklessSymbols stackless;
        private readonly BlockingApis blocking;
        private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> models = new();
        private readonly ConcurrentDictionary<IMethodSymbol, MethodSummary> summaries = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, CallChain> blockingChains = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, CallChain> suspensionChains = new(SymbolEqualityComparer.Default);

        public CallGraph(Compilation compilation, StacklessSymbols stackless, BlockingApis blocking)
        {
            this.compilation = compilation;
            this.stackless = stackless;
            this.blocking = blocking;
        }

        /// <summary>Whether the graph can look into <paramref name="method"/>: a method of this compilation with a body.</summary>
        public static bool HasSourceBody(IMethodSymbol method) =>
            !method.IsAbstract && !method.IsExtern && !method.DeclaringSyntaxReferences.IsEmpty;

        /// <summary>The shortest chain from <paramref name="callee"/> through ordinary methods to a blocking call, or <see cref="CallChain.None"/>.</summary>
        public CallChain FindBlocking(IMethodSymbol callee, CancellationToken cancellationToken) =>
            blockingChains.GetOrAdd(callee.OriginalDefinition, m => Search(m, findBlocking: true, cancellationToken));

        /// <summary>The shortest chain from <paramref name="callee"/> through ordinary methods to a suspension point, or <see cref="CallChain.None"/>.</summary>
        public CallChain FindSuspension(IMethodSymbol callee, CancellationToken cancellationToken) =>
            suspensionChains.GetOrAdd(callee.OriginalDefinition, m => Search(m, findBlocking: false, cancellationToken));

        /// <summary>Breadth first, so the chain reported is a shortest one; [Tasklet] callees are not entered (they are analyzed themselves).</summary>
        private CallChain Search(IMethodSymbol start, bool findBlocking, CancellationToken cancellationToken)
        {
            var nodes = new List<(IMethodSymbol Method, int Parent, int Depth)> { (start, -1, 1) };
            var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { start };
            for (int i = 0; i < nodes.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                (IMethodSymbol method, _, int depth) = nodes[i];
                MethodSummary summary = GetSummary(method, cancellationToken);

                if (findBlocking)
                {
                    foreach (BlockingUse use in summary.Blocking)
                    {
                        if (!IsSuppressed(use.Blocking.Rule.Id, use.Tree, cancellationToken) && !PragmaDisables(use.Blocking.Rule.Id, use.Tree, use.Position, cancellationToken))
                            return BuildChain(nodes, i, use.Api, use.Blocking.Rule.Id);
                    }
                }
                else if (summary.Suspension is not null)
                {
                    return BuildChain(nodes, i, summary.Suspension, ruleId: null);
                }

                if (depth == MaxDepth)
                    continue;
                foreach (IMethodSymbol next in summary.Callees)
                {
                    if (!stackless.IsTasklet(next) && seen.Add(next))
                        nodes.Add((next, i, depth + 1));
                }
            }
            return CallChain.None;
        }

        private static CallChain BuildChain(List<(IMethodSymbol Method, int Parent, int Depth)> nodes, int last, string api, string? ruleId)
        {
            var steps = new List<string> { api };
            for (int i = last; i >= 0; i = nodes[i].Parent)
                steps.Add(SymbolNames.Step(nodes[i].Method));
            steps.Reverse();
            return new CallChain(steps.ToImmutableArray(), ruleId);
        }

        /// <summary>
        /// A blocking family the user turned off (<c>severity = none</c> in .editorconfig, a global config or
        /// NoWarn) where the blocking call is written is not reported through calls either.
        /// </summary>
        private bool IsSuppressed(string id, SyntaxTree tree, CancellationToken cancellationToken)
        {
            ReportDiagnostic severity;
            if (compilation.Options.SyntaxTreeOptionsProvider is { } provider)
            {
                if (provider.TryGetDiagnosticValue(tree, id, cancellationToken, out severity))
                    return severity == ReportDiagnostic.Suppress;
                if (provider.TryGetGlobalDiagnosticValue(id, cancellationToken, out severity))
                    return severity == ReportDiagnostic.Suppress;
            }
            return compilation.Options.SpecificDiagnosticOptions.TryGetValue(id, out severity) && severity == ReportDiagnostic.Suppress;
        }

        /// <summary>
        /// A blocking call written under <c>#pragma warning disable</c> of its family (the user says it does not block
        /// there, e.g. a receive on a non-blocking socket) is not reported through calls either.
        /// </summary>
        private static bool PragmaDisables(string id, SyntaxTree tree, int position, CancellationToken cancellationToken)
        {
            bool disabled = false;
            if (tree.GetRoot(cancellationToken) is not CSharpSyntaxNode root)
                return false;
            static bool IsPragma(DirectiveTriviaSyntax d) => d is PragmaWarningDirectiveTriviaSyntax;
            for (DirectiveTriviaSyntax? directive = root.GetFirstDirective(IsPragma); directive != null; directive = directive.GetNextDirective(IsPragma))
            {
                if (directive.SpanStart >= position)
                    break;
                var pragma = (PragmaWarningDirectiveTriviaSyntax)directive;
                bool names = pragma.ErrorCodes.Count == 0; // a pragma without codes applies to every warning
                foreach (ExpressionSyntax code in pragma.ErrorCodes)
                    names |= code is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == id;
                if (names)
                    disabled = pragma.DisableOrRestoreKeyword.IsKind(SyntaxKind.DisableKeyword);
            }
            return disabled;
        }

        private MethodSummary GetSummary(IMethodSymbol method, CancellationToken cancellationToken) =>
            summaries.GetOrAdd(method, m => Summarize(m, cancellationToken));

        private MethodSummary Summarize(IMethodSymbol method, CancellationToken cancellationToken)
        {
            IMethodSymbol definition = method.PartialImplementationPart ?? method;
            if (!HasSourceBody(definition))
                return MethodSummary.Empty;

            var blockingUses = ImmutableArray.CreateBuilder<BlockingUse>();
            string? suspension = null;
            var callees = new List<IMethodSymbol>();
            var calleeSet = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);

            foreach (SyntaxReference reference in definition.DeclaringSyntaxReferences)
            {
                SyntaxNode declaration = reference.GetSyntax(cancellationToken);
                IOperation? body = GetModel(declaration.SyntaxTree).GetOperation(declaration, cancellationToken);
                if (body is null)
                    continue;

                // The root's children: a method's body, or a local function's body (the local function itself is
                // the root here; nested ones are skipped below and followed only when called).
                var pending = new Stack<IOperation>();
                OperationFacts.PushChildren(pending, body);

                while (pending.Count > 0)
                {
                    IOperation operation = pending.Pop();
                    if (operation is IAnonymousFunctionOperation or ILocalFunctionOperation)
                        continue; // runs only if invoked; a local function call is followed as a callee

                    switch (operation)
                    {
                        case IInvocationOperation invocation:
                            IMethodSymbol target = invocation.TargetMethod;
                            if (blocking.Match(target, invocation.Instance?.Type) is { } api)
                                blockingUses.Add(new BlockingUse(SymbolNames.Member(target), api, invocation.Syntax));
                            else if (stackless.IsSuspensionPoint(target))
                                suspension ??= SymbolNames.Member(target);
                            else if (HasSourceBody(target) && calleeSet.Add(target.OriginalDefinition))
                                callees.Add(target.OriginalDefinition);
                            break;
                        case IObjectCreationOperation { Constructor: { } constructor }:
                            if (HasSourceBody(constructor) && calleeSet.Add(constructor.OriginalDefinition))
                                callees.Add(constructor.OriginalDefinition);
                            break;
                        case IPropertyReferenceOperation propertyReference:
                            if (blocking.Match(propertyReference.Property) is { } propertyApi)
                                blockingUses.Add(new BlockingUse(SymbolNames.Member(propertyReference.Property), propertyApi, propertyReference.Syntax));
                            break;
                        case IForEachLoopOperation loop:
                            if (stackless.IsSuspendingForEach(OperationFacts.UnwrapConversions(loop.Collection).Type))
                                suspension ??= "foreach over " + SymbolNames.Member(OperationFacts.UnwrapConversions(loop.Collection).Type!);
                            break;
                    }

                    OperationFacts.PushChildren(pending, operation);
                }
            }

            return new MethodSummary(blockingUses.ToImmutable(), suspension, callees.ToImmutableArray());
        }

        private SemanticModel GetModel(SyntaxTree tree) =>
            // The bodies of callees live in other trees than the one being analyzed; one model per tree, shared.
#pragma warning disable RS1030 // Walking into callees needs their semantic models; they are cached per compilation.
            models.GetOrAdd(tree, t => compilation.GetSemanticModel(t));
#pragma warning restore RS1030
    }
}
