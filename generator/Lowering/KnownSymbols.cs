using Microsoft.CodeAnalysis;

namespace Stackless.Generator.Lowering
{
    /// <summary>The runtime types the lowering recognises suspension points by (symbols, never names alone).</summary>
    internal sealed class KnownSymbols
    {
        public readonly INamedTypeSymbol? Channel;
        public readonly INamedTypeSymbol? Scheduler;
        public readonly INamedTypeSymbol? Tasklet;
        public readonly INamedTypeSymbol? TaskletAttribute;
        public readonly INamedTypeSymbol? TaskletFrame;
        public readonly INamedTypeSymbol? TaskletFrameOfT;

        public KnownSymbols(Compilation compilation)
        {
            Channel = compilation.GetTypeByMetadataName("Stackless.Channel`1");
            Scheduler = compilation.GetTypeByMetadataName("Stackless.Scheduler");
            Tasklet = compilation.GetTypeByMetadataName("Stackless.Tasklet");
            TaskletAttribute = compilation.GetTypeByMetadataName("Stackless.TaskletAttribute");
            TaskletFrame = compilation.GetTypeByMetadataName("Stackless.CompilerServices.TaskletFrame");
            TaskletFrameOfT = compilation.GetTypeByMetadataName("Stackless.CompilerServices.TaskletFrame`1");
        }

        public bool IsTaskletMethod(IMethodSymbol method)
        {
            IMethodSymbol m = method.ReducedFrom ?? method;
            m = m.OriginalDefinition;
            foreach (AttributeData a in m.GetAttributes())
                if (SymbolEqualityComparer.Default.Equals(a.AttributeClass, TaskletAttribute)) return true;
            return false;
        }
    }
}
