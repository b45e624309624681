using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Stackless
{
    /// <summary>
    /// The timers of one scheduler: a 4-ary min-heap of <i>instants</i>, each holding the FIFO queue of the timers
    /// due at it in a chain of 8-timer blocks. The earliest instant fires first, its timers in the order they were
    /// started, so sleepers due together wake in the order they slept.
    /// </summary>
    /// <remarks>
    /// <para>Invariants: heap [0, heapCount) is a heap by due time of live instants, each knowing its heap index; no
    /// two live instants have the same due time (found by a scan of a small heap, else <see cref="byDue"/> maps each due
    /// time to its one live instant), so
    /// the heap needs no tie-break. A timer's id is its position in <see cref="targets"/>; position p is in block
    /// p / 8. An instant's timers are the positions from <c>read</c> to <c>write</c> along its block chain (read in its
    /// first block, write a free position of its last block); a cancelled timer's position is null there and skipped.
    /// <c>live</c> counts the non-null ones and is never 0 for a live instant: the last timer to leave frees the
    /// instant and its blocks. Every position outside a live instant's range is null. Every armed timer's target
    /// knows its id (a sleeping tasklet in <see cref="Tasklet.slot"/> as <see cref="SleepSlot"/>(id); a
    /// <see cref="TimedWake"/> in its <see cref="TimedWake.timerIndex"/>), so a killed sleeper or a cancelled timeout
    /// leaves in O(1) (O(log instants) when it was the last of its instant): nothing stays behind to wake it or keep it
    /// alive.</para>
    /// <para>Why this shape (measured with 1,000,000 sleepers under virtual time and the bank model, docs/benchmarks.md):
    /// a plain heap of timers moved ~10 entries of a 24 MB array per wake (140-520 ns). Timers due together (a
    /// simulation's steps, tasklets started together with equal delays) share an instant, so the heap stays small
    /// enough for the cache. A wake reads the next position of its instant's block (8 timers a cache line, read in
    /// order), so the tasklets to wake are known without a chain of dependent misses (a linked list of timer nodes
    /// had one per wake), and while an instant fires the tasklets of the block two ahead are prefetched
    /// (<see cref="PrefetchAhead"/>): a million sleepers woken in an order unrelated to memory no longer wait for
    /// them one miss at a time. The due-time map is an open-addressing table of
    /// our own (a <c>Dictionary&lt;long, int&gt;</c> was a tenth of the bank model's time, where every due time is
    /// new).</para>
    /// <para>No timer state lives in the tasklet: a timer is an 8-byte place here (+1 byte of block links), only while armed.</para>
    /// </remarks>
    internal sealed class TimerHeap
    {
        private const int BlockShift = 3;
        private const int BlockSize = 1 << BlockShift;
        private const int BlockMask = BlockSize - 1;

        /// <summary>Up to this many instants, the instant of a due time is found by a scan of the heap (two cache lines) instead of a map.</summary>
        private const int SmallHeap = 8;

        /// <summary>The heap of live instants: no references, so moving an entry is a plain copy.</summary>
        private HeapEntry[] heap = new HeapEntry[16];
        private int heapCount;

        /// <summary>Instants by id; a free one chains the free list through <c>read</c>.</summary>
        private Instant[] instants = new Instant[16];
        private int instantCount;
        private int freeInstant = -1;

        /// <summary>By timer id (position): what the timer wakes, a sleeping <see cref="Tasklet"/> or a <see cref="TimedWake"/>.</summary>
        private object?[] targets = new object?[16 * BlockSize];

        /// <summary>By block: the next block of its instant's chain (a free block: the next free block), and its instant.</summary>
        private int[] nextBlock = new int[16];
        private int[] blockInstant = new int[16];
        private int blockCount;
        private int freeBlock = -1;

        /// <summary>Null while the heap has at most <see cref="SmallHeap"/> instants (they are found by a scan of the heap).</summary>
        private DueMap? byDue;
        private int count;

        internal int Count => count;

        /// <summary>The earliest due time (ticks of the scheduler's clock). There must be a timer.</summary>
        internal long MinDue
        {
            get
            {
                Debug.Assert(count > 0);
                return heap[0].due;
            }
        }

        /// <summary>Introspection: the due time of the armed timer <paramref name="id"/>.</summary>
        internal long DueOf(int id)
        {
            Debug.Assert(id >= 0 && id < blockCount * BlockSize && targets[id] != null);
            return instants[blockInstant[id >> BlockShift]].due;
        }

        /// <summary>Introspection: adds what every armed timer wakes (a sleeping <see cref="Tasklet"/> or a <see cref="TimedWake"/>) to <paramref name="into"/>.</summary>
        internal void CollectTargets(List<object> into)
        {
            for (int id = 0; id < blockCount * BlockSize; id++)
                if (targets[id] is object target)
                    into.Add(target);
        }

        /// <summary>The slot value of a tasklet sleeping with timer id <paramref name="id"/>: always ≤ -2 (-1 is "no slot").</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static int SleepSlot(int id) => -2 - id;

        /// <summary>Adds a sleeping tasklet (it holds no other slot: it is neither runnable nor blocked on a channel).</summary>
        internal void AddSleeper(Tasklet t, long due)
        {
            Debug.Assert(t.slot == -1 && t.blockedOn == null);
            t.slot = SleepSlot(Add(due, t));
        }

        /// <summary>Arms <paramref name="w"/>, which is not armed.</summary>
        internal void Add(TimedWake w, long due)
        {
            Debug.Assert(w.timerIndex < 0);
            w.timerIndex = Add(due, w);
        }

        private int Add(long due, object target)
        {
            int b = InstantFor(due);
            ref Instant inst = ref instants[b];
            int id = inst.write;
            Debug.Assert((uint)id < (uint)targets.Length && targets[id] == null);
            // No bounds or array-covariance check: write is a position of an allocated block, and the array is exactly object?[].
            Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(targets), (nint)(uint)id) = target;
            inst.live++;
            if (((id + 1) & BlockMask) != 0)
            {
                inst.write = id + 1;
            }
            else
            {
                // The block is full: chain the next one now, so write always names a free position.
                int next = AllocateBlock(b);
                nextBlock[id >> BlockShift] = next;
                inst.write = next << BlockShift;
            }
            count++;
            return id;
        }

        /// <summary>The live instant of <paramref name="due"/>, created (with one empty block) if there is none.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int InstantFor(long due)
        {
            if (byDue == null)
            {
                // Few instants: look through the heap itself (a few adjacent entries) and keep no map.
                HeapEntry[] a = heap;
                for (int i = 0; i < heapCount; i++)
                {
                    if (At(a, i).due == due)
                        return At(a, i).instant;
                }
                if (heapCount < SmallHeap)
                    return NewInstant(due);
                byDue = MapOfHeap();
            }
            ref DueMap.Entry e = ref byDue.FindOrAdd(due, out bool found);
            if (found)
                return e.instantPlusOne - 1;
            int b = NewInstant(due);
            e.instantPlusOne = b + 1;
            if (byDue.AddedOne())
                byDue = byDue.Grown(); // after the entry is written: the new table gets it
            return b;
        }

        /// <summary>The heap has outgrown a scan: a map of its instants (kept until the heap is empty again).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private DueMap MapOfHeap()
        {
            var map = new DueMap(4 * SmallHeap);
            for (int i = 0; i < heapCount; i++)
            {
                ref DueMap.Entry e = ref map.FindOrAdd(heap[i].due, out bool found);
                Debug.Assert(!found);
                e.instantPlusOne = heap[i].instant + 1;
                map.AddedOne();
            }
            return map;
        }

        private int NewInstant(long due)
        {
            int b = freeInstant;
            if (b >= 0)
            {
                freeInstant = instants[b].read;
            }
            else
            {
                b = instantCount++;
                if (b == instants.Length)
                    Array.Resize(ref instants, b * 2);
            }
            int block = AllocateBlock(b) << BlockShift;
            ref Instant inst = ref instants[b];
            inst.due = due;
            inst.live = 0;
            inst.read = block;
            inst.write = block;
            if (heapCount == heap.Length)
                Array.Resize(ref heap, heapCount * 2);
            SiftUp(heapCount++, new HeapEntry(due, b));
            return b;
        }

        private int AllocateBlock(int instant)
        {
            int k = freeBlock;
            if (k >= 0)
            {
                freeBlock = nextBlock[k];
            }
            else
            {
                k = blockCount++;
                if (k == nextBlock.Length)
                {
                    Array.Resize(ref nextBlock, k * 2);
                    Array.Resize(ref blockInstant, k * 2);
                    Array.Resize(ref targets, k * 2 * BlockSize);
                }
            }
            blockInstant[k] = instant;
            return k;
        }

        /// <summary>The earliest timer, if it is due at <paramref name="now"/>: taken out (its target no longer knows a timer).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal bool TryTakeDue(long now, out object target, out bool isSleeper)
        {
            if (heapCount == 0 || heap[0].due > now)
            {
                target = null!;
                isSleeper = false;
                return false;
            }
            int b = heap[0].instant;
            ref Instant inst = ref instants[b];
            object?[] ts = targets;
            object? x;
            int id;
            do
            {
                id = inst.read;
                x = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(ts), (nint)(uint)id);
                if (((id + 1) & BlockMask) != 0)
                {
                    inst.read = id + 1;
                }
                else
                {
                    // Leaving a block whose timers are all taken: write is past it, so a next block exists.
                    int block = id >> BlockShift;
                    int next = nextBlock[block];
                    inst.read = next << BlockShift;
                    Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(ts), (nint)(uint)id) = null;
                    FreeBlock(block);
                    PrefetchAhead(next, inst.write >> BlockShift);
                }
            }
            while (x == null); // a cancelled timer's place
            Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(ts), (nint)(uint)id) = null; // nothing keeps a woken target alive
            target = x;
            // A type test, which loads the target's header (already fetched by PrefetchAhead when the instant is large).
            // Before the prefetch these loads were what fetched an instant's tasklets in parallel: without them (a flag
            // saying an instant holds sleepers only) 1,000,000 sleepers with spread delays went from 146-158 to 183-194 ns
            // (session 5, docs/benchmarks.md). A parallel array of kinds cost more too (one more stream of writes and reads).
            isSleeper = x is not TimedWake;
            count--;
            if (--inst.live == 0)
                FreeInstant(b);
            if (isSleeper)
                Unsafe.As<Tasklet>(x).slot = -1;
            else
                Unsafe.As<TimedWake>(x).timerIndex = -1;
            return true;
        }

        /// <summary>
        /// An instant's timers are being taken and its read position just entered block <paramref name="b1"/>: start
        /// fetching the targets of the block two further on (taken 9-16 wakes from now: about a memory latency, at the
        /// pace an instant fires) and the chain's links and positions one block beyond that, so that when they are
        /// reached neither the scattered tasklets nor the chain of blocks is a miss. The links followed here were
        /// fetched that way at the previous blocks.
        /// </summary>
        /// <remarks>
        /// Why: a million sleepers with spread delays wake in an order unrelated to memory, and each woken tasklet (two
        /// cache lines) was a miss of its own, overlapped only as far as the processor's reorder window reached; the
        /// prefetches retire at once, so a block's sixteen lines are fetched together. 1,000,000 sleepers with spread
        /// delays: ~130 → ~70 ns a sleep + wake (session 6, docs/benchmarks.md; one line per tasklet instead of two:
        /// ~110). The first two blocks of an instant are not fetched ahead; an instant of one block does nothing here.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void PrefetchAhead(int b1, int last)
        {
            // The reads below are unchecked (Unsafe.Add): every link followed is of a block before `last` in b1's chain,
            // so it and the block it names are blocks of that instant (the chain's invariant, asserted at each step).
            Debug.Assert(IsBlockOfInstant(b1, blockInstant[last]) && IsBlockOfInstant(last, blockInstant[b1]));
            if (b1 == last)
                return;
            ref int links = ref MemoryMarshal.GetArrayDataReference(nextBlock);
            int b2 = Unsafe.Add(ref links, (nint)(uint)b1);
            Debug.Assert(IsBlockOfInstant(b2, blockInstant[b1]));
            if (b2 == last)
                return;
            int b3 = Unsafe.Add(ref links, (nint)(uint)b2);
            Debug.Assert(IsBlockOfInstant(b3, blockInstant[b1]));
            ref object? first = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(targets), (nint)(uint)(b3 << BlockShift));
            for (int i = 0; i < BlockSize; i++)
                CachePrefetch.ObjectAt(ref Unsafe.Add(ref first, i));
            if (b3 == last)
                return;
            int b4 = Unsafe.Add(ref links, (nint)(uint)b3);
            Debug.Assert(IsBlockOfInstant(b4, blockInstant[b1]));
            CachePrefetch.Line(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(targets), (nint)(uint)(b4 << BlockShift)));
            CachePrefetch.Line(ref Unsafe.Add(ref links, (nint)(uint)b4));
        }

        /// <summary>
        /// Debug: <paramref name="b"/> is an allocated block (its links and its eight target places are inside the arrays)
        /// that belongs to <paramref name="instant"/>, a live instant (<see cref="PrefetchAhead"/>'s unchecked reads rely on it).
        /// </summary>
        private bool IsBlockOfInstant(int b, int instant) =>
            (uint)b < (uint)blockCount && blockCount <= nextBlock.Length && targets.Length == nextBlock.Length * BlockSize
            && blockInstant[b] == instant && (uint)instant < (uint)instantCount && instants[instant].live > 0;

        /// <summary>For exploration: how many timers the earliest instant holds. There must be a timer.</summary>
        internal int CountAtMin()
        {
            Debug.Assert(count > 0);
            return instants[heap[0].instant].live;
        }

        /// <summary>For exploration: takes out timer <paramref name="k"/> (from 0, in start order) of the earliest instant, as <see cref="TryTakeDue"/> takes the first.</summary>
        internal void TakeAtMin(int k, out object target, out bool isSleeper)
        {
            ref Instant inst = ref instants[heap[0].instant];
            Debug.Assert(k >= 0 && k < inst.live);
            int id = inst.read;
            while (true)
            {
                if (targets[id] != null && k-- == 0)
                    break;
                id = ((id + 1) & BlockMask) != 0 ? id + 1 : nextBlock[id >> BlockShift] << BlockShift;
            }
            target = targets[id]!;
            isSleeper = target is not TimedWake;
            Remove(id); // its place stays null and is skipped when the instant fires
            if (isSleeper)
                Unsafe.As<Tasklet>(target).slot = -1;
            else
                Unsafe.As<TimedWake>(target).timerIndex = -1;
        }

        /// <summary>Takes a sleeping tasklet's timer out (it was killed, or thrown into).</summary>
        internal void RemoveSleeper(Tasklet t)
        {
            int id = -2 - t.slot;
            Debug.Assert(id >= 0 && id < blockCount * BlockSize && targets[id] == t);
            Remove(id);
            t.slot = -1;
        }

        /// <summary>Cancels <paramref name="w"/>'s timer.</summary>
        internal void Remove(TimedWake w)
        {
            int id = w.timerIndex;
            Debug.Assert(id >= 0 && id < blockCount * BlockSize && targets[id] == w);
            Remove(id);
            w.timerIndex = -1;
        }

        /// <summary>Leaves the timer's place null (it is skipped when its instant fires) or frees the instant if it was its last.</summary>
        private void Remove(int id)
        {
            targets[id] = null; // nothing keeps a killed or cancelled target alive
            count--;
            int b = blockInstant[id >> BlockShift];
            if (--instants[b].live == 0)
                FreeInstant(b);
        }

        /// <summary>The instant's last timer left: its blocks (all null now) are freed, it leaves the heap and the map.</summary>
        private void FreeInstant(int b)
        {
            ref Instant inst = ref instants[b];
            int block = inst.read >> BlockShift;
            int last = inst.write >> BlockShift;
            while (true)
            {
                int next = nextBlock[block];
                Debug.Assert(BlockIsEmpty(block), "a freed block holds no target");
                FreeBlock(block);
                if (block == last)
                    break;
                block = next;
            }
            RemoveHeapAt(inst.heapIndex);
            if (byDue != null)
            {
                if (heapCount == 0)
                    byDue = null; // empty: scan again until the heap outgrows it
                else
                    byDue.Remove(inst.due);
            }
            inst.heapIndex = -1;
            inst.read = freeInstant;
            freeInstant = b;
            if (count == 0 && blockCount > 4096)
            {
                // After a peak (a million sleepers woken) every block is free: give the memory back.
                heap = new HeapEntry[16];
                instants = new Instant[16];
                targets = new object?[16 * BlockSize];
                nextBlock = new int[16];
                blockInstant = new int[16];
                instantCount = blockCount = 0;
                freeInstant = freeBlock = -1;
            }
        }

        private bool BlockIsEmpty(int block)
        {
            for (int i = 0; i < BlockSize; i++)
                if (targets[(block << BlockShift) + i] != null)
                    return false;
            return true;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void FreeBlock(int block)
        {
            nextBlock[block] = freeBlock;
            freeBlock = block;
        }

        private void RemoveHeapAt(int i)
        {
            int last = --heapCount;
            if (i == last)
                return;
            HeapEntry moved = heap[last];
            if (i > 0 && moved.due < heap[(i - 1) >> 2].due)
                SiftUp(i, moved);
            else
                SiftDown(i, moved);
        }

        /// <summary>Moves the hole at <paramref name="i"/> up until <paramref name="e"/> fits, and puts it there.</summary>
        private void SiftUp(int i, HeapEntry e)
        {
            HeapEntry[] a = heap;
            while (i > 0)
            {
                int parent = (i - 1) >> 2;
                ref HeapEntry p = ref At(a, parent);
                if (e.due >= p.due)
                    break;
                Place(a, i, p);
                i = parent;
            }
            Place(a, i, e);
        }

        /// <summary>Moves the hole at <paramref name="i"/> down until <paramref name="e"/> fits, and puts it there.</summary>
        private void SiftDown(int i, HeapEntry e)
        {
            HeapEntry[] a = heap;
            int n = heapCount;
            while (true)
            {
                int first = (i << 2) + 1;
                int min;
                if (first + 3 < n)
                {
                    // Four children, adjacent in memory: a branch-free tournament (random keys make every branch a
                    // coin toss; mispredictions were most of a pop's cost).
                    int left = At(a, first + 1).due < At(a, first).due ? first + 1 : first;
                    int right = At(a, first + 3).due < At(a, first + 2).due ? first + 3 : first + 2;
                    min = At(a, right).due < At(a, left).due ? right : left;
                }
                else
                {
                    if (first >= n)
                        break;
                    min = first;
                    for (int c = first + 1; c < n; c++)
                    {
                        if (At(a, c).due < At(a, min).due)
                            min = c;
                    }
                }
                ref HeapEntry m = ref At(a, min);
                if (m.due >= e.due)
                    break;
                Place(a, i, m);
                i = min;
            }
            Place(a, i, e);
        }

        /// <summary>Stores <paramref name="e"/> at <paramref name="i"/> and tells its instant (in the small, dense instant table).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Place(HeapEntry[] a, int i, in HeapEntry e)
        {
            At(a, i) = e;
            Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(instants), (nint)(uint)e.instant).heapIndex = i;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ref HeapEntry At(HeapEntry[] a, int i) =>
            ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(a), (nint)(uint)i);

        private readonly struct HeapEntry
        {
            internal readonly long due;
            internal readonly int instant;

            internal HeapEntry(long due, int instant)
            {
                this.due = due;
                this.instant = instant;
            }
        }

        /// <summary>A due time with timers: the positions of its queue (see the invariants), how many are live, its place in the heap.</summary>
        private struct Instant
        {
            internal long due;
            internal int read;
            internal int write;
            internal int live;
            internal int heapIndex;
        }
    }
}
