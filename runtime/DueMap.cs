using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Stackless
{
    /// <summary>
    /// The timer heap's map from a due time to its live instant: open addressing, linear probing, deletion by
    /// backward shift (no tombstones), at most half full.
    /// </summary>
    /// <remarks>
    /// Invariants: the table's length is a power of two; an entry is empty exactly when <c>instantPlusOne</c> is 0
    /// (so a new table is empty); every key is found by probing forward from its hash without crossing an empty entry.
    /// Due times are never negative. Why not <c>Dictionary&lt;long, int&gt;</c>: in the bank model every timer has a
    /// new due time, so each costs an add and a remove, and those were a tenth of the run; here each is a multiply, a
    /// shift and (almost always) one probe of a table that stays in the cache.
    /// </remarks>
    internal sealed class DueMap
    {
        private readonly Entry[] entries;
        private readonly int shift;
        private int count;

        internal DueMap(int capacity)
        {
            Debug.Assert(capacity >= 4 && (capacity & (capacity - 1)) == 0);
            entries = new Entry[capacity];
            shift = 64 - BitOperations.Log2((uint)capacity);
        }

        internal int Count => count;

        /// <summary>
        /// The entry of <paramref name="due"/>: found, or a new one with the key set, for the caller to fill in and then
        /// call <see cref="AddedOne"/>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal ref Entry FindOrAdd(long due, out bool found)
        {
            Entry[] a = entries;
            int mask = a.Length - 1;
            int i = Home(due);
            while (true)
            {
                ref Entry e = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(a), (nint)(uint)i);
                if (e.instantPlusOne == 0)
                {
                    e.due = due;
                    found = false;
                    return ref e;
                }
                if (e.due == due)
                {
                    found = true;
                    return ref e;
                }
                i = (i + 1) & mask;
            }
        }

        /// <summary>Counts the entry just added; true if the table is now over half full and must be <see cref="Grown"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal bool AddedOne() => ++count > entries.Length >> 1;

        /// <summary>A table twice the size with the same entries.</summary>
        internal DueMap Grown()
        {
            var bigger = new DueMap(entries.Length * 2);
            foreach (Entry e in entries)
            {
                if (e.instantPlusOne == 0)
                    continue;
                ref Entry n = ref bigger.FindOrAdd(e.due, out bool found);
                Debug.Assert(!found);
                n.instantPlusOne = e.instantPlusOne;
                bigger.count++;
            }
            return bigger;
        }

        /// <summary>Removes <paramref name="due"/>, which is present; later entries of its probe run move back into the gap.</summary>
        internal void Remove(long due)
        {
            ref Entry a0 = ref MemoryMarshal.GetArrayDataReference(entries);
            int mask = entries.Length - 1;
            int i = Home(due);
            while (Unsafe.Add(ref a0, (nint)(uint)i).due != due || Unsafe.Add(ref a0, (nint)(uint)i).instantPlusOne == 0)
            {
                Debug.Assert(Unsafe.Add(ref a0, (nint)(uint)i).instantPlusOne != 0, "the due time is in the map");
                i = (i + 1) & mask;
            }
            count--;
            int j = i;
            while (true)
            {
                j = (j + 1) & mask;
                ref Entry ej = ref Unsafe.Add(ref a0, (nint)(uint)j);
                if (ej.instantPlusOne == 0)
                    break;
                // The entry at j may fill the gap at i if its home is not in (i, j] (cyclically): it stays findable.
                if (((j - Home(ej.due)) & mask) >= ((j - i) & mask))
                {
                    Unsafe.Add(ref a0, (nint)(uint)i) = ej;
                    i = j;
                }
            }
            Unsafe.Add(ref a0, (nint)(uint)i) = default;
        }

        /// <summary>Fibonacci hashing: the top bits of due × 2⁶⁴/φ (due times are often multiples of a round step).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int Home(long due) => (int)((ulong)(due * -7046029254386353131L) >> shift);

        internal struct Entry
        {
            internal long due;
            internal int instantPlusOne;
        }
    }
}
