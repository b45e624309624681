using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Stackless.Analyzers
{
    /// <summary>
    /// What one method of the compilation does directly, read once from its body and cached: the blocking
    /// calls it makes, its first suspension point, and the methods of the compilation it calls.
    /// Lambdas and local-function bodies are not part of it (a local function is followed when it is called).
    /// </summary>
    internal sealed class MethodSummary
    {
        public static readonly MethodSummary Empty = new MethodSummary(
            ImmutableArray<BlockingUse>.Empty, suspension: null, ImmutableArray<IMethodSymbol>.Empty);

        public MethodSummary(ImmutableArray<BlockingUse> blocking, string? suspension, ImmutableArray<IMethodSymbol> callees)
        {
            Blocking = blocking;
            Suspension = suspension;
            Callees = callees;
        }

        public ImmutableArray<BlockingUse> Blocking { get; }

        /// <summary>The first suspension point in the body, as a reader would name it (<c>Channel&lt;int&gt;.Send</c>); null if none.</summary>
        public string? Suspension { get; }

        /// <summary>Methods of this compilation (with bodies) that the body calls, in order, without repeats.</summary>
        public ImmutableArray<IMethodSymbol> Callees { get; }
    }

    /// <summary>
    /// A blocking call inside a method body: what it calls, its rule, and where it is written (the tree for severity
    /// options, the position for <c>#pragma warning disable</c>).
    /// </summary>
    internal readonly struct BlockingUse
    {
        public BlockingUse(string api, BlockingApi blocking, SyntaxNode site)
        {
            Api = api;
            Blocking = blocking;
            Tree = site.SyntaxTree;
            Position = site.SpanStart;
        }

        public string Api { get; }
        public BlockingApi Blocking { get; }
        public SyntaxTree Tree { get; }
        public int Position { get; }
    }
}
