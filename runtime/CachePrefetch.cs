using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Stackless
{
    /// <summary>
    /// Software prefetch: starts fetching memory that will be read soon, without waiting for it. A plain load of the
    /// same place holds the processor's reorder window until it arrives, so only a few such misses overlap; a prefetch
    /// retires at once, so many do. For places the runtime knows well ahead that it will touch, scattered in memory (the
    /// tasklets an instant of the timer heap wakes). A no-op where the JIT exposes no prefetch instruction (Arm64).
    /// </summary>
    /// <remarks>
    /// The runtime's only unsafe code: an address is taken from a reference and never dereferenced. A prefetch never
    /// faults, so an address the collector has moved since costs one useless fetch and nothing else.
    /// </remarks>
    internal static class CachePrefetch
    {
        /// <summary>Starts fetching the first two cache lines of the object <paramref name="slot"/> refers to, if any.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static unsafe void ObjectAt(ref object? slot)
        {
            if (Sse.IsSupported)
            {
                byte* p = (byte*)Unsafe.As<object?, nint>(ref slot);
                if (p != null)
                {
                    // The method table pointer (what the type test and a virtual call read) and the fields after it:
                    // two lines hold the whole of a small frame (a sleeping frame of a few locals is 80 bytes).
                    Sse.Prefetch0(p);
                    Sse.Prefetch0(p + 64);
                }
            }
        }

        /// <summary>Starts fetching the cache line that holds <paramref name="place"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static unsafe void Line<T>(ref T place)
        {
            if (Sse.IsSupported)
                Sse.Prefetch0(Unsafe.AsPointer(ref place));
        }
    }
}
