using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;
using Stackless.CompilerServices;

namespace Stackless
{
    /// <summary>
    /// A rendezvous (unbuffered) channel, as in Stackless Python: a send waits for a receiver and a
    /// receive for a sender. Blocked tasklets queue FIFO on the channel.
    /// </summary>
    /// <typeparam name="T">The type of the values sent.</typeparam>
    /// <remarks>
    /// Called from a <see cref="TaskletAttribute"/> method, the blocking operations suspend the tasklet.
    /// Called from the main tasklet (ordinary code), they run the scheduler until they complete.
    /// A channel belongs to the thread that first uses it.
    /// </remarks>
    public sealed partial class Channel<T> : ChannelCore
    {
        /// <summary>Creates an open channel with preference −1 (the receiver runs first).</summary>
        public Channel() { }

        /// <summary>&gt; 0: that many senders are blocked on the channel; &lt; 0: that many receivers.</summary>
        public int Balance => balance;

        /// <summary>
        /// Who runs when a send meets a receive: −1 the receiver (default), 1 the sender, 0 the caller
        /// continues and the woken tasklet is appended to the run queue. Any value is normalised to its sign.
        /// </summary>
        public int Preference
        {
            get => preference;
            set
            {
                preference = (sbyte)Math.Sign(value);
                UpdateWakeModes();
            }
        }

        /// <summary>When true, overrides <see cref="Preference"/>: the woken tasklet is appended and the caller yields.</summary>
        public bool ScheduleAll
        {
            get => scheduleAll;
            set
            {
                scheduleAll = value;
                UpdateWakeModes();
            }
        }

        /// <summary>True after <see cref="Close"/>: nothing may newly block on the channel.</summary>
        public bool IsClosing => closing;

        /// <summary>True when the channel is closing and no sender is left to drain.</summary>
        public bool IsClosed => closing && balance == 0;

        /// <summary>The first tasklet blocked on the channel, or null.</summary>
        public Tasklet? Queue => FirstWaiter;

        /// <summary>
        /// Closes the channel: from now on no operation may newly block. Waiting senders can still be
        /// drained; waiting receivers are woken (their <c>foreach</c> ends; a bare <see cref="Receive"/> throws
        /// <see cref="ChannelClosedException"/>). Never switches.
        /// </summary>
        public void Close()
        {
            ThreadScheduler s = Bind();
            closing = true;
            while (balance < 0)
            {
                Tasklet r = DequeueWaiter();
                balance++;
                if (!DeliveredToSelect(r, TransferKind.Closed, default))
                    r.transferKind = TransferKind.Closed;
                s.AppendWithoutValue(r); // a million receivers woken at once wait for slots in the spawn queue

            }
        }

        /// <summary>Reopens a closed channel.</summary>
        public void Open()
        {
            Bind();
            closing = false;
        }

        // ---- the blocking API, for the main tasklet ----

        /// <summary>Sends a value; blocks until a receiver takes it.</summary>
        /// <exception cref="ChannelClosedException">The send would block on a closing channel.</exception>
        /// <exception cref="DeadlockException">Main would block with nothing else runnable or pending (a sleeper, an await).</exception>
        [SuspensionPoint(nameof(BeginSend), nameof(EndSend))]
        public void Send(T value)
        {
            ThreadScheduler s = Bind();
            Tasklet main = s.Main;
            if (s.head != 0) ThrowNotMain(s, "Send");
            s.ThrowIfErrorPending();
            if (SendCore(s, main, value, fromFrame: false))
                s.PumpMain();
            s.EndMainOperation();
        }

        /// <summary>Sends an exception: the receiver raises it instead of receiving a value.</summary>
        [SuspensionPoint(nameof(BeginSendException), nameof(EndSend))]
        public void SendException(Exception exception)
        {
            if (exception is null) throw new ArgumentNullException(nameof(exception));
            ThreadScheduler s = Bind();
            Tasklet main = s.Main;
            if (s.head != 0) ThrowNotMain(s, "SendException");
            s.ThrowIfErrorPending();
            if (SendExceptionCore(s, main, exception, fromFrame: false))
                s.PumpMain();
            s.EndMainOperation();
        }

        /// <summary>Receives a value; blocks until a sender offers one.</summary>
        /// <exception cref="ChannelClosedException">The channel is closed and no sender is left.</exception>
        /// <exception cref="DeadlockException">Main would block with nothing else runnable or pending (a sleeper, an await).</exception>
        [SuspensionPoint(nameof(BeginReceive), nameof(EndReceive))]
        public T Receive()
        {
            ThreadScheduler s = Bind();
            Tasklet main = s.Main;
            if (s.head != 0) ThrowNotMain(s, "Receive");
            s.ThrowIfErrorPending();
            if (ReceiveCore(s, main, fromFrame: false))
                s.PumpMain();
            EndMainReceive(s, main);
            return TakeReceived(s, main);
        }

        /// <summary>
        /// Receives a value only if a sender is already waiting; never suspends, so it may be called from any code
        /// on the channel's thread. The sender is appended to the run queue and the caller continues.
        /// </summary>
        /// <param name="value">The value received, or <c>default</c> when this returns false.</param>
        /// <returns>False when no sender waits (the channel may be open, or closed and drained).</returns>
        /// <exception cref="Exception">The waiting sender sent an exception (<see cref="SendException"/>): it is raised here.</exception>
        public bool TryReceive(out T value)
        {
            ThreadScheduler s = Bind();
            if (balance <= 0)
            {
                value = default!;
                return false;
            }
            Tasklet current = s.Current;
            Tasklet sender = DequeueWaiter();
            balance--;
            TakeFromSender(sender, current);
            s.Append(sender);
            value = TakeReceived(s, current);
            return true;
        }

        /// <summary>
        /// Sends a value only if a receiver is already waiting; never suspends, so it may be called from any code
        /// on the channel's thread. The receiver is appended to the run queue and the caller continues.
        /// </summary>
        /// <returns>False when no receiver waits (then nothing is sent, also on a closing channel).</returns>
        public bool TrySend(T value)
        {
            ThreadScheduler s = Bind();
            if (balance >= 0)
                return false;
            Tasklet receiver = DequeueWaiter();
            balance++;
            if (receiver.transferKind == TransferKind.Select)
            {
                var encoded = new Transfer();
                encoded.Store(value);
                if (DeliveredToSelect(receiver, TransferKind.Value, in encoded))
                {
                    s.Append(receiver);
                    return true;
                }
            }
            s.Append(receiver);
            receiver.StoreValue(value); // in its run-queue slot, where it takes it when it runs
            return true;
        }

        /// <summary>
        /// Receives a value, waiting at most <paramref name="timeout"/> (on the scheduler's clock) for a sender. A timeout and
        /// a transfer never both happen. <see cref="TimeSpan.Zero"/> never waits; <see cref="Timeout.InfiniteTimeSpan"/> waits
        /// as <see cref="Receive"/> does.
        /// </summary>
        /// <returns>True with the value; false (and <c>default</c>) when it timed out or the channel is closed and drained.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (and not infinite).</exception>
        [SuspensionPoint(nameof(BeginTryReceive), nameof(EndTryReceive))]
        public bool TryReceive(out T value, TimeSpan timeout)
        {
            ThreadScheduler s = Bind();
            Tasklet main = s.Main;
            if (s.head != 0) ThrowNotMain(s, "TryReceive");
            s.ThrowIfErrorPending();
            if (TimedReceiveCore(s, main, timeout, fromFrame: false))
                s.PumpMain();
            EndMainReceive(s, main);
            return TakeTimedReceived(main, out value);
        }

        /// <summary>
        /// Sends a value, waiting at most <paramref name="timeout"/> (on the scheduler's clock) for a receiver. A timeout and a
        /// transfer never both happen: a send that timed out is never delivered later. <see cref="TimeSpan.Zero"/> never waits.
        /// </summary>
        /// <returns>True when a receiver took the value; false when it timed out, or the channel is closing with no receiver waiting.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (and not infinite).</exception>
        [SuspensionPoint(nameof(BeginTrySend), nameof(EndTrySend))]
        public bool TrySend(T value, TimeSpan timeout)
        {
            ThreadScheduler s = Bind();
            Tasklet main = s.Main;
            if (s.head != 0) ThrowNotMain(s, "TrySend");
            s.ThrowIfErrorPending();
            if (TimedSendCore(s, main, value, timeout, fromFrame: false))
                s.PumpMain();
            s.EndMainOperation();
            return TakeTimedSent(main);
        }

        /// <summary>Sends every item in turn, blocking for each; returns how many were sent.</summary>
        [SuspensionPoint(nameof(CreateSendSequenceFrame))]
        public int SendSequence(IEnumerable<T> items)
        {
            if (items is null) throw new ArgumentNullException(nameof(items));
            int count = 0;
            foreach (T item in items)
            {
                Send(item);
                count++;
            }
            return count;
        }

        /// <summary>Receives until the channel is closed and drained.</summary>
        [SuspensionPoint(nameof(BeginReceive), nameof(EndReceiveNext))]
        public Enumerator GetEnumerator() => new Enumerator(this);

        /// <summary>Receives values from a channel until it is closed and drained.</summary>
        public struct Enumerator
        {
            private readonly Channel<T> _channel;
            private T _current;

            internal Enumerator(Channel<T> channel)
            {
                _channel = channel;
                _current = default!;
            }

            /// <summary>The value received last.</summary>
            public readonly T Current => _current;

            /// <summary>Receives the next value; false once the channel is closed and drained.</summary>
            public bool MoveNext()
            {
                Channel<T> ch = _channel;
                ThreadScheduler s = ch.Bind();
                Tasklet main = s.Main;
                if (s.head != 0) ThrowNotMain(s, null);
                s.ThrowIfErrorPending();
                if (ch.ReceiveCore(s, main, fromFrame: false))
                    s.PumpMain();
                ch.EndMainReceive(s, main);
                return ch.TakeReceivedOrEnd(s, main, out _current);
            }
        }

        // ---- the frame API, for code the generator emits ----

        /// <summary>Generated code: starts a send from <paramref name="frame"/> (the running frame, <c>this</c>). True: the frame must return now and resume at its resume point.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool BeginSend(Tasklet frame, T value)
        {
            ThreadScheduler s = BindFrame(frame);
            return SendCore(s, s.CurrentOf(frame), value, fromFrame: true);
        }

        /// <summary>Generated code: starts sending an exception from <paramref name="frame"/>. True: the frame must return now.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public bool BeginSendException(Tasklet frame, Exception exception)
        {
            if (exception is null) throw new ArgumentNullException(nameof(exception));
            ThreadScheduler s = BindFrame(frame);
            return SendExceptionCore(s, s.CurrentOf(frame), exception, fromFrame: true);
        }

        /// <summary>As <see cref="BeginSend(Tasklet, T)"/>, finding the scheduler through the thread (slower).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public bool BeginSend(T value)
        {
            ThreadScheduler s = Bind();
            return SendCore(s, s.Current, value, fromFrame: false);
        }

        /// <summary>As <see cref="BeginSendException(Tasklet, Exception)"/>, finding the scheduler through the thread (slower).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public bool BeginSendException(Exception exception)
        {
            if (exception is null) throw new ArgumentNullException(nameof(exception));
            ThreadScheduler s = Bind();
            return SendExceptionCore(s, s.Current, exception, fromFrame: false);
        }

        /// <summary>
        /// Generated code: completes a send (or <c>SendException</c>) of <paramref name="frame"/> (the running frame, <c>this</c>)
        /// at its resume point: raises a kill or thrown exception.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void EndSend(Tasklet frame)
        {
            // A root frame is the running tasklet: its own flag answers, without channel → scheduler → slot table.
            if (!frame.nested)
                frame.ThrowIfPending();
            else
                EndSend();
        }

        /// <summary>As <see cref="EndSend(Tasklet)"/>, finding the running tasklet through the channel's scheduler (slower; older generated code).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void EndSend()
        {
            ThreadScheduler s = owner!;
            if (s.pendingCount != 0)
                s.Current.ThrowIfPending();
        }

        /// <summary>Generated code: starts a receive (or one step of a <c>foreach</c>) from <paramref name="frame"/>. True: the frame must return now.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public bool BeginReceive(Tasklet frame)
        {
            // BindFrame and CurrentOf written out with the tasklet's fields: the same code once inlined into a tier-1 frame, but
            // a frame still running as tier-0 code (a million first receives in a fresh process, before tiering has caught up)
            // makes one call here, to ReceiveCore, instead of five (the demo's warm round −12 %, issue 15). Optimized at once
            // (as ReceiveCore) for the same frames, which call it instead of inlining it: its tier-0 code was 3–7 % of that round.
            object? home = frame.home;
            ThreadScheduler s = owner == home && home != null ? Unsafe.As<ThreadScheduler>(home) : BindFrameSlow(frame);
            return ReceiveCore(s, (frame.flags & Tasklet.NestedFlag) == 0 ? frame : s.LinkAt(s.head).tasklet!, fromFrame: true);
        }

        /// <summary>As <see cref="BeginReceive(Tasklet)"/>, finding the scheduler through the thread (slower).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public bool BeginReceive()
        {
            ThreadScheduler s = Bind();
            return ReceiveCore(s, s.Current, fromFrame: false);
        }

        /// <summary>Generated code: completes a receive of <paramref name="frame"/> (the running frame, <c>this</c>) at its resume point and returns the value.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public T EndReceive(Tasklet frame)
        {
            ThreadScheduler s = owner!; // bound by the Begin… call
            Tasklet current = s.CurrentOf(frame);
            current.ThrowIfPending();
            return TakeReceived(s, current);
        }

        /// <summary>Generated code: completes one step of a <c>foreach</c> over the channel in <paramref name="frame"/>; false when it is closed and drained.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] // as BeginReceive(frame)
        public bool EndReceiveNext(Tasklet frame, out T value)
        {
            ThreadScheduler s = owner!; // bound by the Begin… call
            Tasklet current = s.CurrentOf(frame);
            current.ThrowIfPending();
            return TakeReceivedOrEnd(s, current, out value);
        }

        /// <summary>As <see cref="EndReceive(Tasklet)"/>, finding the running tasklet through the channel's scheduler (slower; older generated code).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public T EndReceive()
        {
            ThreadScheduler s = owner!;
            Tasklet current = s.Current;
            current.ThrowIfPending();
            return TakeReceived(s, current);
        }

        /// <summary>As <see cref="EndReceiveNext(Tasklet, out T)"/>, finding the running tasklet through the channel's scheduler (slower; older generated code).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool EndReceiveNext(out T value)
        {
            ThreadScheduler s = owner!;
            Tasklet current = s.Current;
            current.ThrowIfPending();
            return TakeReceivedOrEnd(s, current, out value);
        }

        /// <summary>Generated code: starts <see cref="TryReceive(out T, TimeSpan)"/> from <paramref name="frame"/>. True: the frame must return now.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public bool BeginTryReceive(Tasklet frame, TimeSpan timeout)
        {
            ThreadScheduler s = BindFrame(frame);
            return TimedReceiveCore(s, s.CurrentOf(frame), timeout, fromFrame: true);
        }

        /// <summary>Generated code: completes <see cref="TryReceive(out T, TimeSpan)"/> in <paramref name="frame"/> at its resume point.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public bool EndTryReceive(Tasklet frame, out T value)
        {
            Tasklet current = owner!.CurrentOf(frame); // bound by the Begin… call
            current.ThrowIfPending();
            return TakeTimedReceived(current, out value);
        }

        /// <summary>Generated code: starts <see cref="TrySend(T, TimeSpan)"/> from <paramref name="frame"/>. True: the frame must return now.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public bool BeginTrySend(Tasklet frame, T value, TimeSpan timeout)
        {
            ThreadScheduler s = BindFrame(frame);
            return TimedSendCore(s, s.CurrentOf(frame), value, timeout, fromFrame: true);
        }

        /// <summary>Generated code: completes <see cref="TrySend(T, TimeSpan)"/> in <paramref name="frame"/> at its resume point.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public bool EndTrySend(Tasklet frame)
        {
            Tasklet current = owner!.CurrentOf(frame); // bound by the Begin… call
            current.ThrowIfPending();
            return TakeTimedSent(current);
        }

        /// <summary>Generated code: a frame that sends every item; call it as a nested frame and read its result (the count).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public TaskletFrame<int> CreateSendSequenceFrame(IEnumerable<T> items)
        {
            if (items is null) throw new ArgumentNullException(nameof(items));
            return new SendSequenceFrame<T>(this, items);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowNotMain(ThreadScheduler s, string? method) =>
            s.RequireMainOrThrow(method == null ? $"foreach over Channel<{typeof(T).Name}>" : $"Channel<{typeof(T).Name}>.{method}");

        // ---- the core of each operation, shared by main and frames ----

        // fromFrame (a constant at each call): called by the running frame of current, which is then the head of
        // the run queue and never main, so blocking needs no deadlock check and unlinks the head.

        /// <summary>Returns true if <paramref name="current"/> must yield (it blocked, or the receiver runs first).</summary>
        private bool SendCore(ThreadScheduler s, Tasklet current, T value, bool fromFrame)
        {
            if (balance < 0)
            {
                Tasklet receiver = TakeFirstWaiter();
                balance++;
                if (receiver.transferKind != TransferKind.None)
                    return SendToSelect(s, current, receiver, value);
                receiver.LeaveChannel(s);
                bool yield = AfterMatch(s, current, receiver, wokenIsReceiver: true);
                receiver.StoreValue(s, value); // once queued: its run-queue slot keeps the value until it runs
                return yield;
            }
            if (CheckCanBlock(s, current, sending: true, fromFrame))
                return SendCore(s, current, value, fromFrame);
            uint position = Block(s, current, +1, fromFrame);
            OfferPlace(position).Store(value); // beside its place in the queue
            current.transferKind = TransferKind.Value;
            return true;
        }

        private bool SendExceptionCore(ThreadScheduler s, Tasklet current, Exception exception, bool fromFrame)
        {
            if (balance < 0)
            {
                Tasklet receiver = DequeueWaiter();
                balance++;
                var sent = new Transfer { obj = exception };
                bool taken = DeliveredToSelect(receiver, TransferKind.Exception, in sent);
                bool yield = AfterMatch(s, current, receiver, wokenIsReceiver: true);
                if (!taken)
                    HandTo(receiver, TransferKind.Exception, in sent);
                return yield;
            }
            if (CheckCanBlock(s, current, sending: true, fromFrame))
                return SendExceptionCore(s, current, exception, fromFrame);
            Block(s, current, +1, fromFrame);
            Offer(current, TransferKind.Exception, new Transfer { obj = exception });
            return true;
        }

        /// <summary>Returns true if <paramref name="current"/> must yield. The outcome is left in its transfer slot.</summary>
        /// <remarks>
        /// Compiled optimized at once, not tiered: a million tasklets spawned in a fresh process each block here before tiering
        /// has compiled it again, and its unoptimized code calls each helper it inlines (the cold round's run until parked
        /// −22%; no wave-1 row moved: docs/benchmarks.md, issue 15, session 9). It is a call from generated code either way.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private bool ReceiveCore(ThreadScheduler s, Tasklet current, bool fromFrame)
        {
            if (balance > 0)
            {
                Tasklet sender = TakeFirstWaiter();
                balance--;
                if (sender.transferKind == TransferKind.Value)
                {
                    sender.LeaveChannel(s);
                    sender.transferKind = TransferKind.None;
                    if (!AfterMatch(s, current, sender, wokenIsReceiver: false))
                    {
                        // The receiver goes on at once: it takes the value where the sender left it (End…, TakeReceived).
                        current.transferKind = TransferKind.ValueInPlace;
                        return false;
                    }
                    current.StoreValue(s, SentAt(LastDequeued).Take<T>()); // it yields first: into its own slot
                    return true;
                }
                if (sender.transferKind != TransferKind.Select)
                {
                    sender.LeaveChannel(s);
                    sender.slot = -1;
                }
                TakeFromSender(sender, current); // an exception, or a send case of a select
                return AfterMatch(s, current, sender, wokenIsReceiver: false);
            }
            if (closing)
            {
                current.transferKind = TransferKind.Closed;
                return false;
            }
            if (CheckCanBlock(s, current, sending: false, fromFrame))
                return ReceiveCore(s, current, fromFrame);
            Block(s, current, -1, fromFrame);
            return true;
        }

        // ---- timed TryReceive/TrySend: ready → the plain operation; else a one-shot select of this channel and a timeout ----

        /// <summary>Returns true if <paramref name="current"/> must yield. The outcome is left in its transfer slot (<see cref="TransferKind.TimedOut"/> on a timeout).</summary>
        private bool TimedReceiveCore(ThreadScheduler s, Tasklet current, TimeSpan timeout, bool fromFrame)
        {
            long ticks = Select.TimeoutTicks(timeout);
            if (balance > 0 || closing || ticks < 0)
                return ReceiveCore(s, current, fromFrame); // ready, or infinite: a plain receive
            if (ticks == 0)
            {
                current.transferKind = TransferKind.TimedOut;
                return false;
            }
            return Select.Rent(s).WaitTimed(s, current, this, SelectCaseKind.Receive, null, 0, ticks, fromFrame);
        }

        private bool TimedSendCore(ThreadScheduler s, Tasklet current, T value, TimeSpan timeout, bool fromFrame)
        {
            long ticks = Select.TimeoutTicks(timeout);
            if (balance < 0)
                return SendCore(s, current, value, fromFrame);
            if (closing || ticks == 0)
            {
                current.transferKind = TransferKind.TimedOut;
                return false;
            }
            if (ticks < 0)
                return SendCore(s, current, value, fromFrame); // infinite: a plain send
            TransferEncoding.Store(value, out object? obj, out long bits);
            return Select.Rent(s).WaitTimed(s, current, this, SelectCaseKind.Send, obj, bits, ticks, fromFrame);
        }

        private bool TakeTimedReceived(Tasklet current, out T value)
        {
            switch (current.transferKind)
            {
                case TransferKind.Value:
                    value = current.TakeValue<T>();
                    return true;
                case TransferKind.ValueInPlace:
                    value = TakeInPlace(current);
                    return true;
                case TransferKind.TimedOut:
                case TransferKind.Closed:
                    current.transferKind = TransferKind.None;
                    value = default!;
                    return false;
                default:
                    value = TakeReceivedSlow(current); // a sent exception is raised
                    return true;
            }
        }

        private static bool TakeTimedSent(Tasklet current)
        {
            if (current.transferKind != TransferKind.TimedOut)
                return true;
            current.transferKind = TransferKind.None;
            return false;
        }

        /// <summary>The receiver <paramref name="receiver"/> just dequeued waits in a select (the plain path's one extra test found it).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private bool SendToSelect(ThreadScheduler s, Tasklet current, Tasklet receiver, T value)
        {
            Debug.Assert(receiver.transferKind == TransferKind.Select);
            var encoded = new Transfer();
            encoded.Store(value);
            bool taken = DeliveredToSelect(receiver, TransferKind.Value, in encoded);
            bool yield = AfterMatch(s, current, receiver, wokenIsReceiver: true);
            if (!taken)
                HandTo(receiver, TransferKind.Value, in encoded);
            return yield;
        }

        /// <summary>Throws if the operation may not block. True: main would deadlock, but async operations of other threads were waiting in the inbox and were delivered: try again.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private bool CheckCanBlock(ThreadScheduler s, Tasklet current, bool sending, bool fromFrame)
        {
            if (closing && sending)
                ThrowClosedOnSend();
            if (!fromFrame && s.runCount == 1 && current == s.Main && !s.HasPending)
            {
                if (s.DeliverPostedNow())
                    return true;
                ThrowMainDeadlock(sending); // CheckCanBlock is inlined into every Begin…: its IL stays as small as it was
            }
            return false;
        }

        // Out of line: building these messages must not weigh on the hot path.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void ThrowClosedOnSend() =>
            throw new ChannelClosedException($"Cannot send on a closed channel: no receiver is waiting and the channel is closing (Channel<{typeof(T).Name}>, balance {balance}).");

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void ThrowMainDeadlock(bool sending) =>
            throw owner!.Deadlock($"Deadlock: the main tasklet would block on a {(sending ? "Send" : "Receive")} on {TypeNames.Describe(this)} (balance {balance}), and no other tasklet is runnable or pending.");

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private uint Block(ThreadScheduler s, Tasklet current, int direction, bool fromFrame)
        {
            if (fromFrame)
                s.UnlinkRunning(current);
            else
                s.Unlink(current);
            uint position = EnqueueWaiter(current);
            balance += direction;
            return position;
        }

        /// <summary>Main resumed from a receive: a delivered value wins over a failed tasklet's error, which then waits for main's next operation.</summary>
        private void EndMainReceive(ThreadScheduler s, Tasklet main)
        {
            if (s.pendingError != null && !main.pendingException && main.transferKind is TransferKind.Value or TransferKind.ValueInPlace)
                return;
            s.EndMainOperation();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private T TakeReceived(ThreadScheduler s, Tasklet current)
        {
            if (current.transferKind == TransferKind.Value)
                return current.TakeValue<T>(s);
            if (current.transferKind == TransferKind.ValueInPlace)
                return TakeInPlace(current);
            return TakeReceivedSlow(current);
        }

        /// <summary>The receiver did not yield after it took a blocked sender (<see cref="TransferKind.ValueInPlace"/>): the value is still beside that sender's place.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private T TakeInPlace(Tasklet current)
        {
            current.transferKind = TransferKind.None;
            return SentAt(LastDequeued).Take<T>();
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private T TakeReceivedSlow(Tasklet current)
        {
            switch (current.transferKind)
            {
                case TransferKind.Value:
                    return current.TakeValue<T>();
                case TransferKind.ValueInPlace:
                    return TakeInPlace(current);
                case TransferKind.Exception:
                    throw RaiseSent(current);
                case TransferKind.Closed:
                    current.transferKind = TransferKind.None;
                    throw ClosedOnReceive();
                default:
                    throw new InvalidOperationException("Internal error: a receive resumed without a value.");
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static ChannelClosedException ClosedOnReceive() =>
            new ChannelClosedException($"Receive on a closed channel: Channel<{typeof(T).Name}> is closed and no sender is left.");

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private bool TakeReceivedOrEnd(ThreadScheduler s, Tasklet current, out T value)
        {
            if (current.transferKind == TransferKind.Value)
            {
                value = current.TakeValue<T>(s);
                return true;
            }
            if (current.transferKind == TransferKind.ValueInPlace)
            {
                value = TakeInPlace(current);
                return true;
            }
            return TakeReceivedOrEndSlow(current, out value);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private bool TakeReceivedOrEndSlow(Tasklet current, out T value)
        {
            switch (current.transferKind)
            {
                case TransferKind.Closed:
                    current.transferKind = TransferKind.None;
                    value = default!;
                    return false;
                default:
                    value = TakeReceivedSlow(current);
                    return true;
            }
        }

        private static Exception RaiseSent(Tasklet current)
        {
            var ex = (Exception)current.TakeException();
            ExceptionDispatchInfo.Capture(ex).Throw();
            return ex;
        }
    }
}
