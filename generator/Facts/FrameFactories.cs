using System.Linq;
using Microsoft.CodeAnalysis;

namespace Stackless.Generator.Facts
{
    /// <summary>
    /// Facts about the frame factories (<c>__M_CreateFrame</c>) that callers, overrides and interface
    /// implementations bind to. A factory generated in this compilation is not visible to its semantic model yet, so
    /// it is assumed from the method's [Tasklet] attribute; a factory of another assembly is looked up in its symbols.
    /// </summary>
    internal static class FrameFactories
    {
        /// <summary>True when <paramref name="method"/> is compiled by this generator run (declared in this compilation).</summary>
        public static bool IsGeneratedHere(IMethodSymbol method, Compilation compilation) =>
            method.OriginalDefinition.DeclaringSyntaxReferences.Length > 0 &&
            SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, compilation.Assembly);

        /// <summary>
        /// The frame factory of a [Tasklet] method of another assembly: a member of its containing type named
        /// <c>__M_CreateFrame</c> with the same arity, static-ness and parameter types, accessible from
        /// <paramref name="within"/>. Null when that assembly was compiled without the generator.
        /// </summary>
        public static IMethodSymbol? Find(IMethodSymbol target, Compilation compilation, ISymbol within)
        {
            string name = FrameNaming.FactoryName(target);
            foreach (IMethodSymbol f in target.ContainingType.GetMembers(name).OfType<IMethodSymbol>())
            {
                if (f.Arity != target.Arity || f.IsStatic != target.IsStatic || f.Parameters.Length != target.Parameters.Length) continue;
                IMethodSymbol constructed = f.Arity == 0 ? f : f.Construct(target.TypeArguments.ToArray());
                bool same = true;
                for (int i = 0; i < target.Parameters.Length && same; i++)
                    same = SymbolEqualityComparer.Default.Equals(constructed.Parameters[i].Type, target.Parameters[i].Type);
                if (!same) continue;
                if (within is INamedTypeSymbol type ? !compilation.IsSymbolAccessibleWithin(f, type) : !compilation.IsSymbolAccessibleWithin(f, compilation.Assembly))
                    continue;
                return f;
            }
            return null;
        }

        /// <summary>
        /// Why a call to (or an override of) [Tasklet] method <paramref name="target"/> of another assembly cannot
        /// create its frame; null when the factory is there.
        /// </summary>
        public static string? MissingFactory(IMethodSymbol target, Compilation compilation, ISymbol within) =>
            Find(target, compilation, within) != null ? null
                : "assembly '" + target.ContainingAssembly?.Name + "' was compiled without the Stackless generator (or with a version older than frame factories), so it has no accessible "
                  + FrameNaming.FactoryName(target) + " to create the frame; build it with the Stackless package";

        /// <summary>
        /// True when a non-override [Tasklet] method hides a [Tasklet] method of a base class with the same
        /// signature: its factory and SpawnM then hide the base's too (and need <c>new</c>).
        /// </summary>
        public static bool HidesBaseTasklet(IMethodSymbol method, KnownSymbols known)
        {
            if (method.IsOverride || method.ContainingType.TypeKind == TypeKind.Interface) return false;
            for (INamedTypeSymbol? t = method.ContainingType.BaseType; t != null; t = t.BaseType)
            {
                foreach (IMethodSymbol m in t.GetMembers(method.Name).OfType<IMethodSymbol>())
                {
                    if (m.Arity != method.Arity || m.Parameters.Length != method.Parameters.Length || !known.IsTaskletMethod(m)) continue;
                    if (m.DeclaredAccessibility == Accessibility.Private) continue;
                    bool same = true;
                    IMethodSymbol mc = m.Arity == 0 ? m : m.Construct(method.TypeParameters.Cast<ITypeSymbol>().ToArray());
                    for (int i = 0; i < m.Parameters.Length && same; i++)
                        same = SymbolEqualityComparer.Default.Equals(mc.Parameters[i].Type, method.Parameters[i].Type);
                    if (same) return true;
                }
            }
            return false;
        }

        /// <summary>
        /// True when a frame class named <paramref name="frameName"/> in <paramref name="type"/> would hide an accessible
        /// nested class of a base type: the frame of an overridden (or hidden) [Tasklet] method of this compilation, which
        /// its semantic model does not show yet, or a nested type it does show. The frame is then declared <c>new</c>.
        /// </summary>
        public static bool FrameHidesBase(INamedTypeSymbol type, string frameName, KnownSymbols known, Compilation compilation)
        {
            for (INamedTypeSymbol? t = type.BaseType; t != null; t = t.BaseType)
            {
                if (t.GetTypeMembers(frameName).Any(n => compilation.IsSymbolAccessibleWithin(n, type))) return true;
                if (!SymbolEqualityComparer.Default.Equals(t.ContainingAssembly, compilation.Assembly)) continue;
                foreach (IMethodSymbol m in t.GetMembers().OfType<IMethodSymbol>())
                    if (!m.IsAbstract && m.DeclaredAccessibility != Accessibility.Private && known.IsTaskletMethod(m) && FrameNaming.FrameName(m) == frameName)
                        return true;
            }
            return false;
        }
    }
}
