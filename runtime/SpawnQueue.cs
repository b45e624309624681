using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Stackless
{
    /// <summary>
    /// Tasklets spawned (or woken with nothing in transit: by a close, by a timer) while the slot table is full (and as large
    /// as it may be below the large object heap), waiting in order for a slot: one hidden member of the run
    /// queue's ring stands for all of them, at the place where the first of them would be. Its turn gives the first one
    /// a slot right before itself and makes it the head, so the run queue's order is exactly that of plain appends.
    /// </summary>
    /// <remarks>
    /// Why: spawning a million tasklets in a row held a million slots (every spawned tasklet is runnable until it first
    /// runs), so the table doubled up to 16 MB on the large object heap, 33 MB of large objects in all, each over the
    /// budget a full collection that marked every live tasklet again. Here they wait in 32 KB segments instead, and a
    /// tasklet that runs and parks frees its slot for the next one: the table stays as small as the tasklets that run.
    /// Invariants: a queued tasklet's <see cref="Tasklet.slot"/> is <see cref="Queued"/> + its position (so it counts as
    /// in the run queue, and in <see cref="ThreadScheduler.runCount"/>); the queue is in the ring exactly while it holds a
    /// live tasklet (<see cref="count"/> &gt; 0); it is never the current tasklet to anyone and not counted in RunCount.
    /// A spawn joins it only while it is the last member of the ring (else the spawn is a plain append).
    /// The <see cref="spare"/> segment, when there is one, is all null and in no place of <see cref="segments"/>.
    /// Places are a struct (<see cref="Place"/>), not <c>Tasklet?[]</c>: a store to an array of a class that is not sealed
    /// is type-checked (covariance), and so is taking a reference to its element; a struct array's are not.
    /// </remarks>
    internal sealed class SpawnQueue : Tasklet
    {
        /// <summary>A queued tasklet's slot is this + its position; real slots are far below (a table of 2^30 slots is 16 GB).</summary>
        internal const int Queued = 1 << 30;

        private const int SegmentShift = 12;
        private const int SegmentLength = 1 << SegmentShift; // 32 KB of references: below the large object heap
        private const int SegmentMask = SegmentLength - 1;

        /// <summary>One place of a segment: a queued tasklet, or null (a hole, or not filled yet).</summary>
        private struct Place
        {
            internal Tasklet? tasklet;
        }

        /// <summary>By position &gt;&gt; <see cref="SegmentShift"/>; the segments before <see cref="first"/>'s are dropped (null).</summary>
        private Place[]?[] segments = new Place[]?[4];

        /// <summary>
        /// One used-up segment (all null) kept for the next one needed, so rounds of a few thousand spawns do not allocate
        /// 32 KB of places each time (as <see cref="ChannelCore"/>'s spare segment).
        /// </summary>
        private Place[]? spare;

        /// <summary>Positions: the next to take, and the next to fill. Both go back to 0 whenever the queue empties.</summary>
        private int first, end;

        /// <summary>Live queued tasklets (positions between <see cref="first"/> and <see cref="end"/> that are not holes).</summary>
        internal int count;

        internal SpawnQueue(ThreadScheduler scheduler)
        {
            this.scheduler = scheduler;
            link = this;
            status = TaskletStatus.Alive;
            id = -1;
        }

        protected internal override void MoveNext() => scheduler!.SpawnQueueTurn();

        public override string ToString() => "spawn queue";

        /// <summary>True when no more positions are left (a billion spawns before the queue ever emptied).</summary>
        internal bool IsFull => end == Queued - 1;

        /// <summary>Queues <paramref name="t"/> last. Inlined: the segment is there but at every <see cref="SegmentLength"/>th spawn.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void Add(Tasklet t)
        {
            int p = end;
            Place[]?[] dir = segments;
            int k = p >> SegmentShift;
            Place[]? segment = (uint)k < (uint)dir.Length ? dir[k] : null;
            if (segment == null)
                segment = AddSegment(p);
            segment[p & SegmentMask].tasklet = t;
            end = p + 1;
            t.slot = Queued + p;
            count++;
            Debug.Assert(count <= end - first && segments[p >> SegmentShift]![p & SegmentMask].tasklet == t);
        }

        /// <summary>The segment for position <paramref name="p"/>, its first: made (the directory grown if it must be).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private Place[] AddSegment(int p)
        {
            int k = p >> SegmentShift;
            if (k == segments.Length)
                Array.Resize(ref segments, segments.Length * 2);
            Place[] segment = spare ?? new Place[SegmentLength];
            spare = null;
            Debug.Assert(Array.TrueForAll(segment, place => place.tasklet == null));
            return segments[k] = segment;
        }

        /// <summary>Takes the first live tasklet (there is one: <see cref="count"/> &gt; 0), skipping holes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // as ThreadScheduler.SpawnQueueTurn, its caller
        internal Tasklet TakeFirst()
        {
            Debug.Assert(count > 0);
            Tasklet? t;
            do
            {
                int p = first++;
                ref Place[]? segment = ref segments[p >> SegmentShift];
                ref Place place = ref segment![p & SegmentMask];
                t = place.tasklet;
                place.tasklet = null;
                if ((first & SegmentMask) == 0)
                {
                    spare = segment; // used up: every place of it is null now
                    segment = null;
                }
            }
            while (t == null);
            t.slot = -1;
            if (--count == 0)
                Empty();
            Debug.Assert(count >= 0 && first <= end);
            return t;
        }

        /// <summary>Takes <paramref name="t"/>, a queued tasklet, out of the queue (it was run, killed or removed): its place becomes a hole.</summary>
        internal void Remove(Tasklet t)
        {
            int p = t.slot - Queued;
            Debug.Assert(p >= first && p < end && segments[p >> SegmentShift]![p & SegmentMask].tasklet == t);
            segments[p >> SegmentShift]![p & SegmentMask].tasklet = null;
            t.slot = -1;
            if (--count == 0)
                Empty();
        }

        /// <summary>Introspection: adds the queued tasklets to <paramref name="into"/>, first first.</summary>
        internal void CollectQueued(List<Tasklet> into)
        {
            for (int p = first; p < end; p++)
            {
                Tasklet? t = segments[p >> SegmentShift]?[p & SegmentMask].tasklet;
                if (t != null)
                    into.Add(t);
            }
        }

        private void Empty()
        {
            // Every place is null now (taken, a hole, or never filled): one segment may stay as the spare.
            int k = first >> SegmentShift;
            if (spare == null && k < segments.Length)
                spare = segments[k];
            Array.Clear(segments);
            first = 0;
            end = 0;
        }
    }
}
