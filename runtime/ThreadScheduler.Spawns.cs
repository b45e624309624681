using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Stackless
{
    // Spawns while the slot table is full wait in the SpawnQueue (see there why) instead of growing the table.
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
        /// Appends a newly spawned tasklet at the end of the run queue: into the spawn queue while that is the ring's last
        /// member, or when the slot table is full at <see cref="SpawnQueueFrom"/> slots or more (the queue joins the ring at
        /// its end); else as <see cref="Append"/>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void AppendSpawned(Tasklet t)
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
            else if (freeSlot < 0 && slotCount == links.Length && links.Length >= SpawnQueueFrom && head >= 0 && explorer == null)
            {
                StartSpawnQueue(t);
                return;
            }
            Append(t);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void StartSpawnQueue(Tasklet t)
        {
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
        internal void SpawnQueueTurn()
        {
            SpawnQueue q = spawnQueue!;
            Debug.Assert(head == q.slot && q.count > 0);
            Tasklet t = q.TakeFirst();
            TakeSlot(t); // may grow the table: take the links after it
            int i = t.slot;
            int me = q.slot;
            ref Link lq = ref LinkAt(me);
            int p = lq.prev;
            ref Link li = ref LinkAt(i);
            li.prev = p;
            li.next = me;
            LinkAt(p).next = i;
            lq.prev = i;
            head = i;
            if (q.count == 0)
                LeaveSpawnQueue(q);
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
