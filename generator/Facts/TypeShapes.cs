using System.Linq;
using Microsoft.CodeAnalysis;

namespace Stackless.Generator.Facts
{
    /// <summary>What a type is built from, as far as a frame field's declaration cares.</summary>
    internal static class TypeShapes
    {
        /// <summary>
        /// An anonymous type, or a type built from one (<c>IEnumerable&lt;'a&gt;</c>, <c>List&lt;'a&gt;.Enumerator</c>,
        /// <c>'a[]</c>): no declaration can name it, so its field is an <c>object</c> holding a box (AnonymousTypeStorage).
        /// </summary>
        public static bool ContainsAnonymousType(ITypeSymbol type)
        {
            switch (type)
            {
                case IArrayTypeSymbol a:
                    return ContainsAnonymousType(a.ElementType);
                case INamedTypeSymbol n:
                    if (n.IsAnonymousType) return true;
                    // List<'a>.Enumerator: the anonymous type is an argument of the containing type.
                    return n.TypeArguments.Any(ContainsAnonymousType) || (n.ContainingType != null && ContainsAnonymousType(n.ContainingType));
                default:
                    return false;
            }
        }

        /// <summary>An inferred delegate type (a lambda with ref parameters, say): no expression can stand for it.</summary>
        public static bool ContainsAnonymousDelegate(ITypeSymbol type)
        {
            switch (type)
            {
                case IArrayTypeSymbol a:
                    return ContainsAnonymousDelegate(a.ElementType);
                case INamedTypeSymbol n:
                    if (n.IsAnonymousType && n.TypeKind == TypeKind.Delegate) return true;
                    if (n.IsAnonymousType) return n.GetMembers().OfType<IPropertySymbol>().Any(p => ContainsAnonymousDelegate(p.Type));
                    return n.TypeArguments.Any(ContainsAnonymousDelegate) || (n.ContainingType != null && ContainsAnonymousDelegate(n.ContainingType));
                default:
                    return false;
            }
        }
    }
}
