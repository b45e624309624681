using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Stackless.Generator.Facts
{
    /// <summary>
    /// The runtime types the lowering needs (symbols, never names alone). Suspension points are the methods with
    /// <c>[SuspensionPoint]</c> (runtime's and libraries' alike) and calls of [Tasklet] methods.
    /// </summary>
    internal sealed class KnownSymbols
    {
        public readonly INamedTypeSymbol? SuspensionPointAttribute;
        public readonly INamedTypeSymbol? TaskletAttribute;
        public readonly INamedTypeSymbol? TaskletFrame;
        public readonly INamedTypeSymbol? TaskletFrameOfT;

        public KnownSymbols(Compilation compilation)
        {
            _compilation = compilation;
            SuspensionPointAttribute = compilation.GetTypeByMetadataName(SuspensionContract.AttributeMetadataName);
            TaskletAttribute = compilation.GetTypeByMetadataName("Stackless.TaskletAttribute");
            TaskletFrame = compilation.GetTypeByMetadataName("Stackless.CompilerServices.TaskletFrame");
            TaskletFrameOfT = compilation.GetTypeByMetadataName("Stackless.CompilerServices.TaskletFrame`1");
        }

        private readonly Compilation _compilation;
        private readonly Dictionary<IMethodSymbol, (SuspensionContract? Contract, string Problem)> _contracts = new(SymbolEqualityComparer.Default);

        /// <summary>A call of <paramref name="method"/> is a declared suspension point (not GetEnumerator: that declares a foreach step).</summary>
        public bool IsDeclaredSuspensionPoint(IMethodSymbol method) =>
            SuspensionContract.AttributeOf(method, SuspensionPointAttribute, out IMethodSymbol declaring) != null && !SuspensionContract.IsForEachDeclaration(declaring);

        /// <summary>A foreach whose GetEnumerator is <paramref name="getEnumerator"/> suspends at each step.</summary>
        public bool IsDeclaredForEach(IMethodSymbol? getEnumerator) =>
            getEnumerator != null && SuspensionContract.AttributeOf(getEnumerator, SuspensionPointAttribute, out IMethodSymbol declaring) != null &&
            SuspensionContract.IsForEachDeclaration(declaring);

        /// <summary>
        /// The contract of a declared suspension point, called from code of <paramref name="caller"/>; an ill-formed
        /// declaration, or members the caller cannot reach (internal to another assembly), is TSK013 at <paramref name="at"/>.
        /// </summary>
        public SuspensionContract ContractOf(IMethodSymbol method, SyntaxNode at, INamedTypeSymbol caller)
        {
            AttributeData attribute = SuspensionContract.AttributeOf(method, SuspensionPointAttribute, out IMethodSymbol declaring)!;
            if (!_contracts.TryGetValue(declaring, out var entry))
            {
                SuspensionContract? resolved = SuspensionContract.Resolve(declaring, attribute, _compilation, out string problem);
                _contracts[declaring] = entry = (resolved, problem);
            }
            string display = declaring.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
            SuspensionContract contract = entry.Contract ?? throw new RefusalException(DiagnosticDescriptors.IllFormedSuspensionPoint, at, display, entry.Problem);
            foreach (IMethodSymbol? member in new[] { contract.Begin, contract.End, contract.CreateFrame })
            {
                if (member != null && !_compilation.IsSymbolAccessibleWithin(member, caller))
                    throw new RefusalException(DiagnosticDescriptors.IllFormedSuspensionPoint, at, display,
                        "'" + member.Name + "' is not accessible here (make it public, or [EditorBrowsable(Never)] to hide it)");
            }
            return contract;
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
