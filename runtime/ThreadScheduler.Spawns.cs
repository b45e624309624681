using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Stackless
{
    // Spawns while the slot table is full wait in the SpawnQueue (see there why) instead of growing the table; so do tasklets
    // woken with nothing in transit (a close wakes every receiver at once, a timer every sleeper due).
    // Not while exploring: the explorer chooses among the ring's members, which must all be tasklets.
    internal sealed partial class ThreadScheduler
    {
        private SpawnQueue? spawnQueue;

        /// <summary>
        /// The table's size from which a full table queues spawns: 4,096 slots is 64 KB, the largest table below the large
        /// object heap. Smaller tables just grow (cheaply): a batch of a few thousand spawns keeps one trampoline step each.
        /// </summary>
        private const int SpawnQueueFrom = 4096;

        /// <summary>The queue is in the ring (it holds a live tasklet).</summary>
        private bool SpawnQueueInRing => spawnQueue != null && spawnQueue.slot >= 0;

        /// <summary>
        /// Appends a newly spawned tasklet, or one woken with nothing in transit (its run-queue slot keeps no value for it), at the
        /// end of the run queue: into the spawn queue while that is the ring's last
        /// member, or when the slot table of <see cref="SpawnQueueFrom"/> slots or more has one slot left, which the queue takes
        /// as it joins the ring at its end; else as <see cref="Append"/>. (Not when the table is full: the queue's own slot grew
        /// it then, 4,096 to 8,192 slots, a 128 KB large object; the table shrank back once the tasklets parked, so a round of
        /// 10,000 spawns allocated it again, and every few MB of such large objects was a full collection, issue 15.) A close
        /// that woke a million receivers grew the table to a million slots, 32 MB of large objects on the way.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void AppendWithoutValue(Tasklet t)
        {
            SpawnQueue? q = spawnQueue;
            if (q != null && q.slot >= 0)
            {
                if (LinkAt(head).prev == q.slot && !q.IsFull)
                {
                    q.Add(t);
                    runCount++;
                    return;
                }
            }
            else if (links.Length >= SpawnQueueFrom && SlotsInUse >= links.Length - 1 && head >= 0 && explorer == null)
            {
                StartSpawnQueue(t);
                return;
            }
            Append(t);
        }

        /// <summary>
        /// Slots held while the spawn queue is out of the ring: one for each tasklet counted in <see cref="runCount"/> (main keeps
        /// slot 0 even while detached), the poller's, which is not counted, and main's slot 0 while main waits (on a channel, asleep:
        /// out of the run queue and uncounted, it keeps slot 0; without it a close that woke 4,095 receivers while main waited filled
        /// the table before the queue started, and the queue's own slot grew it to 8,192, a 128 KB large object).
        /// </summary>
        private int SlotsInUse => runCount + (PollerInRing ? 1 : 0) + (Main.inRunQueue ? 0 : 1);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void StartSpawnQueue(Tasklet t)
        {
            Debug.Assert(freeSlot >= 0 || slotCount < links.Length, "the queue takes the last free slot: the table does not grow");
            SpawnQueue q = spawnQueue ??= new SpawnQueue(this);
            Append(q); // at the end of the ring, but not counted: it is no tasklet to the user
            runCount--;
            q.Add(t);
            runCount++;
        }

        /// <summary>
        /// The queue's turn (it is the head): its first tasklet takes a slot right before it, in its place in the queue,
        /// and becomes the head; the queue leaves the ring when that was its last.
        /// </summary>
        /// <remarks>
        /// Compiled optimized at once, not tiered (as <see cref="Channel{T}"/>'s receive): a million spawns in a fresh process
        /// run it a million times before tiering has compiled it again, and its unoptimized code calls every helper it would inline.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        internal void SpawnQueueTurn()
        {
            SpawnQueue q = spawnQueue!;
            while (true)
            {
                Debug.Assert(head == q.slot && q.count > 0);
                Tasklet t = q.TakeFirst();
                int i = TakeSlot(t); // may grow the table: take the links after it
                int me = q.slot;
                ref Link lq = ref LinkAt(me);
                int p = lq.prev;
                ref Link li = ref LinkAt(i);
                li.prev = p;
                li.next = me;
                LinkAt(p).next = i;
                lq.prev = i;
                head = i;
                bool last = q.count == 0;
                if (last)
                    LeaveSpawnQueue(q);
                // Its turn at once, as the trampoline would give it next (whose catch also covers this call). Not main's (a close or a
                // timer may queue main here): main's turn returns to the native stack, which the trampoline does. Not in a budgeted or
                // an exploring run, which act at every switch.
                if (t == Main || explorer != null || budget is { Active: true })
                    return;
                t.link!.MoveNext();
                // Its first step is over. When the queue is the head again (the tasklet parked, ended or yielded behind it), the
                // trampoline's next turn would be the queue's: the next queued tasklet takes it here (spawn + park −16 %).
                if (last || q.slot < 0 || head != q.slot)
                    return;
            }
        }

        /// <summary><see cref="Unlink"/> of a tasklet still in the spawn queue (it is run, killed or removed before its turn).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void UnlinkQueuedSpawn(Tasklet t)
        {
            SpawnQueue q = spawnQueue!;
            q.Remove(t);
            runCount--;
            if (q.count == 0)
                LeaveSpawnQueue(q);
        }

        private void LeaveSpawnQueue(SpawnQueue q)
        {
            RemoveFromRing(q.slot); // not Unlink: runCount never counted it
            FreeSlot(q);
        }
    }
}
