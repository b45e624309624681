using System;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// The lowering recurses on nesting (blocks in blocks, parentheses, calls as arguments of calls), never on the
    /// length of a chain (BinaryChains). Nesting too deep for the stack that is left becomes TSK012 at the user's
    /// code: an overflow would kill the compiler with no message (csc's worker threads may have 1 MB or less).
    /// </summary>
    internal static class StackGuard
    {
        /// <summary>Throws TSK012 at <paramref name="at"/> when too little stack is left to go one level deeper.</summary>
        public static void Ensure(SyntaxNode at)
        {
            try
            {
                RuntimeHelpers.EnsureSufficientExecutionStack();
            }
            catch (InsufficientExecutionStackException)
            {
                throw TooDeep(at);
            }
        }

        /// <summary>TSK012 at <paramref name="at"/>.</summary>
        public static RefusalException TooDeep(SyntaxNode at) =>
            new(DiagnosticDescriptors.TooDeeplyNested, at, "'" + Excerpt.Short(at.ToString()) + "'");
    }
}
