using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Stackless.Analyzers.Tests.Infrastructure
{
    /// <summary>
    /// What test compilations reference: the net10.0 reference assemblies (from Basic.Reference.Assemblies, so
    /// nothing is downloaded at test time) and the real Stackless runtime (its net10.0 build, the one this
    /// test project references), so the analyzers are tested against the API users compile against.
    /// </summary>
    internal static class TestReferences
    {
        /// <summary>Tells the testing library to resolve no reference-assembly package; the references come from <see cref="All"/>.</summary>
        public static readonly ReferenceAssemblies NoPackage = new ReferenceAssemblies("net10.0");

        public static readonly ImmutableArray<MetadataReference> All =
            Basic.Reference.Assemblies.Net100.References.All
                .Cast<MetadataReference>()
                .Append(MetadataReference.CreateFromFile(typeof(Stackless.Channel<>).Assembly.Location))
                .ToImmutableArray();
    }
}
