using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Stackless.Generator.Model;

namespace Stackless.Generator.Incremental
{
    /// <summary>
    /// The lowering step's input: a method's <see cref="MethodKey"/>, equal by it alone, with the position and semantic
    /// model to lower it with. Roslyn keeps the previous input when the new one is equal, so a method that only moved is
    /// not lowered again, and a method whose key changed always gets a fresh semantic model.
    /// </summary>
    internal sealed class PendingLowering : IEquatable<PendingLowering>
    {
        private readonly MethodKey _key;
        private readonly MethodPosition _at;
        private readonly LocationInfo? _location;
        private GeneratorAttributeSyntaxContext? _context;

        public PendingLowering(MethodKey key, MethodPosition at, LocationInfo? location, GeneratorAttributeSyntaxContext? context)
        {
            _key = key;
            _at = at;
            _location = location;
            _context = context;
        }

        /// <summary>Lowers the method (the parser and every pass), then lets go of its semantic model.</summary>
        public LoweredMethod Lower(CancellationToken ct, Func<IMethodSymbol, Exception?>? faultInjection)
        {
            if (_context is not GeneratorAttributeSyntaxContext context)
            {
                // Cannot happen while the invariant holds (a kept input is never lowered again); reported, never thrown.
                var stale = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, _location?.ToLocation(), "?",
                    "the generator's input for this method was already lowered; build again");
                return new LoweredMethod(_key, _at, new TaskletResult(null, new EquatableArray<DiagnosticInfo>(new[] { stale })));
            }
            TaskletResult result = TaskletGenerator.Compile(context, ct, faultInjection);
            _context = null;
            return new LoweredMethod(_key, _at, result);
        }

        public bool Equals(PendingLowering? other) => other is not null && _key.Equals(other._key);

        public override bool Equals(object? obj) => Equals(obj as PendingLowering);

        public override int GetHashCode() => _key.GetHashCode();
    }
}
