using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Stackless.CompilerServices;

namespace Stackless
{
    /// <summary>
    /// A lightweight thread of execution scheduled cooperatively on one thread.
    /// Created by the generated <c>Spawn{Method}</c> methods of <see cref="TaskletAttribute"/> methods;
    /// every thread also has one <see cref="Scheduler.Main"/> tasklet: the ordinary code running on it.
    /// </summary>
    /// <remarks>
    /// A tasklet object is also the root frame of its own state machine (the generator derives the frame
    /// from it), so a parked tasklet costs one object plus the locals it keeps. Nested frames of calls
    /// between tasklet methods are instances of the same frame classes, linked by their caller.
    /// All members must be used from the thread the tasklet belongs to.
    /// </remarks>
    public abstract partial class Tasklet
    {
        // Frame part: every generated frame uses these.

        /// <summary>Resume state of this frame: 0 before it starts, then the resume point it is suspended at (-1 while it runs).</summary>
        /// <remarks>
        /// 16 bits: a frame's resume points are numbered from 1 and are far fewer (the generator numbers them; −1 … 32,767). The
        /// two bytes this saves, with the flags packed into one byte (<see cref="flags"/>), make the tasklet's small fields 4 bytes
        /// instead of 8, so a derived frame's first 4-byte field fills the base's last 4 bytes: a frame such as <c>Park</c>
        /// (a channel and an <c>int</c> result) is 72 B instead of 80.
        /// </remarks>
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected short State;

        /// <summary>
        /// <see cref="status"/> (bits 0-1), <see cref="nested"/> (<see cref="NestedFlag"/>) and <see cref="pendingException"/>
        /// (<see cref="PendingFlag"/>) in one byte: with <see cref="State"/> in 16 bits, the tasklet's small fields take 4 bytes
        /// instead of 8, so a derived frame's first 4-byte field fills the base's last 4 bytes.
        /// </summary>
        /// <remarks>Internal, not private, only for <see cref="Channel{T}.BeginReceive(Tasklet)"/>'s read of the nested bit (see there why).</remarks>
        internal byte flags;

        private const byte StatusMask = 3;
        internal const byte NestedFlag = 4;
        private const byte PendingFlag = 8;
        private const byte HeldFlag = 16;

        /// <summary>
        /// A nested frame (<see cref="nested"/>): the frame that called it. A root frame: the innermost frame
        /// of its tasklet, which resumes next (itself when it has called nothing). Null otherwise.
        /// One field for both, since a frame is only ever one of the two.
        /// </summary>
        internal Tasklet? link;

        /// <summary>True for a frame pushed by a call from another frame.</summary>
        internal bool nested
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => (flags & NestedFlag) != 0;
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            set => flags = value ? (byte)(flags | NestedFlag) : (byte)(flags & ~NestedFlag);
        }

        // Tasklet part: the root frame is the tasklet.

        /// <summary>
        /// Where this tasklet is: blocked on a channel, that <see cref="ChannelCore"/>; waiting in a <see cref="Stackless.Select"/>,
        /// that select; parked in <c>Tasklet.Await</c>, its <see cref="AwaitNode"/>; otherwise its <see cref="ThreadScheduler"/>
        /// (null until spawned or called). One field for all, since each of those knows the scheduler: every tasklet is 8 bytes
        /// smaller, and the select or await a tasklet waits in costs no field of its own (issue 15). The price is one reference
        /// store (a write barrier) when a tasklet wakes, where clearing a field of its own stored null.
        /// Invariant: null, a ThreadScheduler, a bound ChannelCore (owner set), a Select waited in (<see cref="transferKind"/>
        /// <see cref="TransferKind.Select"/>) or an AwaitNode (<see cref="TransferKind.Await"/>); a running frame's is its ThreadScheduler.
        /// </summary>
        /// <remarks>Internal, not private, only for <see cref="Channel{T}.BeginReceive(Tasklet)"/>'s read (see there why); written here only.</remarks>
        internal object? home;

        /// <summary>The channel this tasklet is blocked on (in a <see cref="Select"/>: one of its channels), or null.</summary>
        internal ChannelCore? blockedOn
        {
            get
            {
                object? h = home;
                if (h is null or ThreadScheduler)
                    return null;
                return h as ChannelCore ?? (h as Select)?.QueuedChannel; // an await node: null
            }
        }

        /// <summary>True while it waits away from its scheduler: on a channel, in a select or in an await (one type compare).</summary>
        internal bool IsInWait
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => home is not (null or ThreadScheduler);
        }

        /// <summary>This tasklet blocks on <paramref name="channel"/>, a channel of its own scheduler.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void BlockOn(ChannelCore channel)
        {
            Debug.Assert(channel.owner != null && channel.owner == scheduler);
            home = channel;
        }

        /// <summary>This tasklet leaves the channel it was blocked on, whose owner is <paramref name="owner"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void LeaveChannel(ThreadScheduler owner)
        {
            Debug.Assert(home is ChannelCore c && c.owner == owner);
            home = owner;
        }

        /// <summary>This tasklet, off the run queue, waits in <paramref name="select"/> (before the select queues it anywhere).</summary>
        internal void WaitIn(Select select)
        {
            Debug.Assert(!IsInWait && select.owner == scheduler);
            home = select;
            transferKind = TransferKind.Select;
        }

        /// <summary>This tasklet, off the run queue, is parked on <paramref name="node"/>.</summary>
        internal void WaitIn(AwaitNode node)
        {
            Debug.Assert(!IsInWait);
            home = node;
            transferKind = TransferKind.Await;
        }

        /// <summary>The select this tasklet waits in (its <see cref="transferKind"/> is <see cref="TransferKind.Select"/>).</summary>
        internal Select WaitingSelect
        {
            get
            {
                Debug.Assert(transferKind == TransferKind.Select && home is Select);
                return Unsafe.As<Select>(home!);
            }
        }

        /// <summary>The await node this tasklet is parked on (its <see cref="transferKind"/> is <see cref="TransferKind.Await"/>).</summary>
        internal AwaitNode WaitingAwait
        {
            get
            {
                Debug.Assert(transferKind == TransferKind.Await && home is AwaitNode);
                return Unsafe.As<AwaitNode>(home!);
            }
        }

        /// <summary>It stops waiting on a channel, in a select or in an await: home is <paramref name="owner"/> again.</summary>
        internal void ReturnHome(ThreadScheduler owner)
        {
            Debug.Assert(scheduler == owner);
            home = owner;
        }

        // The value in transit to or from this tasklet (a value or exception sent to it or by it, an await's outcome) is not
        // a field: see Transfer. Its kind is (transferKind, in the small fields).

        internal int id;

        /// <summary>
        /// In the run queue: this tasklet's slot in its scheduler. Blocked: its position in the channel's queue.
        /// Sleeping: ≤ -2, its timer id in the timer heap (<see cref="TimerHeap.SleepSlot"/>), or <see cref="ThreadScheduler.SleepingForever"/>.
        /// Else -1. One field for all: a tasklet is only ever in one of these places, so a sleeper costs no extra field.
        /// </summary>
        internal int slot = -1;

        /// <summary>The scheduler this tasklet (or this frame's tasklet) belongs to; null until spawned or called.</summary>
        internal ThreadScheduler? scheduler
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => home is ThreadScheduler s ? s : home is null ? null : OwnerOfWait(home);
            set
            {
                Debug.Assert(!IsInWait);
                home = value;
            }
        }

        /// <summary>The scheduler of the channel, select or await node <paramref name="wait"/> (this tasklet's <see cref="home"/>).</summary>
        private static ThreadScheduler? OwnerOfWait(object wait) => wait switch
        {
            ChannelCore channel => channel.owner,
            Select select => select.owner,
            _ => ((AwaitNode)wait).scheduler,
        };

        /// <summary>The scheduler of a running frame, read without a test (<see cref="home"/> holds it while the frame runs).</summary>
        private ThreadScheduler RunningScheduler
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get
            {
                Debug.Assert(home is ThreadScheduler);
                return Unsafe.As<ThreadScheduler>(home);
            }
        }

        internal TaskletStatus status
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => (TaskletStatus)(flags & StatusMask);
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            set => flags = (byte)((flags & ~StatusMask) | (byte)value);
        }

        /// <summary>A kill or thrown exception waits in its scheduler's side table (<see cref="ThreadScheduler.SetPendingException"/>) to be raised when this tasklet next resumes.</summary>
        internal bool pendingException
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => (flags & PendingFlag) != 0;
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            set => flags = value ? (byte)(flags | PendingFlag) : (byte)(flags & ~PendingFlag);
        }

        /// <summary>
        /// Out of the run queue (paused by <see cref="Remove"/>, or moved) with a value or exception in transit: its scheduler
        /// holds it aside (<see cref="ThreadScheduler.Hold"/>) until the tasklet takes a slot again.
        /// </summary>
        internal bool heldTransfer
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => (flags & HeldFlag) != 0;
            set => flags = value ? (byte)(flags | HeldFlag) : (byte)(flags & ~HeldFlag);
        }

        internal TransferKind transferKind;

        private protected Tasklet() { }

        /// <summary>Runs this frame until it suspends, calls a nested frame, returns or throws.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected internal abstract void MoveNext();

        /// <summary>A number that identifies this tasklet within its thread (the main tasklet is 0).</summary>
        public int Id => id;

        /// <summary>In the run queue: it holds a slot there and waits on no channel (derived, so it costs no field).</summary>
        internal bool inRunQueue
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => slot >= 0 && !IsInWait;
        }

        /// <summary>True from spawn until the tasklet returns, fails or is killed.</summary>
        public bool IsAlive => status == TaskletStatus.Alive;

        /// <summary>Waiting in <see cref="Scheduler.Sleep"/> (for a time, or forever).</summary>
        internal bool IsSleeping => slot <= -2;

        /// <summary>True while the tasklet waits on a channel or sleeps (<see cref="Scheduler.Sleep"/>).</summary>
        public bool IsBlocked => blockedOn != null || IsSleeping;

        /// <summary>True when the tasklet is in the run queue, blocked on a channel or sleeping (as in Stackless: it runs again without help).</summary>
        public bool IsScheduled => inRunQueue || blockedOn != null || IsSleeping;

        /// <summary>True when the tasklet is alive but neither in the run queue nor blocked nor sleeping nor awaiting (after <see cref="Remove"/> or <see cref="Scheduler.ScheduleRemove"/>).</summary>
        public bool IsPaused => status == TaskletStatus.Alive && !inRunQueue && blockedOn == null && !IsSleeping && transferKind != TransferKind.Await;

        /// <summary>True for the thread's main tasklet.</summary>
        public bool IsMain => this is MainTasklet;

        /// <summary>True for the tasklet that is running now.</summary>
        public bool IsCurrent
        {
            get
            {
                ThreadScheduler s = Owner();
                return s.Current == this;
            }
        }

        /// <summary>Appends a paused tasklet to the end of the run queue. Does nothing if it is already there.</summary>
        /// <exception cref="InvalidOperationException">The tasklet is dead or blocked on a channel.</exception>
        public void Insert()
        {
            ThreadScheduler s = Owner();
            if (status != TaskletStatus.Alive)
                throw new InvalidOperationException($"{this} is not alive and cannot be inserted into the run queue.");
            if (blockedOn != null)
                throw new InvalidOperationException($"{this} is blocked on a channel; it becomes runnable when the channel operation completes (or Kill() it).");
            if (IsSleeping)
                throw new InvalidOperationException($"{this} is sleeping; it becomes runnable when its time comes (or Kill() it).");
            if (IsAwaiting)
                throw new InvalidOperationException($"{this} is waiting in Tasklet.Await; it becomes runnable when the task completes (or Kill() it).");
            if (!inRunQueue)
                s.AppendPaused(this);
        }

        /// <summary>Takes the tasklet off the run queue; it stays alive (paused) until <see cref="Insert"/>.</summary>
        /// <exception cref="InvalidOperationException">The tasklet is the current one, or blocked on a channel.</exception>
        public void Remove()
        {
            ThreadScheduler s = Owner();
            if (s.Current == this)
                throw new InvalidOperationException($"{this} is the current tasklet; use Scheduler.ScheduleRemove() to pause it.");
            if (blockedOn != null || IsSleeping)
                throw new InvalidOperationException($"{this} is {(IsSleeping ? "sleeping" : "blocked on a channel")} and is not in the run queue; Kill() it to end the wait.");
            if (inRunQueue)
            {
                s.Unlink(this);
                s.NoteRarePark(this);
            }
        }

        /// <summary>
        /// Switches to this tasklet now; the caller stays runnable right behind it.
        /// From the main tasklet this runs the scheduler until main's turn comes again.
        /// </summary>
        [SuspensionPoint(nameof(BeginRun), nameof(Scheduler.EndSwitch), EndType = typeof(Scheduler))]
        public void Run()
        {
            ThreadScheduler s = Owner();
            Tasklet current = s.RequireMainOrThrow("Tasklet.Run()");
            if (s.RunSwitch(this, current))
                s.PumpMain();
            s.EndMainOperation();
        }

        /// <summary>
        /// Kills the tasklet: <see cref="TaskletExit"/> is raised at its suspension point, so its
        /// <c>catch</c> and <c>finally</c> blocks run. A blocked tasklet leaves its channel's queue.
        /// Killing a tasklet that never started ends it without running its body; killing a dead one does nothing.
        /// </summary>
        /// <param name="pending">False: the tasklet runs (and dies) at once. True: it is appended to the run queue and dies when it next runs.</param>
        [SuspensionPoint(nameof(BeginKill), nameof(Scheduler.EndSwitch), EndType = typeof(Scheduler))]
        public void Kill(bool pending = false) => Throw(new TaskletExit(), pending);

        /// <summary>Raises <paramref name="exception"/> inside the tasklet at its suspension point.</summary>
        /// <param name="exception">The exception to raise.</param>
        /// <param name="pending">False: the tasklet runs at once. True: it is appended to the run queue and raises when it next runs.</param>
        /// <exception cref="InvalidOperationException">The tasklet is dead (unless the exception is a <see cref="TaskletExit"/>).</exception>
        [SuspensionPoint(nameof(BeginThrow), nameof(Scheduler.EndSwitch), EndType = typeof(Scheduler))]
        public void Throw(Exception exception, bool pending = false)
        {
            if (exception is null) throw new ArgumentNullException(nameof(exception));
            ThreadScheduler s = Owner();
            Tasklet current = s.Current;
            if (current == this)
                ExceptionDispatchInfo.Throw(exception);
            if (!pending)
                s.RequireMainOrThrow(exception is TaskletExit ? "Tasklet.Kill()" : "Tasklet.Throw()", pendingHint: true);
            if (s.ThrowSwitch(this, exception, pending, current))
                s.PumpMain();
            s.EndMainOperation();
        }

        /// <summary>The scheduler of this tasklet's thread; throws if called from another thread.</summary>
        internal ThreadScheduler Owner()
        {
            ThreadScheduler s = ThreadScheduler.ForCurrentThread;
            if (status == TaskletStatus.Alive && scheduler != s)
                ThrowHelper.WrongThread(this.ToString());
            return s;
        }

        /// <summary>True if this is a root frame that has not run a single step yet.</summary>
        internal bool NeverStarted => !nested && link == this && State == 0 && status == TaskletStatus.Alive;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void ThrowIfPending()
        {
            if (pendingException)
                ThrowPending();
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        internal void ThrowPending()
        {
            pendingException = false;
            ThreadScheduler s = scheduler!;
            s.pendingCount--;
            Exception ex = s.TakePendingException(this);
            transferKind = TransferKind.None;
            ExceptionDispatchInfo.Throw(ex);
        }

        /// <summary>Sets an exception to be raised when this tasklet next resumes; any value in transit is dropped.</summary>
        internal void SetPendingException(Exception exception)
        {
            ThreadScheduler s = scheduler!;
            if (!pendingException)
            {
                pendingException = true;
                s.pendingCount++;
            }
            s.SetPendingException(this, exception);
            DropTransfer();
        }

        /// <summary>Drops any value or exception in transit to this tasklet (it is killed, thrown into, or main's operation fails).</summary>
        internal void DropTransfer()
        {
            if (transferKind is TransferKind.Value or TransferKind.Exception && status == TaskletStatus.Alive)
            {
                if (heldTransfer)
                    scheduler!.DropHeld(this);
                else if (slot >= 0 && !IsInWait)
                    InTransit.obj = null;
                // (a blocked sender's value is dropped by the channel it leaves: ChannelCore.RemoveWaiter)
            }
            if (transferKind is not (TransferKind.Select or TransferKind.Await))
                transferKind = TransferKind.None;
        }

        // ---- the final exception of a failed frame (rare: a side table, not a field of every frame) ----

        /// <summary>
        /// The exception each failed frame ended with (its <see cref="transferKind"/> is <see cref="TransferKind.Exception"/>),
        /// kept as long as the frame: its caller's <c>GetResult</c> or <see cref="Tasklet{T}.Result"/> rethrows it.
        /// </summary>
        private static readonly ConditionalWeakTable<Tasklet, ExceptionDispatchInfo> s_failures = new();

        /// <summary>This frame failed (or was killed before it started) with <paramref name="error"/>.</summary>
        internal void SetFailure(ExceptionDispatchInfo error)
        {
            s_failures.AddOrUpdate(this, error);
            transferKind = TransferKind.Exception;
        }

        /// <summary>The exception this dead frame ended with, or null (it returned, or it is not dead).</summary>
        internal ExceptionDispatchInfo? FailureOf() =>
            transferKind == TransferKind.Exception && status == TaskletStatus.Dead && s_failures.TryGetValue(this, out ExceptionDispatchInfo? edi) ? edi : null;

        // ---- value transfer (no boxing for references and unmanaged values up to 8 bytes) ----

        /// <summary>
        /// The value in transit of this tasklet, which holds a run-queue slot (it runs, or was woken with the value): its
        /// scheduler keeps it beside the slot (<see cref="ThreadScheduler.TransferAt"/>), not the tasklet.
        /// </summary>
        internal ref Transfer InTransit
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get
            {
                Debug.Assert(home is ThreadScheduler s && slot >= 0 && s.LinkAt(slot).tasklet == this);
                return ref Unsafe.As<ThreadScheduler>(home).TransferAt(slot);
            }
        }

        /// <summary>Where a value handed to this tasklet, which holds a run-queue slot, goes (<see cref="ThreadScheduler.TransferToStore"/>).</summary>
        internal ref Transfer InTransitToStore
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get
            {
                Debug.Assert(home is ThreadScheduler s && slot >= 0 && s.LinkAt(slot).tasklet == this);
                return ref Unsafe.As<ThreadScheduler>(home).TransferToStore(slot);
            }
        }

        /// <summary>Hands <paramref name="value"/> to this tasklet, which holds a run-queue slot (a woken one: after it was queued).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void StoreValue<T>(T value)
        {
            transferKind = TransferKind.Value;
            InTransitToStore.Store(value);
        }

        /// <summary>As <see cref="StoreValue{T}(T)"/>, with its scheduler <paramref name="s"/> known (no load of <see cref="home"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void StoreValue<T>(ThreadScheduler s, T value)
        {
            Debug.Assert(home == s);
            transferKind = TransferKind.Value;
            s.StoreTransfer(slot, value);
        }

        /// <summary>Hands an exception (a sent one, an await's fault) to this tasklet, which holds a run-queue slot.</summary>
        internal void StoreException(object exception)
        {
            transferKind = TransferKind.Exception;
            InTransitToStore.obj = exception;
        }

        /// <summary>Takes the value this tasklet (running) was handed.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal T TakeValue<T>()
        {
            transferKind = TransferKind.None;
            return InTransit.Take<T>();
        }

        /// <summary>As <see cref="TakeValue{T}()"/>, with its scheduler <paramref name="s"/> known.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal T TakeValue<T>(ThreadScheduler s)
        {
            Debug.Assert(home == s);
            transferKind = TransferKind.None;
            return s.TakeTransfer<T>(slot);
        }

        /// <summary>Takes the exception this tasklet (running) was handed.</summary>
        internal object TakeException()
        {
            Debug.Assert(transferKind == TransferKind.Exception);
            transferKind = TransferKind.None;
            return InTransit.TakeObject()!;
        }

        // ---- frame protocol, used through Stackless.CompilerServices.TaskletFrame ----

        /// <summary>Pushes <paramref name="callee"/> as the innermost frame of the running tasklet (this is its running frame).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void PushCallee(Tasklet callee)
        {
            if (callee.link != null || callee.status != TaskletStatus.New)
                ThrowHelper.FrameReused();
            ThreadScheduler s = RunningScheduler;
            callee.home = s;
            callee.nested = true;
            callee.link = this;
            s.CurrentOf(this).link = callee;
        }

        /// <summary>Marks this frame (the running one) finished and hands control to its caller, or ends the tasklet.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void FinishFrame()
        {
            if (nested)
            {
                ThreadScheduler s = RunningScheduler;
                status = TaskletStatus.Dead;
                s.LinkAt(s.head).tasklet!.link = link; // the running tasklet's innermost frame is the caller again
                link = null;
            }
            else
            {
                FinishRoot();
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // as RootFinished
        private void FinishRoot()
        {
            status = TaskletStatus.Dead;
            RunningScheduler.RootFinished(this, null);
        }

        // Step checks: one copy for both frame base classes (TaskletFrame, TaskletFrame<T>), which generated frames derive from.

        /// <summary>
        /// A step check, at a loop back-edge or the entry of the method (the watchdog, <see cref="Scheduler.Run(int, bool, bool)"/>):
        /// a decrement and a branch; the rest is out of line. True: a budgeted run interrupted the tasklet, and the frame must
        /// <c>return</c> now; it resumes at <paramref name="resumeState"/>, where <see cref="EndBudgetCheck"/> must run first.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected bool BudgetCheck(int resumeState) => --RunningScheduler.stepsLeft < 0 && BudgetRanOut(resumeState);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private bool BudgetRanOut(int resumeState)
        {
            if (!FrameScheduler.StepCounterRanOut(this))
                return false;
            State = (short)resumeState;
            return true;
        }

        /// <summary>
        /// At the resume point of an interrupted <see cref="BudgetCheck"/>: marks the frame running (<c>State = -1</c>, done
        /// here rather than in generated code, whose IL size decides whether the JIT inlines its MoveNext) and raises a kill
        /// or an exception thrown into the tasklet while it was paused.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)] // cold: kept out of MoveNext, whose size decides what else the JIT inlines there
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected void EndBudgetCheck()
        {
            State = -1;
            Scheduler.EndSwitch(this);
        }

        /// <summary>The scheduler of a running frame (generated code runs only on its own scheduler's thread).</summary>
        internal ThreadScheduler FrameScheduler
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => home as ThreadScheduler ?? ThrowHelper.FrameNotRunning(); // not a blocked tasklet's channel either
        }

        /// <summary>
        /// <see cref="home"/> untested, for <see cref="ChannelCore.BindFrame"/>: equal to a channel's (non-null) owner, it is
        /// that scheduler, so the hot path needs no type test; anything else takes the checked path.
        /// </summary>
        internal object? HomeUntested
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => home;
        }
    }

    internal enum TaskletStatus : byte
    {
        // Two bits of Tasklet.flags.

        /// <summary>Constructed (a nested frame, or a root not yet spawned).</summary>
        New,
        Alive,
        Dead,
    }

    internal enum TransferKind : byte
    {
        None,
        Value,
        Exception,
        Closed,

        /// <summary>
        /// Waiting in a <see cref="Stackless.Select"/>, the tasklet's home (<see cref="Tasklet.WaitingSelect"/>): the select keeps the
        /// tasklet's place in each channel and the values of its send cases, so the tasklet gains no field.
        /// </summary>
        Select,

        /// <summary>
        /// A receive took a blocked sender and goes on without yielding: the value still waits beside the sender's place in the
        /// channel's queue (<see cref="ChannelCore.LastDequeued"/>), where the receive's end, which comes at once, takes it; one
        /// copy fewer than through the receiver's slot (ping-pong, thread-ring). Never seen across a switch.
        /// </summary>
        ValueInPlace,

        /// <summary>A timed <c>TryReceive</c>/<c>TrySend</c> timed out: nothing was transferred.</summary>
        TimedOut,

        /// <summary>Parked in <c>Tasklet.Await</c>: its <see cref="AwaitNode"/> is the tasklet's home (<see cref="Tasklet.WaitingAwait"/>).</summary>
        Await,
    }
}
