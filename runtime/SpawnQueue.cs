using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace Stackless
{
    /// <summary>
    /// Tasklets spawned while the slot table is full (and as large as it may be below the large object heap), waiting in
    /// spawn order for a slot: one hidden member of the run
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
    /// </remarks>
    internal sealed class SpawnQueue : Tasklet
    {
        /// <summary>A queued tasklet's slot is this + its position; real slots are far below (a table of 2^30 slots is 16 GB).</summary>
        internal const int Queued = 1 << 30;

        private const int SegmentShift = 12;
        private const int SegmentLength = 1 << SegmentShift; // 32 KB of references: below the large object heap
        private const int SegmentMask = SegmentLength - 1;

        /// <summary>By position &gt;&gt; <see cref="SegmentShift"/>; the segments before <see cref="first"/>'s are dropped (null).</summary>
        private Tasklet?[]?[] segments = new Tasklet?[]?[4];

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

        internal void Add(Tasklet t)
        {
            int p = end++;
            int k = p >> SegmentShift;
            if (k == segments.Length)
                Array.Resize(ref segments, segments.Length * 2);
            Tasklet?[] segment = segments[k] ??= new Tasklet?[SegmentLength];
            segment[p & SegmentMask] = t;
            t.slot = Queued + p;
            count++;
        }

        /// <summary>Takes the first live tasklet (there is one: <see cref="count"/> &gt; 0), skipping holes.</summary>
        internal Tasklet TakeFirst()
        {
            Debug.Assert(count > 0);
            Tasklet? t;
            do
            {
                int p = first++;
                ref Tasklet?[]? segment = ref segments[p >> SegmentShift];
                ref Tasklet? place = ref segment![p & SegmentMask];
                t = place;
                place = null;
                if ((first & SegmentMask) == 0)
                    segment = null; // used up
            }
            while (t == null);
            t.slot = -1;
            if (--count == 0)
                Empty();
            return t;
        }

        /// <summary>Takes <paramref name="t"/>, a queued tasklet, out of the queue (it was run, killed or removed): its place becomes a hole.</summary>
        internal void Remove(Tasklet t)
        {
            int p = t.slot - Queued;
            Debug.Assert(p >= first && p < end && segments[p >> SegmentShift]![p & SegmentMask] == t);
            segments[p >> SegmentShift]![p & SegmentMask] = null;
            t.slot = -1;
            if (--count == 0)
                Empty();
        }

        /// <summary>Introspection: adds the queued tasklets to <paramref name="into"/>, first first.</summary>
        internal void CollectQueued(List<Tasklet> into)
        {
            for (int p = first; p < end; p++)
            {
                Tasklet? t = segments[p >> SegmentShift]?[p & SegmentMask];
                if (t != null)
                    into.Add(t);
            }
        }

        private void Empty()
        {
            Array.Clear(segments);
            first = 0;
            end = 0;
        }
    }
}
