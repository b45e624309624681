using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Stackless.Analyzers
{
    /// <summary>
    /// The Stackless runtime's symbols, resolved once per compilation: the <c>[Tasklet]</c> attribute and
    /// <c>[SuspensionPoint]</c>, which marks every member that suspends a tasklet (the runtime's and any library's;
    /// design.md §7.1). Suspension points are matched by symbol, never by name.
    /// </summary>
    internal sealed class StacklessSymbols
    {
        private StacklessSymbols(INamedTypeSymbol taskletAttribute, INamedTypeSymbol? suspensionPointAttribute, IMethodSymbol? schedulerRun)
        {
            TaskletAttribute = taskletAttribute;
            SuspensionPointAttribute = suspensionPointAttribute;
            SchedulerRun = schedulerRun;
        }

        public INamedTypeSymbol TaskletAttribute { get; }

        /// <summary><c>Stackless.CompilerServices.SuspensionPointAttribute</c>.</summary>
        public INamedTypeSymbol? SuspensionPointAttribute { get; }

        /// <summary><c>Scheduler.Run()</c>, which only the main tasklet may call.</summary>
        public IMethodSymbol? SchedulerRun { get; }

        /// <summary>Null when the compilation does not reference Stackless: then there is nothing to analyze.</summary>
        public static StacklessSymbols? Create(Compilation compilation)
        {
            INamedTypeSymbol? attribute = compilation.GetTypeByMetadataName("Stackless.TaskletAttribute");
            if (attribute is null)
                return null;

            INamedTypeSymbol? scheduler = compilation.GetTypeByMetadataName("Stackless.Scheduler");
            IMethodSymbol? run = null;
            if (scheduler is not null)
            {
                foreach (ISymbol member in scheduler.GetMembers("Run"))
                {
                    if (member is IMethodSymbol { Parameters.Length: 0 } method)
                        run = method;
                }
            }

            return new StacklessSymbols(attribute, compilation.GetTypeByMetadataName("Stackless.CompilerServices.SuspensionPointAttribute"), run);
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

        /// <summary>
        /// An API that suspends the calling tasklet: it (or a method it overrides) has <c>[SuspensionPoint]</c>.
        /// Not <c>GetEnumerator()</c>, whose attribute makes each step of a foreach suspend, not the call.
        /// </summary>
        public bool IsSuspendingApi(IMethodSymbol method) =>
            DeclaresSuspension(method) is { } declaring && !IsForEachDeclaration(declaring);

        /// <summary>Whether a call to <paramref name="method"/> is a suspension point: a suspending API or a [Tasklet] method.</summary>
        public bool IsSuspensionPoint(IMethodSymbol method) => IsSuspendingApi(method) || IsTasklet(method);

        /// <summary>A foreach over <paramref name="collection"/> suspends at each step: its <c>GetEnumerator()</c> has <c>[SuspensionPoint]</c>.</summary>
        public bool IsSuspendingForEach(ITypeSymbol? collection)
        {
            if (SuspensionPointAttribute is null || collection is null)
                return false;
            for (ITypeSymbol? t = collection; t is not null; t = t.BaseType)
            {
                foreach (ISymbol member in t.GetMembers("GetEnumerator"))
                {
                    if (member is IMethodSymbol { Parameters.Length: 0, IsStatic: false } getEnumerator && DeclaresSuspension(getEnumerator) is not null)
                        return true;
                }
            }
            return false;
        }

        public bool IsSchedulerRun(IMethodSymbol method) =>
            SchedulerRun is not null && SymbolEqualityComparer.Default.Equals(method.OriginalDefinition, SchedulerRun);

        private static bool IsForEachDeclaration(IMethodSymbol method) => method.Name == "GetEnumerator" && method.Parameters.Length == 0;

        /// <summary>The method (itself or one it overrides) that carries <c>[SuspensionPoint]</c>, or null.</summary>
        private IMethodSymbol? DeclaresSuspension(IMethodSymbol method)
        {
            if (SuspensionPointAttribute is null)
                return null;
            for (IMethodSymbol? m = (method.ReducedFrom ?? method).OriginalDefinition; m is not null; m = m.OverriddenMethod?.OriginalDefinition)
            {
                foreach (AttributeData attribute in m.GetAttributes())
                {
                    if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, SuspensionPointAttribute))
                        return m;
                }
            }
            return null;
        }
    }
}
