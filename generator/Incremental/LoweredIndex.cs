using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace Stackless.Generator.Incremental
{
    /// <summary>
    /// Every method's lowering by its key, one value for the compilation: each input (which knows where its method is now)
    /// finds its own lowering here (<see cref="Place"/>). Made again only when a lowering changed.
    /// </summary>
    internal sealed class LoweredIndex : IEquatable<LoweredIndex>
    {
        private readonly ImmutableArray<LoweredMethod> _all;
        private readonly Dictionary<MethodKey, LoweredMethod> _byKey;

        public LoweredIndex(ImmutableArray<LoweredMethod> all)
        {
            _all = all;
            _byKey = new Dictionary<MethodKey, LoweredMethod>(all.Length);
            // Equal keys have equal lowerings (two such methods are duplicate declarations): either serves.
            foreach (LoweredMethod m in all) _byKey[m.Key] = m;
        }

        /// <summary>The lowering of <paramref name="input"/>'s method with where that method is now; null if it has none.</summary>
        public PlacedResult? Place(TaskletInput input) =>
            _byKey.TryGetValue(input.Key, out LoweredMethod? lowered) ? new PlacedResult(lowered, input.At) : null;

        // A kept lowering is the same object: an index of the same objects is the same index.
        public bool Equals(LoweredIndex? other)
        {
            if (ReferenceEquals(this, other)) return true;
            if (other is null || other._all.Length != _all.Length) return false;
            for (int i = 0; i < _all.Length; i++)
                if (!ReferenceEquals(_all[i], other._all[i])) return false;
            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as LoweredIndex);

        public override int GetHashCode() => _all.Length;
    }
}
