using System;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace Stackless
{
    /// <summary>
    /// One <c>SendAsync</c> or <c>ReceiveAsync</c> of another thread (or of an async method): handed to the channel's
    /// scheduler through its inbox, where it meets the tasklets' own operations in FIFO order; the caller awaits it
    /// as a value task.
    /// </summary>
    /// <remarks>
    /// Invariants: <see cref="phase"/> goes Handed → Taken (the scheduler has it) or Handed → CancelledEarly (the token
    /// won before the scheduler saw it), once, by compare-and-swap. After Taken, only the scheduler's thread touches
    /// the channel part; a cancellation is then posted back to the scheduler, which removes the op from the channel
    /// only if it still waits there, so a cancelled send's value is never delivered and a delivered one never
    /// reports cancellation. The op waits on the channel through a <see cref="ChannelAsyncWaiter{T}"/> (a tasklet
    /// stand-in, made only when no partner is waiting). The value task is completed once; its continuation runs on
    /// the thread pool, never on the scheduler's thread.
    /// </remarks>
    internal sealed class ChannelAsyncOp<T> : InboxItem, IValueTaskSource, IValueTaskSource<T>
    {
        private const int Handed = 0, Taken = 1, CancelledEarly = 2;

        private readonly Channel<T> channel;
        private readonly bool sending;
        private T value;
        private int phase;
        private volatile bool cancelRequested;
        private ChannelAsyncWaiter<T>? waiter;
        private ManualResetValueTaskSourceCore<T> core;
        private readonly CancellationToken token;
        private CancellationTokenRegistration registration;

        internal ChannelAsyncOp(Channel<T> channel, bool sending, T value, CancellationToken token)
        {
            this.channel = channel;
            this.sending = sending;
            this.value = value;
            this.token = token;
            core.RunContinuationsAsynchronously = true;
        }

        internal short Version => core.Version;

        /// <summary>The caller's thread: registers for cancellation, then hands the op to the channel.</summary>
        internal void Start()
        {
            if (token.CanBeCanceled)
                registration = token.UnsafeRegister(static o => ((ChannelAsyncOp<T>)o!).CancelRequested(), this);
            channel.HandAsync(this);
        }

        /// <summary>Any thread (the token's callback).</summary>
        private void CancelRequested()
        {
            if (Interlocked.CompareExchange(ref phase, CancelledEarly, Handed) == Handed)
            {
                value = default!;
                core.SetException(new OperationCanceledException(token));
                return;
            }
            // The scheduler has it: only it may take the op off the channel.
            cancelRequested = true;
            Volatile.Read(ref channel.owner)!.Post(this);
        }

        internal override void Refuse()
        {
            if (Interlocked.CompareExchange(ref phase, CancelledEarly, Handed) != Handed)
                return; // already failed by the cancellation or by Dispose's kill
            value = default!;
            Fail(new ObjectDisposedException(nameof(TaskletThread),
                $"The TaskletThread that owns this Channel<{typeof(T).Name}> has been disposed: nothing will ever meet this {(sending ? "SendAsync" : "ReceiveAsync")}."));
        }

        internal override void Deliver(ThreadScheduler s)
        {
            if (cancelRequested)
            {
                Cancel();
                return;
            }
            if (Interlocked.CompareExchange(ref phase, Taken, Handed) != Handed)
                return; // cancelled before the scheduler saw it
            Debug.Assert(channel.owner == s);
            if (sending)
                DeliverSend(s);
            else
                DeliverReceive(s);
        }

        private void DeliverSend(ThreadScheduler s)
        {
            Channel<T> ch = channel;
            T v = value;
            value = default!;
            if (ch.balance < 0)
            {
                Tasklet receiver = ch.DequeueWaiter();
                ch.balance++;
                var encoded = new Transfer();
                encoded.Store(v);
                bool taken = ch.DeliveredToSelect(receiver, TransferKind.Value, in encoded);
                s.Append(receiver);
                if (!taken)
                    ChannelCore.HandTo(receiver, TransferKind.Value, in encoded);
                Succeed(default!);
                return;
            }
            if (ch.closing)
            {
                Fail(new ChannelClosedException($"SendAsync on a closed channel: no receiver is waiting and Channel<{typeof(T).Name}> is closing."));
                return;
            }
            var w = waiter = new ChannelAsyncWaiter<T>(this, s);
            s.tracked?.Add(w);
            ch.EnqueueWaiter(w);
            ch.balance++;
            var offered = new Transfer();
            offered.Store(v);
            ch.Offer(w, TransferKind.Value, in offered);
        }

        private void DeliverReceive(ThreadScheduler s)
        {
            Channel<T> ch = channel;
            if (ch.balance > 0)
            {
                Tasklet sender = ch.DequeueWaiter();
                ch.balance--;
                TransferKind kind = ch.TakeSent(sender, out Transfer sent); // a value, an exception, or a select's send case
                s.Append(sender);
                if (kind == TransferKind.Value)
                    Succeed(sent.Take<T>());
                else
                    Fail((Exception)sent.obj!);
                return;
            }
            if (ch.closing)
            {
                Fail(ClosedOnReceive());
                return;
            }
            var w = waiter = new ChannelAsyncWaiter<T>(this, s);
            s.tracked?.Add(w); // a disposed TaskletThread kills it: its op then fails instead of waiting forever
            ch.EnqueueWaiter(w);
            ch.balance--;
        }

        private static ChannelClosedException ClosedOnReceive() =>
            new ChannelClosedException($"ReceiveAsync on a closed channel: Channel<{typeof(T).Name}> is closed and no sender is left.");

        /// <summary>Scheduler thread: the token fired after the op was taken. It leaves the channel if it still waits there.</summary>
        private void Cancel()
        {
            ChannelAsyncWaiter<T>? w = waiter;
            if (w == null || w.blockedOn != channel)
                return; // it already met its partner (or failed): that outcome stands
            channel.RemoveWaiter(w); // drops the value of a send
            w.status = TaskletStatus.Dead;
            waiter = null;
            Fail(new OperationCanceledException(token));
        }

        /// <summary>Scheduler thread: the stand-in was woken (it met its partner, the channel closed, or it was killed).</summary>
        internal void Woken(ChannelAsyncWaiter<T> w)
        {
            waiter = null;
            if (w.pendingException)
            {
                try { w.ThrowPending(); }
                catch (Exception ex) { Fail(ex is TaskletExit ? new OperationCanceledException("The channel operation's stand-in tasklet was killed.", ex) : ex); }
                return;
            }
            if (sending)
            {
                Succeed(default!);
                return;
            }
            Complete(w);
        }

        /// <summary>Completes a receive with what <paramref name="w"/>'s transfer slot holds: a value, a sent exception, or "closed".</summary>
        private void Complete(ChannelAsyncWaiter<T> w)
        {
            switch (w.transferKind)
            {
                case TransferKind.Value:
                    Succeed(w.TakeValue<T>());
                    break;
                case TransferKind.Exception:
                    Fail((Exception)w.TakeException());
                    break;
                default:
                    w.transferKind = TransferKind.None;
                    Fail(ClosedOnReceive());
                    break;
            }
        }

        private void Succeed(T result)
        {
            registration.Unregister();
            core.SetResult(result);
        }

        private void Fail(Exception ex)
        {
            registration.Unregister();
            core.SetException(ex);
        }

        // ---- the value task ----

        T IValueTaskSource<T>.GetResult(short token) => core.GetResult(token);
        void IValueTaskSource.GetResult(short token) => core.GetResult(token);
        ValueTaskSourceStatus IValueTaskSource<T>.GetStatus(short token) => core.GetStatus(token);
        ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => core.GetStatus(token);

        void IValueTaskSource<T>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            core.OnCompleted(continuation, state, token, flags);

        void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            core.OnCompleted(continuation, state, token, flags);
    }

    /// <summary>
    /// Stands in a channel's queue for an async operation of another thread, so that it takes its FIFO turn with
    /// the tasklets. When a tasklet meets it, it is made runnable like any woken tasklet; its one step completes the op.
    /// </summary>
    internal sealed class ChannelAsyncWaiter<T> : Tasklet
    {
        private readonly ChannelAsyncOp<T> op;

        internal ChannelAsyncWaiter(ChannelAsyncOp<T> op, ThreadScheduler s)
        {
            this.op = op;
            scheduler = s;
            status = TaskletStatus.Alive;
            link = this;
            State = 1; // "started": a Kill() wakes it (it then fails the op) instead of ending it unseen
        }

        protected internal override void MoveNext()
        {
            op.Woken(this);
            status = TaskletStatus.Dead;
            scheduler!.RootFinished(this, null);
        }

        public override string ToString() => $"async Channel<{typeof(T).Name}> operation of another thread";
    }
}
