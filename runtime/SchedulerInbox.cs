using System.Diagnostics;
using System.Threading;

namespace Stackless
{
    /// <summary>
    /// Something another thread hands to a scheduler: a finished <see cref="Tasklet.Await(System.Threading.Tasks.Task)"/>,
    /// an async channel operation, a cancellation. <see cref="Deliver"/> runs on the scheduler's own thread.
    /// </summary>
    internal abstract class InboxItem
    {
        /// <summary>The next item in the inbox (older while posted; newer once taken). Null when not posted.</summary>
        internal InboxItem? nextPosted;

        /// <summary>On the scheduler's thread, between two tasklet steps: act on the scheduler (it may append tasklets).</summary>
        internal abstract void Deliver(ThreadScheduler s);

        /// <summary>Any thread: the scheduler's thread has ended (a disposed <see cref="TaskletThread"/>), so the item will never be delivered.</summary>
        internal virtual void Refuse() { }

        /// <summary>
        /// The scheduler's thread: delivers a taken stack (newest first, linked by <see cref="nextPosted"/>, ending at
        /// null or at <paramref name="end"/>) in the order it was posted, oldest first.
        /// </summary>
        internal static void DeliverOldestFirst(InboxItem? newestFirst, InboxItem? end, ThreadScheduler s)
        {
            InboxItem? oldest = null;
            while (newestFirst != null && newestFirst != end) // reverse the stack
            {
                InboxItem? older = newestFirst.nextPosted;
                newestFirst.nextPosted = oldest;
                oldest = newestFirst;
                newestFirst = older;
            }
            while (oldest != null)
            {
                InboxItem? next = oldest.nextPosted;
                oldest.nextPosted = null;
                oldest.Deliver(s);
                oldest = next;
            }
        }
    }

    /// <summary>
    /// The thread-safe inbox of one scheduler: many threads post, only the scheduler's thread takes.
    /// </summary>
    /// <remarks>
    /// Invariants: <see cref="posted"/> is a stack (newest first) of items not yet delivered, each posted once;
    /// posting is one compare-and-swap, taking is one exchange of the whole stack, so neither side ever waits for
    /// the other (no lock, no ABA: nothing is popped singly). Items are delivered in the order they were posted.
    /// When empty it costs the scheduler one volatile read.
    /// </remarks>
    internal sealed class SchedulerInbox
    {
        private InboxItem? posted;

        /// <summary>Set once the scheduler's thread has ended: whatever is posted from then on is refused at once.</summary>
        private volatile bool closed;

        /// <summary>True if anything is waiting to be delivered (any thread; a hint that is exact on the scheduler's thread after a fence).</summary>
        internal bool HasPosts => Volatile.Read(ref posted) != null;

        /// <summary>Any thread: adds <paramref name="item"/>. The caller then wakes the scheduler.</summary>
        internal void Push(InboxItem item)
        {
            Debug.Assert(item.nextPosted == null, "an inbox item is posted once at a time");
            InboxItem? top = Volatile.Read(ref posted);
            while (true)
            {
                item.nextPosted = top;
                InboxItem? seen = Interlocked.CompareExchange(ref posted, item, top);
                if (seen == top)
                    break;
                top = seen;
            }
            if (closed)
                RefuseAll(); // whoever takes an item refuses it: exactly once
        }

        /// <summary>The scheduler's thread is ending: refuses what is posted now and everything posted later.</summary>
        internal void Close()
        {
            closed = true;
            RefuseAll();
        }

        private void RefuseAll()
        {
            InboxItem? taken = Interlocked.Exchange(ref posted, null);
            while (taken != null)
            {
                InboxItem? next = taken.nextPosted;
                taken.nextPosted = null;
                taken.Refuse();
                taken = next;
            }
        }

        /// <summary>The scheduler's thread: takes everything posted so far, oldest first (linked by <see cref="InboxItem.nextPosted"/>), for the caller to deliver.</summary>
        internal InboxItem? TakeOldestFirst()
        {
            InboxItem? newestFirst = Interlocked.Exchange(ref posted, null);
            InboxItem? oldest = null;
            while (newestFirst != null)
            {
                InboxItem? older = newestFirst.nextPosted;
                newestFirst.nextPosted = oldest;
                oldest = newestFirst;
                newestFirst = older;
            }
            return oldest;
        }

        /// <summary>The scheduler's thread: delivers everything posted so far, oldest first. True if anything was.</summary>
        internal bool Drain(ThreadScheduler s)
        {
            InboxItem? taken = Interlocked.Exchange(ref posted, null);
            if (taken == null)
                return false;
            InboxItem.DeliverOldestFirst(taken, null, s);
            return true;
        }
    }
}
