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
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static void Store<T>(T value, out object? obj, out long bits)
        {
            bits = 0;
            obj = null;
            if (!RuntimeHelpers.IsReferenceOrContainsReferences<T>() && Unsafe.SizeOf<T>() <= sizeof(long))
                Unsafe.As<long, T>(ref bits) = value;
            else if (!typeof(T).IsValueType)
                obj = Unsafe.As<T, object?>(ref value);
            else
                obj = new StrongBox<T>(value);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static T Read<T>(object? obj, long bits)
        {
            if (!RuntimeHelpers.IsReferenceOrContainsReferences<T>() && Unsafe.SizeOf<T>() <= sizeof(long))
                return Unsafe.As<long, T>(ref bits);
            if (!typeof(T).IsValueType)
                return Unsafe.As<object?, T>(ref obj);
            return ((StrongBox<T>)obj!).Value!;
        }
    }
}
