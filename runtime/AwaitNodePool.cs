using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Stackless
{
    /// <summary>
    /// Each thread's idle await nodes of one type (<typeparamref name="TNode"/>): a stack linked through the nodes, so renting
    /// and returning allocate nothing. At most <see cref="MaxPooled"/> are kept per thread and type (a peak of awaits leaves no
    /// more behind). Used on the scheduler's thread only (the thread-static state is that thread's).
    /// </summary>
    internal static class AwaitNodePool<TNode> where TNode : AwaitNode
    {
        private const int MaxPooled = 1024;

        [ThreadStatic]
        private static TNode? t_top;
        [ThreadStatic]
        private static int t_count;

        /// <summary>An idle node of this thread, or null if there is none.</summary>
        internal static TNode? TryRent()
        {
            TNode? n = t_top;
            if (n != null)
            {
                t_top = Unsafe.As<TNode>(n.nextPooled); // only TNodes are pushed here: no cast
                n.nextPooled = null;
                t_count--;
            }
            return n;
        }

        /// <summary>Keeps <paramref name="node"/>, which nothing refers to any more, for the next rent (unless this thread keeps enough).</summary>
        internal static void Return(TNode node)
        {
            Debug.Assert(node.nextPooled == null);
            if (t_count >= MaxPooled)
                return;
            node.nextPooled = t_top;
            t_top = node;
            t_count++;
        }
    }
}
