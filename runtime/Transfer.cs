using System.Runtime.CompilerServices;

namespace Stackless
{
    /// <summary>
    /// A value in transit, encoded as <see cref="TransferEncoding"/> says: an unmanaged value of up to 8 bytes in
    /// <see cref="bits"/> (a rendezvous does not box), a reference or a boxed struct (or a sent exception) in <see cref="obj"/>.
    /// Kept outside the tasklet (issue 15: every field of a tasklet is in every parked frame): a woken tasklet's in its
    /// scheduler, in the hand-off field or else its slot table beside its run-queue slot (<see cref="ThreadScheduler.TransferAt"/>), a blocked sender's in its
    /// channel's queue beside its place (<see cref="ChannelCore.SentAt"/>), as Go keeps a blocked sender's value in its sudog.
    /// </summary>
    internal struct Transfer
    {
        internal object? obj;
        internal long bits;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void Store<T>(T value)
        {
            if (!RuntimeHelpers.IsReferenceOrContainsReferences<T>() && Unsafe.SizeOf<T>() <= sizeof(long))
            {
                if (Unsafe.SizeOf<T>() < sizeof(long))
                    bits = 0;
                Unsafe.As<long, T>(ref bits) = value;
            }
            else if (!typeof(T).IsValueType)
            {
                obj = Unsafe.As<T, object?>(ref value);
            }
            else
            {
                obj = new StrongBox<T>(value);
            }
        }

        /// <summary>Reads the value and clears the object, so the slot keeps nothing alive.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal T Take<T>()
        {
            if (!RuntimeHelpers.IsReferenceOrContainsReferences<T>() && Unsafe.SizeOf<T>() <= sizeof(long))
                return Unsafe.As<long, T>(ref bits);
            object? o = obj;
            obj = null;
            if (!typeof(T).IsValueType)
                return Unsafe.As<object?, T>(ref o);
            return ((StrongBox<T>)o!).Value!;
        }

        /// <summary>Takes the object (a sent exception, or a value moved as it is) and clears it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal object? TakeObject()
        {
            object? o = obj;
            obj = null;
            return o;
        }
    }
}
