using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Stackless
{
    /// <summary>
    /// The timers of one scheduler: a 4-ary min-heap of (due, order, target), smallest due first and, among
    /// equal dues, the one started first (so sleepers due together wake in the order they slept).
    /// </summary>
    /// <remarks>
    /// Invariants: entries [0, count) form a heap by (due, order); every entry's target knows its index
    /// (a sleeping tasklet in <see cref="Tasklet.slot"/> as <see cref="SleepSlot"/>(i); a <see cref="TimedWake"/> in
    /// its <see cref="TimedWake.timerIndex"/>), so a killed sleeper or a cancelled timeout leaves in O(log n)
    /// and nothing stays behind to wake it or keep it alive.
    /// Why a 4-ary heap (measured with 1,000,000 sleepers, docs/benchmarks.md): half the levels of a binary heap,
    /// and the four children of a node share one or two cache lines, so popping the earliest timer touches
    /// fewer lines. A timing wheel would be O(1) but needs a sorted pass per slot to keep the wake order and
    /// a scan to find the next due timer when virtual time jumps; the heap gives both for free.
    /// The heap holds no timer state in the tasklet: an entry is 24 bytes in this array, only while it sleeps.
    /// </remarks>
    internal sealed class TimerHeap
    {
        /// <summary>log2 of the arity: 2 gives a 4-ary heap (1 a binary one, measured against it).</summary>
        private const int ArityShift = 2;

        private Entry[] entries = new Entry[16];
        private int count;

        /// <summary>Increases with every timer started; bit 0 of <see cref="Entry.order"/> tells a sleeper (0) from a <see cref="TimedWake"/> (1).</summary>
        private long nextOrder;

        internal int Count => count;

        /// <summary>The earliest due time (ticks of the scheduler's clock). There must be a timer.</summary>
        internal long MinDue
        {
            get
            {
                Debug.Assert(count > 0);
                return entries[0].due;
            }
        }

        /// <summary>The slot value of a sleeping tasklet at heap index <paramref name="index"/>: always ≤ -2 (-1 is "no slot").</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static int SleepSlot(int index) => -2 - index;

        /// <summary>Adds a sleeping tasklet (it holds no other slot: it is neither runnable nor blocked on a channel).</summary>
        internal void AddSleeper(Tasklet t, long due)
        {
            Debug.Assert(t.slot == -1 && t.blockedOn == null);
            long order = nextOrder;
            nextOrder = order + 2;
            Add(due, order, t);
        }

        /// <summary>Arms <paramref name="w"/>, which is not armed.</summary>
        internal void Add(TimedWake w, long due)
        {
            Debug.Assert(w.timerIndex < 0);
            long order = nextOrder | 1;
            nextOrder += 2;
            Add(due, order, w);
        }

        private void Add(long due, long order, object target)
        {
            if (count == entries.Length)
                Array.Resize(ref entries, count * 2);
            int i = count++;
            SiftUp(i, new Entry(due, order, target));
        }

        /// <summary>The earliest timer, if it is due at <paramref name="now"/>: taken out of the heap.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal bool TryTakeDue(long now, out object target, out bool isSleeper)
        {
            if (count == 0 || entries[0].due > now)
            {
                target = null!;
                isSleeper = false;
                return false;
            }
            ref Entry e = ref entries[0];
            target = e.target;
            isSleeper = (e.order & 1) == 0;
            RemoveAt(0);
            return true;
        }

        /// <summary>Takes a sleeping tasklet's timer out (it was killed, or thrown into).</summary>
        internal void RemoveSleeper(Tasklet t)
        {
            int i = -2 - t.slot;
            Debug.Assert(i >= 0 && i < count && entries[i].target == t);
            RemoveAt(i);
        }

        /// <summary>Cancels <paramref name="w"/>'s timer.</summary>
        internal void Remove(TimedWake w)
        {
            int i = w.timerIndex;
            Debug.Assert(i >= 0 && i < count && entries[i].target == w);
            RemoveAt(i);
        }

        private void RemoveAt(int i)
        {
            ClearIndex(entries[i]);
            int last = --count;
            Entry moved = entries[last];
            entries[last] = default; // no reference left behind
            if (i == last)
            {
                ShrinkIfSparse();
                return;
            }
            if (i > 0 && Less(moved, entries[(i - 1) >> ArityShift]))
                SiftUp(i, moved);
            else
                SiftDown(i, moved);
            ShrinkIfSparse();
        }

        /// <summary>After a peak (a million sleepers woken), give the memory back.</summary>
        private void ShrinkIfSparse()
        {
            if (entries.Length > 4096 && count < entries.Length >> 3)
                Array.Resize(ref entries, entries.Length >> 1);
        }

        /// <summary>Moves the hole at <paramref name="i"/> up until <paramref name="e"/> fits, and puts it there.</summary>
        private void SiftUp(int i, Entry e)
        {
            Entry[] a = entries;
            while (i > 0)
            {
                int parent = (i - 1) >> ArityShift;
                ref Entry p = ref At(a, parent);
                if (!Less(e, p))
                    break;
                Place(a, i, p);
                i = parent;
            }
            Place(a, i, e);
        }

        /// <summary>Moves the hole at <paramref name="i"/> down until <paramref name="e"/> fits, and puts it there.</summary>
        private void SiftDown(int i, Entry e)
        {
            Entry[] a = entries;
            int n = count;
            while (true)
            {
                int first = (i << ArityShift) + 1;
                if (first >= n)
                    break;
                // The smallest of the children (adjacent in memory).
                int min = first;
                int end = Math.Min(first + (1 << ArityShift), n);
                for (int c = first + 1; c < end; c++)
                {
                    if (Less(At(a, c), At(a, min)))
                        min = c;
                }
                ref Entry m = ref At(a, min);
                if (!Less(m, e))
                    break;
                Place(a, i, m);
                i = min;
            }
            Place(a, i, e);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool Less(in Entry x, in Entry y) => x.due < y.due || (x.due == y.due && x.order < y.order);

        /// <summary>Stores <paramref name="e"/> at <paramref name="i"/> and tells its target where it is.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Place(Entry[] a, int i, in Entry e)
        {
            At(a, i) = e;
            if ((e.order & 1) == 0)
                Unsafe.As<Tasklet>(e.target).slot = SleepSlot(i);
            else
                Unsafe.As<TimedWake>(e.target).timerIndex = i;
        }

        private static void ClearIndex(in Entry e)
        {
            if ((e.order & 1) == 0)
                Unsafe.As<Tasklet>(e.target).slot = -1;
            else
                Unsafe.As<TimedWake>(e.target).timerIndex = -1;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ref Entry At(Entry[] a, int i) =>
            ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(a), (nint)(uint)i);

        private readonly struct Entry
        {
            internal readonly long due;
            internal readonly long order;
            internal readonly object target;

            internal Entry(long due, long order, object target)
            {
                this.due = due;
                this.order = order;
                this.target = target;
            }
        }
    }
}
