using System.Runtime.CompilerServices;

namespace Stackless
{
    /// <summary>
    /// How a value of T sits in a transfer slot (an object and 8 bytes), the encoding of <see cref="Transfer.Store{T}"/>:
    /// an unmanaged value of up to 8 bytes in the bits, a reference in the object, a larger struct boxed. A select stores
    /// its send values and its received value so, which lets a channel copy them to and from tasklets without knowing T.
    /// </summary>
    internal static class TransferEncoding
    {
        // The rule itself is Transfer's (the rendezvous path's): a select's two fields are a Transfer taken apart.

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static void Store<T>(T value, out object? obj, out long bits)
        {
            var transfer = default(Transfer);
            transfer.Store(value);
            obj = transfer.obj;
            bits = transfer.bits;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static T Read<T>(object? obj, long bits) => new Transfer { obj = obj, bits = bits }.Take<T>();
    }
}
