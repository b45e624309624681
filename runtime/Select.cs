using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Stackless.CompilerServices;

namespace Stackless
{
    /// <summary>
    /// Go's <c>select</c> over channels: waits until one of several channel operations can proceed, does that one,
    /// and tells which it was. Reusable: <see cref="Clear"/> and add cases again (no allocation after warm-up).
    /// </summary>
    /// <remarks>
    /// <para>Each channel and send value is taken when its case is added. <see cref="Wait"/> then: if several cases are
    /// ready, chooses one uniformly at random from the scheduler's seeded source (<see cref="Scheduler.Seed"/>), or the
    /// first in order when <see cref="Prioritized"/>; if none is, fires <see cref="Default"/> if there is one, else the
    /// tasklet waits in every case's channel at once (counted in each <see cref="Channel{T}.Balance"/>). The first partner
    /// wins; the tasklet has left every other queue when it runs again. The fired channel's preference decides who runs.</para>
    /// <para>Invariants: <c>waiter != null</c> exactly while a tasklet waits in this select; then its transfer kind is
    /// Select, its home this select (<see cref="Tasklet.WaitingSelect"/>), its slot −1 (<c>SleepingForever</c> when it waits
    /// for a timeout only) and its <c>blockedOn</c> the channel of its first queued case, and every
    /// channel case is queued in its channel at its position. Otherwise every case is idle. A select belongs to the
    /// thread that first uses it.</para>
    /// </remarks>
    public sealed class Select
    {
        private SelectCase[] cases = new SelectCase[4];
        private int count;
        private int defaultIndex = -1;
        internal ThreadScheduler? owner;

        /// <summary>The tasklet waiting in this select, or null.</summary>
        private Tasklet? waiter;

        /// <summary>The case the last <see cref="Wait"/> fired, −1 before; for a receive case, its outcome as a transfer slot holds it.</summary>
        private int fired = -1;
        private object? firedObj;
        private long firedBits;
        private TransferKind firedKind;

        /// <summary>The wake-up of the soonest <see cref="Timeout"/> case (made on first use, then re-armed), and that case while armed.</summary>
        private SelectTimer? timer;
        private int timeoutIndex = -1;

        /// <summary>
        /// The select of a timed <c>TryReceive</c>/<c>TrySend</c>, rented from this thread's free list: the outcome goes to the
        /// tasklet's transfer slot (<see cref="TransferKind.TimedOut"/> on a timeout) and the select returns to the list when the wait ends.
        /// </summary>
        private bool oneShot;
        private Select? nextFree;

        [ThreadStatic]
        private static Select? t_free;

        /// <summary>Creates a select with no cases.</summary>
        public Select() { }

        /// <summary>When true, the first ready case in the order they were added wins instead of a random one. Kept by <see cref="Clear"/>.</summary>
        public bool Prioritized { get; set; }

        /// <summary>The number of cases added since the select was created or cleared.</summary>
        public int Count => count;

        /// <summary>Adds a case that receives from <paramref name="channel"/>; returns the case's index.</summary>
        /// <exception cref="ArgumentException">A send case of this select already uses <paramref name="channel"/>.</exception>
        public int Receive<T>(Channel<T> channel)
        {
            if (channel is null) throw new ArgumentNullException(nameof(channel));
            return Add(channel, SelectCaseKind.Receive, null, 0);
        }

        /// <summary>Adds a case that sends <paramref name="value"/> (taken now) on <paramref name="channel"/>; returns the case's index.</summary>
        /// <exception cref="ArgumentException">A receive case of this select already uses <paramref name="channel"/>.</exception>
        public int Send<T>(Channel<T> channel, T value)
        {
            if (channel is null) throw new ArgumentNullException(nameof(channel));
            TransferEncoding.Store(value, out object? obj, out long bits);
            return Add(channel, SelectCaseKind.Send, obj, bits);
        }

        /// <summary>Adds the case that fires at once when no other case is ready (then <see cref="Wait"/> never suspends); returns its index.</summary>
        /// <exception cref="InvalidOperationException">The select already has a default case.</exception>
        public int Default()
        {
            if (defaultIndex >= 0)
                throw new InvalidOperationException($"This select already has a default case (case {defaultIndex}).");
            int index = Add(null, SelectCaseKind.Default, null, 0);
            defaultIndex = index;
            return index;
        }

        /// <summary>
        /// Adds the case that fires when <paramref name="timeout"/> has passed since <see cref="Wait"/> began with no other
        /// case fired (measured on the scheduler's clock, so virtual time applies); returns its index. Zero fires at once when
        /// nothing else is ready (as <see cref="Default"/>); <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> never fires.
        /// The soonest of several timeout cases fires.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (and not infinite).</exception>
        public int Timeout(TimeSpan timeout) => Add(null, SelectCaseKind.Timeout, null, TimeoutTicks(timeout));

        /// <summary>The ticks of a timeout, −1 for infinite; a negative one is refused.</summary>
        internal static long TimeoutTicks(TimeSpan timeout)
        {
            if (timeout == System.Threading.Timeout.InfiniteTimeSpan)
                return -1;
            if (timeout < TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A timeout must not be negative (Timeout.InfiniteTimeSpan waits forever).");
            return timeout.Ticks;
        }

        private int Add(ChannelCore? channel, SelectCaseKind kind, object? valueObj, long valueBits)
        {
            ThreadScheduler s = Bind();
            if (waiter != null)
                ThrowBusy("add a case to");
            if (channel != null)
            {
                if (channel.Bind() != s)
                    ThrowHelper.WrongThread("This channel");
                for (int i = 0; i < count; i++)
                    if (cases[i].channel == channel && cases[i].kind != kind)
                        ThrowBothWays(i);
            }
            if (count == cases.Length)
                Array.Resize(ref cases, count * 2);
            ref SelectCase c = ref cases[count];
            c.channel = channel;
            c.kind = kind;
            c.valueObj = valueObj;
            c.valueBits = valueBits;
            c.state = SelectCaseState.Idle;
            return count++;
        }

        /// <summary>Removes every case (releasing their channels and values) and the outcome of the last wait; keeps <see cref="Prioritized"/>.</summary>
        public void Clear()
        {
            Bind();
            if (waiter != null)
                ThrowBusy("clear");
            Array.Clear(cases, 0, count);
            count = 0;
            defaultIndex = -1;
            ForgetFired();
        }

        /// <summary>
        /// Suspends until one case fires, does its operation, and returns its index. Cases stay: Wait again to select
        /// again (a send case sends its value again).
        /// </summary>
        /// <exception cref="InvalidOperationException">The select has no cases, or a tasklet already waits in it.</exception>
        /// <exception cref="ChannelClosedException">The chosen case sends on a closed channel.</exception>
        /// <exception cref="DeadlockException">Main would wait with nothing else runnable.</exception>
        [SuspensionPoint(nameof(BeginWait), nameof(EndWait))]
        public int Wait()
        {
            ThreadScheduler s = Bind();
            Tasklet main = s.RequireMainOrThrow("Select.Wait()");
            s.ThrowIfErrorPending();
            if (WaitCore(s, main, fromFrame: false))
                s.PumpMain();
            // A case that fired wins over a failed tasklet's error, which then waits for main's next operation.
            if (s.pendingError == null || main.pendingException || fired < 0)
                s.EndMainOperation();
            return TakeFired();
        }

        /// <summary>The value the receive case on <paramref name="channel"/> got in the last <see cref="Wait"/> (<c>default</c> if it fired because the channel is closed).</summary>
        /// <exception cref="InvalidOperationException">No receive case on <paramref name="channel"/> fired in the last wait.</exception>
        public T Value<T>(Channel<T> channel)
        {
            if (channel is null) throw new ArgumentNullException(nameof(channel));
            Bind();
            int f = fired;
            if (f < 0 || cases[f].kind != SelectCaseKind.Receive || cases[f].channel != channel)
                ThrowNotFired(typeof(T));
            if (firedKind != TransferKind.Value)
                return default!;
            return TransferEncoding.Read<T>(firedObj, firedBits);
        }

        /// <summary>True if case <paramref name="index"/> fired in the last <see cref="Wait"/> because its channel is closed and drained (Go's <c>v, ok := &lt;-ch</c> with ok false).</summary>
        public bool Closed(int index)
        {
            Bind();
            if ((uint)index >= (uint)count)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"This select has {count} cases.");
            return index == fired && firedKind == TransferKind.Closed;
        }

        // ---- the frame API, for code the generator emits ----

        /// <summary>Generated code: starts <see cref="Wait"/> from <paramref name="frame"/> (the running frame, <c>this</c>). True: the frame must return now and resume at its resume point.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public bool BeginWait(Tasklet frame)
        {
            ThreadScheduler s = frame.FrameScheduler;
            if (owner != s)
                BindSlow(s);
            return WaitCore(s, s.CurrentOf(frame), fromFrame: true);
        }

        /// <summary>Generated code: completes <see cref="Wait"/> in <paramref name="frame"/> at its resume point and returns the index of the case that fired.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public int EndWait(Tasklet frame)
        {
            owner!.CurrentOf(frame).ThrowIfPending(); // bound by BeginWait
            return TakeFired();
        }

        // ---- waiting ----

        /// <summary>Returns true if <paramref name="current"/> must yield (it waits, or the fired partner runs first).</summary>
        private bool WaitCore(ThreadScheduler s, Tasklet current, bool fromFrame)
        {
            if (count == 0)
                throw new InvalidOperationException("Select.Wait() needs at least one case: add a Receive, Send, Timeout or Default case first.");
            if (waiter != null)
                ThrowBusy("wait in");
            ForgetFired();
            int chosen = ChooseReady(s);
            if (chosen >= 0)
                return FireReady(s, current, chosen);
            if (defaultIndex >= 0)
            {
                fired = defaultIndex;
                return false;
            }
            int soonest = SoonestTimeout();
            long due = -1;
            if (soonest >= 0)
            {
                if (cases[soonest].valueBits == 0)
                {
                    fired = soonest; // a zero timeout: nothing is ready now
                    return false;
                }
                due = s.DueTicks(TimeSpan.FromTicks(cases[soonest].valueBits));
            }
            if (due < 0 && !fromFrame && s.runCount == 1 && current == s.Main && !s.HasPending)
            {
                if (s.DeliverPostedNow())
                    return WaitCore(s, current, fromFrame); // other threads' async operations were waiting: look again
                ThrowMainDeadlock(s);
            }

            if (fromFrame)
                s.UnlinkRunning(current);
            else
                s.Unlink(current);
            current.slot = -1;
            current.WaitIn(this); // before queuing: a ring that grows renumbers through it
            waiter = current;
            for (int i = 0; i < count; i++)
            {
                ref SelectCase c = ref cases[i];
                if (c.kind != SelectCaseKind.Receive && c.kind != SelectCaseKind.Send)
                    continue;
                c.position = c.channel!.EnqueueSelectWaiter(current, c.kind == SelectCaseKind.Send ? +1 : -1);
                c.state = SelectCaseState.Queued;
            }
            if (QueuedChannel == null)
            {
                current.slot = ThreadScheduler.SleepingForever; // in no queue: it waits for its timeout only (IsSleeping)
                if (due < 0)
                    s.NoteRarePark(current); // and no timer: nothing refers to it
            }
            if (due >= 0)
            {
                timer ??= new SelectTimer(this);
                timeoutIndex = soonest;
                s.StartTimer(timer, due);
            }
            return true;
        }

        /// <summary>The timeout case with the smallest finite delay (the first of equals), or −1.</summary>
        private int SoonestTimeout()
        {
            int soonest = -1;
            for (int i = 0; i < count; i++)
            {
                ref SelectCase c = ref cases[i];
                if (c.kind == SelectCaseKind.Timeout && c.valueBits >= 0 && (soonest < 0 || c.valueBits < cases[soonest].valueBits))
                    soonest = i;
            }
            return soonest;
        }

        /// <summary>The ready case to fire, or −1: uniform among the ready ones (one draw, only when there is a choice), or the first if <see cref="Prioritized"/>.</summary>
        private int ChooseReady(ThreadScheduler s)
        {
            int ready = 0, first = -1;
            for (int i = 0; i < count; i++)
            {
                if (!IsReady(in cases[i]))
                    continue;
                if (Prioritized)
                    return i;
                if (ready++ == 0)
                    first = i;
            }
            if (ready <= 1)
                return first;
            int pick = s.explorer == null ? s.random.Next(ready) : s.explorer.Choose(ready, Testing.ScheduleDecisionKind.Select);
            for (int i = first; ; i++)
            {
                if (IsReady(in cases[i]) && pick-- == 0)
                    return i;
            }
        }

        /// <summary>A receive is ready when a sender waits or the channel is closed and drained; a send when a receiver waits, or (to fail) when the channel is closing.</summary>
        private static bool IsReady(in SelectCase c) => c.kind switch
        {
            SelectCaseKind.Receive => c.channel!.balance > 0 || c.channel.closing,
            SelectCaseKind.Send => c.channel!.balance < 0 || c.channel.closing,
            _ => false,
        };

        /// <summary>Does the operation of ready case <paramref name="i"/> as the running tasklet; returns true if it must yield.</summary>
        private bool FireReady(ThreadScheduler s, Tasklet current, int i)
        {
            ref SelectCase c = ref cases[i];
            ChannelCore channel = c.channel!;
            if (c.kind == SelectCaseKind.Receive)
            {
                bool yield = channel.SelectReceive(s, current, out firedKind, out Transfer value);
                fired = i;
                firedObj = value.obj;
                firedBits = value.bits;
                return yield;
            }
            if (channel.balance >= 0)
                throw new ChannelClosedException($"Cannot send on a closed channel: case {i} of a select sends on a closing channel and no receiver is waiting.");
            fired = i;
            return channel.SelectSend(s, current, new Transfer { obj = c.valueObj, bits = c.valueBits });
        }

        // ---- called by a channel when a partner meets the waiting tasklet ----

        /// <summary>
        /// A partner delivered <paramref name="kind"/> and <paramref name="value"/> to the receive case at <paramref name="position"/>
        /// of <paramref name="channel"/> (the channel has dequeued it). True: this select keeps the outcome for <see cref="Wait"/>'s
        /// caller; false (a one-shot select: a timed TryReceive), the channel hands it to the receiver once it is queued to run.
        /// </summary>
        internal bool ReceiveFired(ChannelCore channel, uint position, Tasklet receiver, TransferKind kind, in Transfer value)
        {
            Fire(channel, position, receiver);
            if (oneShot)
            {
                Release(); // the outcome goes to the tasklet, where the timed TryReceive reads it
                return false;
            }
            firedObj = value.obj;
            firedBits = value.bits;
            firedKind = kind;
            return true;
        }

        /// <summary>A partner took the value of the send case at <paramref name="position"/> of <paramref name="channel"/> (the channel has dequeued it): returned to the channel.</summary>
        internal Transfer SendFired(ChannelCore channel, uint position, Tasklet sender)
        {
            int i = Fire(channel, position, sender);
            var value = new Transfer { obj = cases[i].valueObj, bits = cases[i].valueBits };
            if (oneShot)
                Release();
            return value;
        }

        /// <summary>The case at <paramref name="position"/> of <paramref name="channel"/> fired (the channel has dequeued it): leave every other queue.</summary>
        private int Fire(ChannelCore channel, uint position, Tasklet t)
        {
            Debug.Assert(t == waiter);
            CancelTimeout();
            int hit = -1;
            for (int i = 0; i < count; i++)
            {
                ref SelectCase c = ref cases[i];
                if (c.state == SelectCaseState.Idle)
                    continue;
                c.state = SelectCaseState.Idle;
                if (hit < 0 && c.channel == channel && c.position == position)
                    hit = i;
                else
                    c.channel!.RemoveSelectWaiter(c.position, t);
            }
            Debug.Assert(hit >= 0);
            fired = hit;
            waiter = null;
            t.ReturnHome(owner!);
            t.transferKind = TransferKind.None; // the channel hands it the outcome, or this select keeps it
            t.slot = -1;
            return hit;
        }

        /// <summary><paramref name="t"/> stops waiting without a case firing (killed, thrown into, or main woken): it leaves every queue.</summary>
        internal void Abandon(Tasklet t)
        {
            Debug.Assert(t == waiter);
            CancelTimeout();
            LeaveQueues(t);
            t.transferKind = TransferKind.None;
            if (oneShot)
                Release();
        }

        /// <summary>The soonest timeout case's time came (the timer is already disarmed): it fires, and the tasklet runs again.</summary>
        private void TimedOut(ThreadScheduler s)
        {
            Tasklet t = waiter!;
            LeaveQueues(t);
            fired = timeoutIndex;
            timeoutIndex = -1;
            t.transferKind = oneShot ? TransferKind.TimedOut : TransferKind.None;
            if (oneShot)
                Release();
            s.Append(t);
        }

        /// <summary>The waiting tasklet <paramref name="t"/> leaves every queue it is in; it is no longer this select's.</summary>
        private void LeaveQueues(Tasklet t)
        {
            for (int i = 0; i < count; i++)
            {
                ref SelectCase c = ref cases[i];
                if (c.state == SelectCaseState.Idle)
                    continue;
                c.state = SelectCaseState.Idle;
                c.channel!.RemoveSelectWaiter(c.position, t);
            }
            waiter = null;
            t.ReturnHome(owner!);
            t.slot = -1;
        }

        private void CancelTimeout()
        {
            if (timer != null && timer.IsArmed)
                owner!.CancelTimer(timer);
            timeoutIndex = -1;
        }

        /// <summary>The channel of the first case queued now (the tasklet waiting here is blocked on it), or null: it waits for a timeout only.</summary>
        internal ChannelCore? QueuedChannel
        {
            get
            {
                for (int i = 0; i < count; i++)
                {
                    if (cases[i].state == SelectCaseState.Queued)
                        return cases[i].channel;
                }
                return null;
            }
        }

        // ---- introspection (Tasklet.WaitingOn, Scheduler.Dump) ----

        /// <summary>The wait of the tasklet waiting here: a timed TryReceive/TrySend is its channel operation; a select, its channels.</summary>
        internal TaskletWait DescribeWait(ThreadScheduler s)
        {
            TimeSpan? since = null, until = null;
            if (timer != null && timer.IsArmed)
            {
                long due = s.timers.DueOf(timer.timerIndex);
                until = TimeSpan.FromTicks(due);
                if (timeoutIndex >= 0 && due != long.MaxValue)
                    since = TimeSpan.FromTicks(due - cases[timeoutIndex].valueBits); // armed at Now + timeout: no clock read when it parked
            }
            if (oneShot)
                return new TaskletWait(cases[0].kind == SelectCaseKind.Send ? TaskletWaitKind.Send : TaskletWaitKind.Receive, cases[0].channel, since, until);
            ChannelCore? only = null;
            int channels = 0;
            for (int i = 0; i < count; i++)
            {
                if (cases[i].channel is ChannelCore c)
                {
                    channels++;
                    only = c;
                }
            }
            return new TaskletWait(TaskletWaitKind.Select, channels == 1 ? only : null, since, until);
        }

        /// <summary>The cases a tasklet waits on, for a dump: <c>receive Channel&lt;Int32&gt; #1a2b3c, timeout 00:00:01</c>.</summary>
        internal string DescribeCases()
        {
            var sb = new System.Text.StringBuilder();
            for (int i = 0; i < count; i++)
            {
                ref SelectCase c = ref cases[i];
                if (sb.Length > 0) sb.Append(", ");
                sb.Append(c.kind switch
                {
                    SelectCaseKind.Receive => "receive " + TypeNames.Describe(c.channel!),
                    SelectCaseKind.Send => "send " + TypeNames.Describe(c.channel!),
                    SelectCaseKind.Timeout => c.valueBits < 0 ? "timeout never" : "timeout " + TimeSpan.FromTicks(c.valueBits),
                    _ => "default",
                });
            }
            return sb.ToString();
        }

        /// <summary>The tasklet waiting in this select, or null.</summary>
        internal Tasklet? Waiter => waiter;

        // ---- the select of a timed TryReceive/TrySend ----

        /// <summary>A free one-shot select of this thread (none is allocated after warm-up).</summary>
        internal static Select Rent(ThreadScheduler s)
        {
            Select? select = t_free;
            if (select != null)
            {
                t_free = select.nextFree;
                select.nextFree = null;
            }
            else
            {
                select = new Select { oneShot = true };
            }
            select.owner = s;
            return select;
        }

        /// <summary>A one-shot select: its channel case (bound already) and its timeout (&gt; 0 ticks), then it waits.</summary>
        internal bool WaitTimed(ThreadScheduler s, Tasklet current, ChannelCore channel, SelectCaseKind kind, object? valueObj, long valueBits, long timeoutTicks, bool fromFrame)
        {
            Debug.Assert(oneShot && count == 0 && timeoutTicks > 0);
            cases[0] = new SelectCase { channel = channel, kind = kind, valueObj = valueObj, valueBits = valueBits };
            cases[1] = new SelectCase { kind = SelectCaseKind.Timeout, valueBits = timeoutTicks };
            count = 2;
            return WaitCore(s, current, fromFrame);
        }

        private void Release()
        {
            Debug.Assert(oneShot && waiter == null);
            Array.Clear(cases, 0, count);
            count = 0;
            ForgetFired();
            nextFree = t_free;
            t_free = this;
        }

        /// <summary>A select's timeout: one per select, re-armed by every wait that has a timeout case.</summary>
        private sealed class SelectTimer(Select select) : TimedWake
        {
            internal override void OnTimeout(ThreadScheduler s) => select.TimedOut(s);

            internal override Tasklet? WaitingTasklet => select.waiter;
        }

        /// <summary><paramref name="channel"/>'s ring grew and renumbered the case queued at <paramref name="from"/>.</summary>
        internal void Renumber(ChannelCore channel, uint from, uint to)
        {
            for (int i = 0; i < count; i++)
            {
                ref SelectCase c = ref cases[i];
                if (c.state == SelectCaseState.Queued && c.channel == channel && c.position == from)
                {
                    c.position = to;
                    c.state = SelectCaseState.Renumbered; // not matched again while the ring is renumbered
                    return;
                }
            }
            Debug.Fail("a queued select case was not found");
        }

        /// <summary>The ring that called <see cref="Renumber"/> is done.</summary>
        internal void EndRenumber()
        {
            for (int i = 0; i < count; i++)
                if (cases[i].state == SelectCaseState.Renumbered)
                    cases[i].state = SelectCaseState.Queued;
        }

        // ---- the outcome ----

        /// <summary>The fired case's index; a receive case that got an exception (<see cref="Channel{T}.SendException"/>) raises it.</summary>
        private int TakeFired()
        {
            int f = fired;
            if (firedKind == TransferKind.Exception)
            {
                var ex = (Exception)firedObj!;
                ForgetFired();
                ExceptionDispatchInfo.Capture(ex).Throw();
            }
            if (f < 0)
                throw new InvalidOperationException("Internal error: a select resumed without a case that fired.");
            return f;
        }

        private void ForgetFired()
        {
            fired = -1;
            firedObj = null;
            firedKind = TransferKind.None;
        }

        private ThreadScheduler Bind()
        {
            ThreadScheduler s = ThreadScheduler.ForCurrentThread;
            if (owner != s)
                BindSlow(s);
            return s;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void BindSlow(ThreadScheduler s)
        {
            if (owner == null)
                owner = s;
            else
                ThrowHelper.WrongThread("This select");
        }

        // A channel's queue holds waiters of one direction (its balance's sign), so one tasklet cannot wait to send and to receive on it at once.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowBothWays(int other) =>
            throw new ArgumentException($"A select cannot both send and receive on the same channel (case {other} already uses it the other way).", "channel");

        // Out of line: the report walks every tasklet, and its code must not weigh on WaitCore.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void ThrowMainDeadlock(ThreadScheduler s) =>
            throw s.Deadlock($"Deadlock: the main tasklet would wait in a Select ({DescribeCases()}) with no other tasklet runnable or pending.");

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void ThrowBusy(string what) =>
            throw new InvalidOperationException($"Cannot {what} this select: {waiter} is waiting in it.");

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void ThrowNotFired(Type t) =>
            throw new InvalidOperationException(
                fired < 0
                    ? $"Select.Value<{t.Name}>: no case has fired (call Wait() first)."
                    : $"Select.Value<{t.Name}>: the receive case on this channel did not fire; case {fired} did.");
    }
}
