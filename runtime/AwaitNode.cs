using System;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;

namespace Stackless
{
    /// <summary>
    /// The state of one tasklet parked in <c>Tasklet.Await</c> on a task that had not completed: the continuation
    /// registered on the task, and the outcome on its way back. Kept out of the tasklet, which only points to it
    /// from <see cref="Tasklet.transferObj"/> (with <see cref="TransferKind.Await"/>) while it waits.
    /// </summary>
    /// <remarks>
    /// Invariants: created, parked, delivered and abandoned on the scheduler's thread; only <see cref="Completed"/>
    /// runs on another thread, and it touches the task and the outcome fields only, then posts the node once.
    /// While <see cref="waiter"/> is set the tasklet is off the run queue, its transfer slot holds this node, and
    /// the scheduler's <c>pendingExternal</c> counts it. Killing it (<see cref="Abandon"/>) clears <see cref="waiter"/>,
    /// so a completion that arrives later is dropped: no resurrection, and the task's outcome is still observed.
    /// </remarks>
    internal abstract class AwaitNode : InboxItem
    {
        private Tasklet? waiter;
        private readonly ThreadScheduler scheduler;

        /// <summary>
        /// While parked: the scheduler's list of parked awaits (<see cref="ThreadScheduler.awaits"/>), so <c>Scheduler.Tasklets</c>
        /// finds a tasklet that only its task refers to; and when it parked (<see cref="TaskletWait.Since"/>). An await already
        /// allocates and registers a continuation: two links and one clock read are noise beside that.
        /// </summary>
        internal AwaitNode? prevParked, nextParked;
        internal long parkedAt;

        /// <summary>The task's exception (set by <see cref="Completed"/> before the node is posted).</summary>
        private protected ExceptionDispatchInfo? error;

        private protected AwaitNode(Tasklet waiter, ThreadScheduler scheduler)
        {
            this.waiter = waiter;
            this.scheduler = scheduler;
        }

        /// <summary>Scheduler thread: <see cref="waiter"/>, already off the run queue, now waits for this node; then the continuation is registered.</summary>
        internal void Park()
        {
            Tasklet t = waiter!;
            Debug.Assert(!t.inRunQueue && t.blockedOn == null);
            t.slot = -1;
            t.transferObj = this;
            t.transferKind = TransferKind.Await;
            scheduler.pendingExternal++;
            parkedAt = scheduler.NowTicks;
            scheduler.AddParkedAwait(this);
            scheduler.EnsurePoller(); // tasklets that stay runnable must not starve the completion
            Register();
        }

        /// <summary>Registers <see cref="Completed"/> as the task's continuation (it may run at once, on any thread).</summary>
        private protected abstract void Register();

        /// <summary>Any thread: reads the task's outcome (exactly once, as a value-task source needs) and posts the node.</summary>
        private protected void Completed()
        {
            try
            {
                TakeOutcome();
            }
            catch (Exception ex)
            {
                error = ExceptionDispatchInfo.Capture(ex);
            }
            scheduler.Post(this);
        }

        /// <summary>Reads the task's result into the node; throws the task's exception.</summary>
        private protected abstract void TakeOutcome();

        /// <summary>Hands the result to <paramref name="t"/>'s transfer slot.</summary>
        private protected abstract void StoreResult(Tasklet t);

        /// <summary>The tasklet parked here, or null once it has been woken or has left.</summary>
        internal Tasklet? Waiter => waiter;

        internal sealed override void Deliver(ThreadScheduler s)
        {
            Tasklet? t = waiter;
            if (t == null)
                return; // its tasklet was killed meanwhile: drop the outcome
            Debug.Assert(t.transferObj == this && t.transferKind == TransferKind.Await);
            waiter = null;
            s.pendingExternal--;
            s.RemoveParkedAwait(this);
            if (error != null)
            {
                t.transferObj = error;
                t.transferKind = TransferKind.Exception;
            }
            else
            {
                t.transferObj = null;
                t.transferKind = TransferKind.None;
                StoreResult(t);
            }
            s.Append(t);
        }

        /// <summary>Scheduler thread: the waiting tasklet is leaving (killed, thrown into, or main woken for an error).</summary>
        internal void Abandon(ThreadScheduler s)
        {
            Tasklet t = waiter!;
            waiter = null;
            s.pendingExternal--;
            s.RemoveParkedAwait(this);
            t.transferObj = null;
            t.transferKind = TransferKind.None;
        }
    }

    /// <summary>An await of a <see cref="Task"/> or <see cref="ValueTask"/> (a task is wrapped in a value task: no allocation).</summary>
    internal sealed class ValueTaskAwaitNode : AwaitNode
    {
        private ValueTask task;

        internal ValueTaskAwaitNode(Tasklet waiter, ThreadScheduler scheduler, ValueTask task) : base(waiter, scheduler) => this.task = task;

        private protected override void Register() => task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(Completed);

        private protected override void TakeOutcome()
        {
            ValueTask t = task;
            task = default;
            t.GetAwaiter().GetResult();
        }

        private protected override void StoreResult(Tasklet t) { }
    }

    /// <summary>An await of a <see cref="Task{TResult}"/> or <see cref="ValueTask{TResult}"/>.</summary>
    internal sealed class ValueTaskAwaitNode<T> : AwaitNode
    {
        private ValueTask<T> task;
        private T result = default!;

        internal ValueTaskAwaitNode(Tasklet waiter, ThreadScheduler scheduler, ValueTask<T> task) : base(waiter, scheduler) => this.task = task;

        private protected override void Register() => task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(Completed);

        private protected override void TakeOutcome()
        {
            ValueTask<T> t = task;
            task = default;
            result = t.GetAwaiter().GetResult();
        }

        private protected override void StoreResult(Tasklet t)
        {
            t.StoreValue(result);
            result = default!;
        }
    }
}
