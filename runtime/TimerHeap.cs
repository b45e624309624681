using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Stackless
{
    /// <summary>
    /// The timers of one scheduler: a 4-ary min-heap of <i>instants</i>, each holding the FIFO list of the timers
    /// due at it. The earliest instant fires first, its timers in the order they were started, so sleepers due
    /// together wake in the order they slept.
    /// </summary>
    /// <remarks>
    /// <para>Invariants: heap [0, heapCount) is a heap by (due, seq) of live instants, and each instant knows its heap
    /// index. An instant's list is never empty: the last timer to leave takes the instant out. Every armed timer has
    /// an id; its target knows the id (a sleeping tasklet in <see cref="Tasklet.slot"/> as <see cref="SleepSlot"/>(id);
    /// a <see cref="TimedWake"/> in its <see cref="TimedWake.timerIndex"/>), so a killed sleeper or a cancelled
    /// timeout leaves in O(1) (O(log instants) when it was the last of its instant), and nothing stays behind to wake
    /// it or keep it alive. <see cref="byDue"/> maps each due time to its one live instant.</para>
    /// <para>Why this shape (measured with 1,000,000 sleepers under virtual time, docs/benchmarks.md): a plain heap of
    /// timers moved ~10 entries of a 24 MB array per wake and cost 140-520 ns (binary or 4-ary); here many timers
    /// share an instant (a simulation's clock ticks in steps; tasklets started together with equal delays), the heap
    /// stays small enough for the cache, and a wake is a list pop. With all-distinct due times (real time) it is a
    /// heap of timers again, plus one hash lookup per start. 4-ary: half the levels of a binary heap, the
    /// four children adjacent in memory, chosen without branches.</para>
    /// <para>No timer state lives in the tasklet: a timer is a 24-byte node here, only while armed.</para>
    /// </remarks>
    internal sealed class TimerHeap
    {
        private const int RecentSize = 256;

        /// <summary>The heap of live instants: no references, so moving an entry is a plain copy.</summary>
        private HeapEntry[] heap = new HeapEntry[16];
        private int heapCount;
        private long nextSeq;

        /// <summary>Instants by id; a free one has heapIndex -1 and chains the free list through <c>first</c>.</summary>
        private Instant[] instants = new Instant[16];
        private int instantCount;
        private int freeInstant = -1;

        /// <summary>Timers by id; a free one chains the free list through <c>next</c> (and has no target).</summary>
        private Node[] nodes = new Node[16];
        private int nodeCount;
        private int freeNode = -1;
        private int count;

        /// <summary>The live instant of each due time (so timers due together always share one).</summary>
        private readonly Dictionary<long, int> byDue = new Dictionary<long, int>();

        /// <summary>A small cache in front of <see cref="byDue"/>, by a hash of the due time: timers started together with equal delays skip the lookup.</summary>
        private readonly Recent[] recent = new Recent[RecentSize];

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
            Debug.Assert(id >= 0 && id < nodeCount && nodes[id].target != null);
            return instants[nodes[id].instant].due;
        }

        /// <summary>Introspection: adds what every armed timer wakes (a sleeping <see cref="Tasklet"/> or a <see cref="TimedWake"/>) to <paramref name="into"/>.</summary>
        internal void CollectTargets(List<object> into)
        {
            for (int id = 0; id < nodeCount; id++)
                if (nodes[id].target is object target)
                    into.Add(target);
        }

        /// <summary>The slot value of a tasklet sleeping with timer id <paramref name="id"/>: always ≤ -2 (-1 is "no slot").</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static int SleepSlot(int id) => -2 - id;

        /// <summary>Adds a sleeping tasklet (it holds no other slot: it is neither runnable nor blocked on a channel).</summary>
        internal void AddSleeper(Tasklet t, long due)
        {
            Debug.Assert(t.slot == -1 && t.blockedOn == null);
            t.slot = SleepSlot(Add(due, t, isWake: false));
        }

        /// <summary>Arms <paramref name="w"/>, which is not armed.</summary>
        internal void Add(TimedWake w, long due)
        {
            Debug.Assert(w.timerIndex < 0);
            w.timerIndex = Add(due, w, isWake: true);
        }

        private int Add(long due, object target, bool isWake)
        {
            int id = freeNode;
            if (id >= 0)
            {
                freeNode = nodes[id].next;
            }
            else
            {
                id = nodeCount++;
                if (id == nodes.Length)
                    Array.Resize(ref nodes, id * 2);
            }
            int b = InstantFor(due);
            ref Instant inst = ref instants[b];
            ref Node n = ref nodes[id];
            n.target = target;
            n.instant = b;
            n.isWake = isWake;
            n.next = -1;
            n.prev = inst.last;
            if (inst.last >= 0)
                nodes[inst.last].next = id;
            else
                inst.first = id;
            inst.last = id;
            count++;
            return id;
        }

        /// <summary>The live instant timers due at <paramref name="due"/> join: the one last created for it, or a new one.</summary>
        private int InstantFor(long due)
        {
            ref Recent r = ref recent[(int)((ulong)(due * -7046029254386353131L) >> 56)]; // Fibonacci hashing: top 8 bits
            int b = r.instantPlusOne - 1;
            if (b >= 0 && r.due == due && instants[b].heapIndex >= 0 && instants[b].due == due)
                return b;
            if (byDue.TryGetValue(due, out b))
            {
                r.due = due;
                r.instantPlusOne = b + 1;
                return b;
            }
            b = freeInstant;
            if (b >= 0)
            {
                freeInstant = instants[b].first;
            }
            else
            {
                b = instantCount++;
                if (b == instants.Length)
                    Array.Resize(ref instants, b * 2);
            }
            ref Instant inst = ref instants[b];
            inst.due = due;
            inst.first = -1;
            inst.last = -1;
            r.due = due;
            r.instantPlusOne = b + 1;
            byDue.Add(due, b);
            if (heapCount == heap.Length)
                Array.Resize(ref heap, heapCount * 2);
            SiftUp(heapCount++, new HeapEntry(due, nextSeq++, b));
            return b;
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
            int id = instants[heap[0].instant].first;
            ref Node n = ref nodes[id];
            target = n.target!;
            isSleeper = !n.isWake;
            RemoveNode(id);
            if (isSleeper)
                Unsafe.As<Tasklet>(target).slot = -1;
            else
                Unsafe.As<TimedWake>(target).timerIndex = -1;
            return true;
        }

        /// <summary>For exploration: how many timers the earliest instant holds. There must be a timer.</summary>
        internal int CountAtMin()
        {
            Debug.Assert(count > 0);
            int n = 0;
            for (int id = instants[heap[0].instant].first; id >= 0; id = nodes[id].next)
                n++;
            return n;
        }

        /// <summary>For exploration: takes out timer <paramref name="k"/> (from 0, in start order) of the earliest instant, as <see cref="TryTakeDue"/> takes the first.</summary>
        internal void TakeAtMin(int k, out object target, out bool isSleeper)
        {
            int id = instants[heap[0].instant].first;
            for (; k > 0; k--)
                id = nodes[id].next;
            ref Node n = ref nodes[id];
            target = n.target!;
            isSleeper = !n.isWake;
            RemoveNode(id);
            if (isSleeper)
                Unsafe.As<Tasklet>(target).slot = -1;
            else
                Unsafe.As<TimedWake>(target).timerIndex = -1;
        }

        /// <summary>Takes a sleeping tasklet's timer out (it was killed, or thrown into).</summary>
        internal void RemoveSleeper(Tasklet t)
        {
            int id = -2 - t.slot;
            Debug.Assert(id >= 0 && id < nodeCount && nodes[id].target == t);
            RemoveNode(id);
            t.slot = -1;
        }

        /// <summary>Cancels <paramref name="w"/>'s timer.</summary>
        internal void Remove(TimedWake w)
        {
            int id = w.timerIndex;
            Debug.Assert(id >= 0 && id < nodeCount && nodes[id].target == w);
            RemoveNode(id);
            w.timerIndex = -1;
        }

        private void RemoveNode(int id)
        {
            ref Node n = ref nodes[id];
            int b = n.instant;
            ref Instant inst = ref instants[b];
            if (inst.first == id)
            {
                // The first node's prev is never read, so popping the first (a wake) leaves the next node untouched.
                inst.first = n.next;
                if (n.next < 0)
                    inst.last = -1;
            }
            else
            {
                nodes[n.prev].next = n.next;
                if (n.next >= 0)
                    nodes[n.next].prev = n.prev;
                else
                    inst.last = n.prev;
            }
            n.target = null; // nothing keeps a woken, killed or cancelled target alive
            n.next = freeNode;
            freeNode = id;
            count--;
            if (inst.first < 0)
            {
                // The instant's last timer left: the instant leaves the heap.
                RemoveHeapAt(inst.heapIndex);
                byDue.Remove(inst.due);
                inst.heapIndex = -1;
                inst.first = freeInstant;
                freeInstant = b;
            }
            if (count == 0 && nodes.Length > 4096)
            {
                // After a peak (a million sleepers woken) every id is free: give the memory back.
                heap = new HeapEntry[16];
                instants = new Instant[16];
                nodes = new Node[16];
                instantCount = nodeCount = 0;
                freeInstant = freeNode = -1;
                Array.Clear(recent);
                byDue.TrimExcess();
            }
        }

        private void RemoveHeapAt(int i)
        {
            int last = --heapCount;
            if (i == last)
                return;
            HeapEntry moved = heap[last];
            if (i > 0 && Less(moved, heap[(i - 1) >> 2]))
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
                if (!Less(e, p))
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
                    int left = Less(At(a, first + 1), At(a, first)) ? first + 1 : first;
                    int right = Less(At(a, first + 3), At(a, first + 2)) ? first + 3 : first + 2;
                    min = Less(At(a, right), At(a, left)) ? right : left;
                }
                else
                {
                    if (first >= n)
                        break;
                    min = first;
                    for (int c = first + 1; c < n; c++)
                    {
                        if (Less(At(a, c), At(a, min)))
                            min = c;
                    }
                }
                ref HeapEntry m = ref At(a, min);
                if (!Less(m, e))
                    break;
                Place(a, i, m);
                i = min;
            }
            Place(a, i, e);
        }

        /// <summary>
        /// (due, seq) before (due', seq'), without a branch: due − due' − (seq &lt; seq' ? 1 : 0) is negative exactly
        /// then (dues are in [0, long.MaxValue], so the difference cannot overflow).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool Less(in HeapEntry x, in HeapEntry y) => x.due - y.due - (x.seq < y.seq ? 1L : 0L) < 0;

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
            internal readonly long seq;
            internal readonly int instant;

            internal HeapEntry(long due, long seq, int instant)
            {
                this.due = due;
                this.seq = seq;
                this.instant = instant;
            }
        }

        /// <summary>A due time with timers: the FIFO list of them (by timer id) and its place in the heap.</summary>
        private struct Instant
        {
            internal long due;
            internal int first;
            internal int last;
            internal int heapIndex;
        }

        /// <summary>A timer: what it wakes, its neighbours in its instant's list (prev is stale for the first), its instant.</summary>
        private struct Node
        {
            internal object? target;
            internal int next;
            internal int prev;
            internal int instant;
            internal bool isWake;
        }

        private struct Recent
        {
            internal long due;
            internal int instantPlusOne;
        }
    }
}
