using System;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;

namespace Stackless
{
    /// <summary>
    /// The state of one tasklet parked in <c>Tasklet.Await</c> on a task that had not completed: the continuation
    /// registered on the task, and the outcome on its way back. Kept out of the tasklet, whose home it is
    /// (<see cref="Tasklet.WaitingAwait"/>, with <see cref="TransferKind.Await"/>) while it waits.
    /// </summary>
    /// <remarks>
    /// Invariants: rented, parked, delivered and abandoned on the scheduler's thread; only <see cref="Completed"/>
    /// runs on another thread, and it touches the task and the outcome fields only, then posts the node once.
    /// While <see cref="waiter"/> is set the tasklet is off the run queue, its home is this node, and
    /// the scheduler's <c>pendingExternal</c> counts it. Killing it (<see cref="Abandon"/>) clears <see cref="waiter"/>,
    /// so a completion that arrives later is dropped: no resurrection, and the task's outcome is still observed.
    /// A node goes back to its thread's pool only in <see cref="Deliver"/>, once its one completion has been posted
    /// and taken in (delivered or dropped): nothing can complete it again, so a reuse never sees a stale completion.
    /// Why a pool: a socket read or write awaited by a tasklet allocated a node and the task's continuation delegate
    /// every time (the chat server's hot path); the delegate is made once per node and reused with it.
    /// </remarks>
    internal abstract class AwaitNode : InboxItem
    {
        private Tasklet? waiter;
        internal ThreadScheduler? scheduler;

        /// <summary>
        /// While parked: the scheduler's list of parked awaits (<see cref="ThreadScheduler.awaits"/>), so <c>Scheduler.Tasklets</c>
        /// finds a tasklet that only its task refers to; and when it parked (<see cref="TaskletWait.Since"/>). An await
        /// registers a continuation on its task: two links and one clock read are noise beside that.
        /// </summary>
        internal AwaitNode? prevParked, nextParked;
        internal long parkedAt;

        /// <summary>While idle: the next node of its type's pool on this thread (<see cref="AwaitNodePool{TNode}"/>).</summary>
        internal AwaitNode? nextPooled;

        /// <summary>The task's exception (set by <see cref="Completed"/> before the node is posted).</summary>
        private protected ExceptionDispatchInfo? error;

        /// <summary><see cref="Completed"/> as a delegate, made once: registered as the continuation of every task this node awaits.</summary>
        private protected readonly Action completed;

        private protected AwaitNode() => completed = Completed;

        /// <summary>Scheduler thread: <paramref name="t"/>, already off the run queue, now waits for this node; then the continuation is registered.</summary>
        internal void Park(Tasklet t, ThreadScheduler s)
        {
            // Off the run queue: its slot may still hold the run-queue slot it left (UnlinkRunning leaves it to us).
            Debug.Assert(t.blockedOn == null && waiter == null && error == null && nextPosted == null);
            waiter = t;
            scheduler = s;
            t.slot = -1;
            t.WaitIn(this);
            s.pendingExternal++;
            parkedAt = s.NowTicks;
            s.AddParkedAwait(this);
            s.EnsurePoller(); // tasklets that stay runnable must not starve the completion
            Register();
        }

        /// <summary>Registers <see cref="completed"/> as the task's continuation (it may run at once, on any thread).</summary>
        private protected abstract void Register();

        /// <summary>Any thread: reads the task's outcome (exactly once, as a value-task source needs) and posts the node.</summary>
        private void Completed()
        {
            try
            {
                TakeOutcome();
            }
            catch (Exception ex)
            {
                error = ExceptionDispatchInfo.Capture(ex);
            }
            scheduler!.Post(this); // the last touch of this node on this thread: the scheduler may reuse it at once
        }

        /// <summary>Reads the task's result into the node; throws the task's exception.</summary>
        private protected abstract void TakeOutcome();

        /// <summary>Hands the result to <paramref name="t"/>, queued to run (and clears it here).</summary>
        private protected abstract void StoreResult(Tasklet t);

        /// <summary>The tasklet parked here, or null once it has been woken or has left.</summary>
        internal Tasklet? Waiter => waiter;

        /// <summary>Drops the result (its tasklet was killed) so the node keeps nothing alive.</summary>
        private protected abstract void DropResult();

        /// <summary>Scheduler thread: the node is idle again; its type's pool may keep it.</summary>
        private protected abstract void Return();

        internal sealed override void Deliver(ThreadScheduler s)
        {
            Tasklet? t = waiter;
            ExceptionDispatchInfo? e = error;
            error = null;
            if (t == null)
            {
                // Its tasklet was killed meanwhile: drop the outcome.
                DropResult();
                Return();
                return;
            }
            Debug.Assert(t.transferKind == TransferKind.Await && t.WaitingAwait == this);
            waiter = null;
            t.ReturnHome(s);
            s.pendingExternal--;
            s.RemoveParkedAwait(this);
            t.transferKind = TransferKind.None;
            s.Append(t); // first: its run-queue slot keeps the outcome until it runs
            if (e != null)
            {
                t.StoreException(e);
                DropResult();
            }
            else
            {
                StoreResult(t);
            }
            Return();
        }

        /// <summary>Scheduler thread: the waiting tasklet is leaving (killed, thrown into, or main woken for an error).</summary>
        /// <remarks>The node is not returned to the pool here: its completion is still to come (and will be dropped).</remarks>
        internal void Abandon(ThreadScheduler s)
        {
            Tasklet t = waiter!;
            waiter = null;
            s.pendingExternal--;
            s.RemoveParkedAwait(this);
            t.ReturnHome(s);
            t.transferKind = TransferKind.None;
        }
    }

    /// <summary>An await of a <see cref="Task"/> or <see cref="ValueTask"/> (a task is wrapped in a value task: no allocation).</summary>
    internal sealed class ValueTaskAwaitNode : AwaitNode
    {
        private ValueTask task;

        private ValueTaskAwaitNode() { }

        /// <summary>Scheduler thread: a node for <paramref name="awaited"/>, from this thread's pool if it has one.</summary>
        internal static ValueTaskAwaitNode Rent(ValueTask awaited)
        {
            ValueTaskAwaitNode n = AwaitNodePool<ValueTaskAwaitNode>.TryRent() ?? new ValueTaskAwaitNode();
            n.task = awaited;
            return n;
        }

        private protected override void Return() => AwaitNodePool<ValueTaskAwaitNode>.Return(this);

        private protected override void Register() => task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(completed);

        private protected override void TakeOutcome()
        {
            ValueTask t = task;
            task = default;
            t.GetAwaiter().GetResult();
        }

        private protected override void StoreResult(Tasklet t) { }

        private protected override void DropResult() { }
    }

    /// <summary>An await of a <see cref="Task{TResult}"/> or <see cref="ValueTask{TResult}"/>.</summary>
    internal sealed class ValueTaskAwaitNode<T> : AwaitNode
    {
        private ValueTask<T> task;
        private T result = default!;

        private ValueTaskAwaitNode() { }

        /// <summary>Scheduler thread: a node for <paramref name="awaited"/>, from this thread's pool if it has one.</summary>
        internal static ValueTaskAwaitNode<T> Rent(ValueTask<T> awaited)
        {
            ValueTaskAwaitNode<T> n = AwaitNodePool<ValueTaskAwaitNode<T>>.TryRent() ?? new ValueTaskAwaitNode<T>();
            n.task = awaited;
            return n;
        }

        private protected override void Return() => AwaitNodePool<ValueTaskAwaitNode<T>>.Return(this);

        private protected override void Register() => task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(completed);

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

        private protected override void DropResult() => result = default!;
    }
}
