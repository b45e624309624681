using System;
using System.Collections.Generic;
using System.IO;

namespace Stackless
{
    public static partial class Scheduler
    {
        /// <summary>
        /// Every alive tasklet of this thread's scheduler that is still reachable: main, the runnable ones, and the blocked,
        /// sleeping, awaiting and paused ones, main first, then by <see cref="Tasklet.Id"/>. A snapshot. A tasklet parked where
        /// nothing can ever wake it (on a channel nobody can reach) is garbage, as it always was: it is not listed, and is
        /// counted in the <see cref="Dump"/> instead. Costs nothing until read (it is gathered from the run queue, the timers,
        /// the parked awaits and the channels that have waiters).
        /// </summary>
        public static IReadOnlyCollection<Tasklet> Tasklets => Array.AsReadOnly(ThreadScheduler.ForCurrentThread.Census());

        /// <summary>
        /// Writes every tasklet of <see cref="Tasklets"/>, Go-style: id, name, state or wait (its <see cref="TaskletWaitKind"/>
        /// and channel), and its frames with file and line, innermost first; then how many tasklets were collected while
        /// blocked (parked where nothing could wake them: the leak report).
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
        /// <exception cref="InvalidOperationException">The scheduler belongs to another thread.</exception>
        public static void Dump(TextWriter writer) => ThreadScheduler.ForCurrentThread.Dump(writer);

        /// <summary>
        /// How many tasklets of this thread were collected while parked where nothing could wake them: blocked on a channel that
        /// became garbage, paused, or asleep forever. Read by a census (as <see cref="Tasklets"/>): the tasklets spawned and not
        /// ended that it no longer finds. It grows after a collection, not at once.
        /// </summary>
        public static long CollectedWhileBlocked => ThreadScheduler.ForCurrentThread.CountCollectedWhileBlocked();
    }
}
