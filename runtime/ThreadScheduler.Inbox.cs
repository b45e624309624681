using System.Runtime.CompilerServices;

namespace Stackless
{
    // The scheduler's side of other threads: its inbox, and leaving an await when a tasklet is killed.
    internal sealed partial class ThreadScheduler
    {
        private readonly SchedulerInbox inbox = new SchedulerInbox();

        /// <summary>Any thread: hands <paramref name="item"/> to this scheduler and wakes it if it is idle.</summary>
        internal void Post(InboxItem item)
        {
            inbox.Push(item);
            Wake();
        }

        /// <summary>This thread is ending (a disposed <see cref="TaskletThread"/>): what was or will be posted is refused.</summary>
        internal void CloseInbox() => inbox.Close();

        /// <summary>True if another thread has posted something not yet delivered.</summary>
        internal bool HasPosts
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => inbox.HasPosts;
        }

        /// <summary>Called by the run loop before it waits and now and then while busy: delivers what other threads posted.</summary>
        partial void DrainPosted()
        {
            if (inbox.HasPosts)
                inbox.Drain(this);
        }

        /// <summary>Main is about to deadlock: delivers what other threads posted (their operations may complete it). True if anything was.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal bool DeliverPostedNow() => inbox.Drain(this);

        /// <summary>A tasklet parked in <c>Tasklet.Await</c> is killed, thrown into or woken for an error: its completion will be dropped.</summary>
        partial void LeaveAwait(Tasklet t)
        {
            if (t.transferKind == TransferKind.Await)
                t.WaitingAwait.Abandon(this);
        }
    }
}
