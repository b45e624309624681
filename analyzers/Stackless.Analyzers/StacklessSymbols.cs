using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Stackless.Analyzers
{
    /// <summary>
    /// The Stackless runtime's symbols, resolved once per compilation: the <c>[Tasklet]</c> attribute and the
    /// members that suspend a tasklet (design.md §2). Suspension points are matched by symbol, never by name.
    /// </summary>
    internal sealed class StacklessSymbols
    {
        private readonly HashSet<IMethodSymbol> suspendingMembers;

        private StacklessSymbols(
            INamedTypeSymbol taskletAttribute,
            INamedTypeSymbol? channel,
            IMethodSymbol? schedulerRun,
            HashSet<IMethodSymbol> suspendingMembers)
        {
            TaskletAttribute = taskletAttribute;
            Channel = channel;
            SchedulerRun = schedulerRun;
            this.suspendingMembers = suspendingMembers;
        }

        public INamedTypeSymbol TaskletAttribute { get; }

        /// <summary><c>Stackless.Channel&lt;T&gt;</c> (its definition).</summary>
        public INamedTypeSymbol? Channel { get; }

        /// <summary><c>Scheduler.Run()</c>, which only the main tasklet may call.</summary>
        public IMethodSymbol? SchedulerRun { get; }

        /// <summary>Null when the compilation does not reference Stackless: then there is nothing to analyze.</summary>
        public static StacklessSymbols? Create(Compilation compilation)
        {
            INamedTypeSymbol? attribute = compilation.GetTypeByMetadataName("Stackless.TaskletAttribute");
            if (attribute is null)
                return null;

            INamedTypeSymbol? channel = compilation.GetTypeByMetadataName("Stackless.Channel`1");
            INamedTypeSymbol? scheduler = compilation.GetTypeByMetadataName("Stackless.Scheduler");
            INamedTypeSymbol? tasklet = compilation.GetTypeByMetadataName("Stackless.Tasklet");

            var suspending = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            AddMethods(suspending, channel, "Send", "Receive", "SendException", "SendSequence");
            AddMethods(suspending, scheduler, "Schedule", "ScheduleRemove");
            AddMethods(suspending, tasklet, "Run", "Kill", "Throw");

            IMethodSymbol? run = null;
            if (scheduler is not null)
            {
                foreach (ISymbol member in scheduler.GetMembers("Run"))
                {
                    if (member is IMethodSymbol { Parameters.Length: 0 } method)
                        run = method;
                }
            }

            return new StacklessSymbols(attribute, channel, run, suspending);
        }

        public bool IsTasklet(IMethodSymbol method)
        {
            foreach (AttributeData attribute in method.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, TaskletAttribute))
                    return true;
            }
            return false;
        }

        /// <summary>A runtime API that suspends the calling tasklet (a channel operation, Schedule, Run/Kill/Throw).</summary>
        public bool IsSuspendingApi(IMethodSymbol method) => suspendingMembers.Contains(method.OriginalDefinition);

        /// <summary>Whether a call to <paramref name="method"/> is a suspension point: a suspending API or a [Tasklet] method.</summary>
        public bool IsSuspensionPoint(IMethodSymbol method) => IsSuspendingApi(method) || IsTasklet(method);

        public bool IsChannel(ITypeSymbol? type) =>
            Channel is not null && type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, Channel);

        public bool IsSchedulerRun(IMethodSymbol method) =>
            SchedulerRun is not null && SymbolEqualityComparer.Default.Equals(method.OriginalDefinition, SchedulerRun);

        private static void AddMethods(HashSet<IMethodSymbol> set, INamedTypeSymbol? type, params string[] names)
        {
            if (type is null)
                return;
            foreach (string name in names)
            {
                foreach (ISymbol member in type.GetMembers(name))
                {
                    if (member is IMethodSymbol method)
                        set.Add(method.OriginalDefinition);
                }
            }
        }
    }
}
