using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace Stackless
{
    /// <summary>
    /// The scheduler of one thread: a circular, doubly-linked run queue whose head is the running
    /// tasklet, and the trampoline that resumes frames. It is only ever driven from the main tasklet's
    /// native stack: every other tasklet is a heap frame resumed by <see cref="Pump"/>.
    /// </summary>
    /// <remarks>
    /// Every tasklet in the run queue owns a slot (but those spawned while the table was full, which wait in the
    /// <see cref="SpawnQueue"/>, one member of the ring for all of them): an index into <see cref="links"/>, which holds the tasklet
    /// and its place in the queue, linked by index, so a switch writes integers only: no
    /// GC write barrier (a reference store into an old object costs several nanoseconds here; a switch
    /// must cost a few in all). Blocked and paused tasklets hold no slot: only their channel (or the user)
    /// refers to them, so a tasklet parked on a channel nobody can reach any more is garbage, as in Stackless.
    /// Main keeps slot 0 for good.
    /// </remarks>
    internal sealed partial class ThreadScheduler
    {
        [ThreadStatic]
        private static ThreadScheduler? t_current;

        internal static ThreadScheduler ForCurrentThread
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => t_current ?? Create();
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static ThreadScheduler Create() => t_current = new ThreadScheduler();

        internal readonly int ThreadId;
        internal readonly MainTasklet Main;

        /// <summary>
        /// By slot: the runnable tasklet (null for a free slot; main is slot 0) and its run-queue links (for a free
        /// slot, <c>next</c> chains the free list). One array of structs: storing a tasklet into it needs no array
        /// covariance check (a <c>Tasklet[]</c> store of a derived frame went through the slow cast helper), and a
        /// slot's tasklet and links share a cache line.
        /// </summary>
        internal Link[] links = new Link[64];

        /// <summary>
        /// By slot, beside <see cref="links"/> (the same length): the value or exception in transit to the tasklet of that
        /// slot (<see cref="Tasklet.InTransit"/>): a woken receiver's value waits here until it runs and takes it, so the
        /// tasklet needs no field for it (issue 15). A separate array: a switch, which touches only the links, stays as dense.
        /// It grows when a value is handed to a slot beyond it (<see cref="TransferToStore"/>), not with the links: a million
        /// sleepers woken at once take a million slots but hand over no value, and their table stays small.
        /// Invariant: an entry's object is null unless its slot's tasklet has a <see cref="Tasklet.transferKind"/> of Value or
        /// Exception; a slot beyond the table's length has nothing in transit.
        /// </summary>
        private Transfer[] transfers = new Transfer[64];

        /// <summary>
        /// The value in transit to one slot's tasklet, kept in the scheduler itself instead of in <see cref="transfers"/>: the
        /// slot it belongs to is <see cref="handoffSlot"/> (−1: none). A rendezvous mostly wakes one tasklet, which takes its value
        /// before another is woken with one, so the hand-off is almost always here: the sender writes, and the receiver reads, a
        /// field of the scheduler both already hold, one dependent load less than an entry of the array (with the array alone,
        /// request/reply was 13 % slower than with a field of the tasklet, session 10).
        /// Invariant: slot <see cref="handoffSlot"/>'s entry of <see cref="transfers"/>, if it has one, holds nothing.
        /// </summary>
        private Transfer handoff;
        private int handoffSlot = -1;

        private int slotCount;
        private int freeSlot = -1;

        /// <summary>Slot of the running tasklet, which is also the front of the run queue; -1 only while nothing is runnable.</summary>
        internal int head = -1;
        internal int runCount;

        /// <summary>
        /// During <c>Scheduler.Run()</c>: main is in the run queue (it counts in <see cref="runCount"/>, keeps slot 0
        /// and is <see cref="Tasklet.inRunQueue"/>) but out of the ring, since its turn would only pass itself on.
        /// Every tasklet blocking in a ping-pong met main's pass-through next; now the ring holds just the others.
        /// Main goes back into the ring when the ring empties (Run is done), when it must run (an error, a
        /// <c>Run()</c>, <c>Throw()</c> or <c>Kill()</c> of main) or when it is taken out of the queue.
        /// </summary>
        private bool mainDetached;

        /// <summary>
        /// How many of this thread's tasklets have <see cref="Tasklet.pendingException"/> set (a pending kill or throw).
        /// An <c>End…</c> call at a resume point reads it before looking up the running tasklet: almost always 0.
        /// </summary>
        internal int pendingCount;
        private int nextId = 1;

        /// <summary>An error that escaped a tasklet with no <see cref="ErrorHandler"/>, waiting to be thrown in main.</summary>
        internal ExceptionDispatchInfo? pendingError;
        internal Action<Tasklet, Exception>? ErrorHandler;

        /// <summary>Chooses among a select's ready cases (<c>Scheduler.Seed</c>); every thread starts from seed 0.</summary>
        internal SeededRandom random;

        private ThreadScheduler()
        {
            ThreadId = Environment.CurrentManagedThreadId;
            Main = new MainTasklet(this);
            Append(Main); // takes slot 0, main's for good
        }

        /// <summary>The running tasklet.</summary>
        internal Tasklet Current
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get
            {
                int h = head;
                return h >= 0 ? LinkAt(h).tasklet! : Main;
            }
        }

        /// <summary>
        /// The running tasklet, seen from <paramref name="frame"/>, the running frame: a root frame is its own
        /// tasklet, so only a nested frame needs the run queue.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal Tasklet CurrentOf(Tasklet frame) => frame.nested ? LinkAt(head).tasklet! : frame;

        /// <summary>
        /// The slot <paramref name="i"/> without a bounds check: every index the scheduler keeps (head, links,
        /// a queued tasklet's slot) is a slot of the table, and the hot path checks it nowhere else.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal ref Link LinkAt(int i) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(links), (nint)(uint)i);

        /// <summary>The table's first slot: read once by a path that stores into several links (<see cref="LinkIn"/>).</summary>
        private ref Link LinkTable
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => ref MemoryMarshal.GetArrayDataReference(links);
        }

        /// <summary>Slot <paramref name="i"/> of the table that starts at <paramref name="table"/>, without a bounds check (as <see cref="LinkAt"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ref Link LinkIn(ref Link table, int i) => ref Unsafe.Add(ref table, (nint)(uint)i);

        /// <summary>
        /// The value in transit of slot <paramref name="i"/>'s tasklet, which has one, for the caller to take now (the hand-off
        /// is free again after this): <see cref="handoff"/>, or its entry of <see cref="transfers"/> without a bounds check.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal ref Transfer TransferAt(int i)
        {
            if (i == handoffSlot)
            {
                handoffSlot = -1;
                return ref handoff;
            }
            Debug.Assert((uint)i < (uint)transfers.Length);
            return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(transfers), (nint)(uint)i);
        }

        /// <summary>
        /// Hands <paramref name="value"/> to slot <paramref name="i"/>'s tasklet (<see cref="TransferToStore"/>, written out so that
        /// the hand-off is a field store, not a store through a reference that may point into the array).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void StoreTransfer<T>(int i, T value)
        {
            int h = handoffSlot;
            if (h < 0 || h == i)
            {
                handoffSlot = i;
                handoff.Store(value);
                return;
            }
            TransferToStore(i).Store(value);
        }

        /// <summary>Takes the value in transit of slot <paramref name="i"/>'s tasklet, which has one (<see cref="TransferAt"/>, written out as <see cref="StoreTransfer"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal T TakeTransfer<T>(int i)
        {
            if (i == handoffSlot)
            {
                handoffSlot = -1;
                return handoff.Take<T>();
            }
            Debug.Assert((uint)i < (uint)transfers.Length);
            return Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(transfers), (nint)(uint)i).Take<T>();
        }

        /// <summary>
        /// Where a value handed to slot <paramref name="i"/>'s tasklet goes: <see cref="handoff"/> if that is free (or already
        /// this slot's), else the slot's entry of <see cref="transfers"/>, which grows first if it does not reach it.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal ref Transfer TransferToStore(int i)
        {
            int h = handoffSlot;
            if (h < 0 || h == i)
            {
                handoffSlot = i;
                return ref handoff;
            }
            Transfer[] t = transfers;
            if ((uint)i >= (uint)t.Length)
                t = GrowTransfers(i);
            return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(t), (nint)(uint)i);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private Transfer[] GrowTransfers(int i)
        {
            Debug.Assert(i < links.Length);
            int length = transfers.Length * 2;
            while (length <= i)
                length *= 2;
            Array.Resize(ref transfers, Math.Min(length, links.Length));
            return transfers;
        }

        // ---- slots ----

        /// <summary>Gives <paramref name="t"/> a slot of the table (main: slot 0) and returns it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int TakeSlot(Tasklet t)
        {
            if (t == Main)
            {
                t.slot = 0;
                if (slotCount == 0)
                {
                    slotCount = 1;
                    links[0].tasklet = t;
                }
                return 0;
            }
            int i = freeSlot;
            if (i >= 0)
            {
                freeSlot = LinkAt(i).next;
            }
            else
            {
                i = slotCount++;
                if (i == links.Length)
                    Grow();
            }
            LinkAt(i).tasklet = t;
            t.slot = i;
            Debug.Assert(i != handoffSlot && (i >= transfers.Length || transfers[i].obj == null)); // (a held value comes back after this: AppendPaused, InsertFrontPaused)
            return i;
        }

        private void Grow()
        {
            Array.Resize(ref links, links.Length * 2);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void FreeSlot(Tasklet t)
        {
            int i = t.slot;
            t.slot = -1;
            if (i == 0)
                return; // main's
            ref Link l = ref LinkAt(i);
            l.tasklet = null;
            l.next = freeSlot;
            freeSlot = i;
        }

        /// <summary>
        /// After a peak (a million tasklets spawned, then parked), the table would keep its peak size:
        /// when the run queue is down to a 64th of it, renumber the runnable tasklets into a small one.
        /// Not at an eighth: as a million tasklets park one by one, that halved the table again and again on the way
        /// down (512 K, 256 K, 128 K … slots: 16 MB of large objects, each over the budget a full collection); at a 64th the first smaller table is 64 K
        /// slots (1 MB) and the next one is below the large object heap.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void ShrinkIfSparse()
        {
            if (links.Length > 4096 && runCount < links.Length >> 6)
                Compact();
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Compact()
        {
            int size = 64;
            while (size < runCount * 4)
                size *= 2;
            var newLinks = new Link[size];
            var newTransfers = new Transfer[size];
            newLinks[0].tasklet = Main;
            newTransfers[0] = transfers[0];
            int used = 1, newHandoff = handoffSlot == 0 ? 0 : -1;
            if (head >= 0)
            {
                // Walk the queue from its head; the new numbering keeps its order.
                int old = head, first = -1, previous = -1;
                int inRing = (mainDetached ? runCount - 1 : runCount) + (PollerInRing ? 1 : 0)
                    + (SpawnQueueInRing ? 1 - spawnQueue!.count : 0); // the queue is in the ring, its tasklets are not
                for (int k = 0; k < inRing; k++)
                {
                    Tasklet t = links[old].tasklet!;
                    int next = links[old].next;
                    int index = t == Main ? 0 : used++;
                    newLinks[index].tasklet = t;
                    if (old < transfers.Length)
                        newTransfers[index] = transfers[old];
                    if (old == handoffSlot)
                        newHandoff = index;
                    t.slot = index;
                    if (previous < 0)
                    {
                        first = index;
                    }
                    else
                    {
                        newLinks[previous].next = index;
                        newLinks[index].prev = previous;
                    }
                    previous = index;
                    old = next;
                }
                newLinks[previous].next = first;
                newLinks[first].prev = previous;
                head = first;
            }
            links = newLinks;
            transfers = newTransfers;
            handoffSlot = newHandoff; // (a slot out of the ring has nothing in transit)
            slotCount = used;
            freeSlot = -1;
        }

        // ---- run queue ----

        /// <summary>Appends <paramref name="t"/> at the end of the run queue.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void Append(Tasklet t)
        {
            int i = TakeSlot(t);
            ref Link table = ref LinkTable; // once: a store through a link would otherwise make the JIT read links again
            ref Link li = ref LinkIn(ref table, i);
            int h = head;
            if (h < 0)
            {
                head = i;
                li.next = i;
                li.prev = i;
            }
            else
            {
                ref Link lh = ref LinkIn(ref table, h);
                int last = lh.prev;
                LinkIn(ref table, last).next = i;
                li.prev = last;
                li.next = h;
                lh.prev = i;
            }
            runCount++;
        }

        /// <summary>
        /// <see cref="Append"/> for a tasklet that may have been paused (<see cref="Tasklet.Remove"/>) or moved with a value in
        /// transit, which its scheduler held aside (<see cref="Hold"/>): the value goes to its new slot. Not on the hot path:
        /// a tasklet woken by a channel, a timer or an await was never held.
        /// </summary>
        internal void AppendPaused(Tasklet t)
        {
            Append(t);
            if (t.heldTransfer)
                Restore(t);
        }

        /// <summary><see cref="InsertFront"/> for a tasklet that may have been paused or moved with a value in transit (<see cref="AppendPaused"/>).</summary>
        internal void InsertFrontPaused(Tasklet t)
        {
            InsertFront(t);
            if (t.heldTransfer)
                Restore(t);
        }

        /// <summary>Puts <paramref name="t"/> at the front: it runs next, and the old head right behind it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void InsertFront(Tasklet t)
        {
            Append(t);
            head = t.slot;
        }

        /// <summary>Takes <paramref name="t"/> out of the run queue.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void Unlink(Tasklet t)
        {
            if (t.transferKind is TransferKind.Value or TransferKind.Exception && t.status == TaskletStatus.Alive && t.slot < SpawnQueue.Queued)
                Hold(t); // woken with a value, and taken out before it ran: the value waits aside
            if (mainDetached && t == Main)
            {
                mainDetached = false;
                FreeSlot(t);
                runCount--;
                return;
            }
            if (t.slot >= SpawnQueue.Queued)
            {
                UnlinkQueuedSpawn(t);
                return;
            }
            RemoveFromRing(t.slot);
            FreeSlot(t);
            runCount--;
            ShrinkIfSparse();
        }

        /// <summary>Unlinks slot <paramref name="i"/> from the ring; the head moves on if it was the head.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void RemoveFromRing(int i) => RemoveFromRing(ref LinkTable, i);

        /// <summary><see cref="RemoveFromRing(int)"/> in the table that starts at <paramref name="table"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void RemoveFromRing(ref Link table, int i)
        {
            ref Link li = ref LinkIn(ref table, i);
            int n = li.next;
            if (n == i)
            {
                head = -1;
                return;
            }
            int p = li.prev;
            LinkIn(ref table, p).next = n;
            LinkIn(ref table, n).prev = p;
            if (head == i)
                head = n;
        }

        /// <summary>
        /// Takes the running tasklet <paramref name="t"/>, which is not main, out of the run queue: it is
        /// about to block. The same as <see cref="Unlink"/> with what is known about it; its
        /// <see cref="Tasklet.slot"/> is left for the caller to overwrite.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void UnlinkRunning(Tasklet t)
        {
            int i = head;
            ref Link table = ref LinkTable;
            RemoveFromRing(ref table, i);
            ref Link li = ref LinkIn(ref table, i);
            li.tasklet = null;
            li.next = freeSlot;
            freeSlot = i;
            runCount--;
            ShrinkIfSparse();
        }

        /// <summary>Moves the head to the next runnable tasklet (the current one goes to the end).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void Rotate() => head = LinkAt(head).next;

        // ---- id and spawn ----

        /// <remarks>
        /// Compiled optimized at once, not tiered (as <see cref="Channel{T}"/>'s receive): a million spawns in a fresh process
        /// run it a million times before tiering has compiled it again, and its unoptimized code calls every helper it would inline.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        internal void Spawn(Tasklet root)
        {
            if (root.status != TaskletStatus.New || root.nested)
                ThrowHelper.FrameReused();
            root.status = TaskletStatus.Alive;
            root.id = nextId++;
            root.scheduler = this;
            root.link = root;
            AppendWithoutValue(root);
            tracked?.Add(root);
        }

        // ---- the trampoline ----

        /// <summary>
        /// Runs tasklets until main is at the head of the run queue again (main stays on the native stack;
        /// every other tasklet is resumed here, one frame step at a time, so nested calls never recurse: <see cref="Trampoline"/>).
        /// </summary>
        /// <param name="untilAlone">For <c>Scheduler.Run()</c>: pass main's turn on while anything else is runnable or pending.</param>
        internal void Pump(bool untilAlone)
        {
            if (explorer != null)
            {
                PumpExploring(untilAlone); // Stackless.Testing: the explorer picks at every switch (ThreadScheduler.Explore.cs)
                return;
            }
            var turns = new PlainTurns(untilAlone);
            Trampoline(turns);
        }

        internal void PumpMain() => Pump(untilAlone: false);

        /// <summary>Main's turn in <c>Run()</c> with others runnable: take main out of the ring, leaving it in the run queue.</summary>
        private void DetachMain()
        {
            ref Link l0 = ref LinkAt(0);
            int n = l0.next;
            if (n == 0)
            {
                head = -1; // main alone, something pending: the ring is empty until a timer or an await fires
            }
            else
            {
                int p = l0.prev;
                LinkAt(p).next = n;
                LinkAt(n).prev = p;
                head = n;
            }
            mainDetached = true;
        }

        /// <summary>The ring is empty while main is detached: main, the only runnable tasklet, is the ring again.</summary>
        private void AttachMain()
        {
            mainDetached = false;
            ref Link l0 = ref LinkAt(0);
            l0.next = 0;
            l0.prev = 0;
            head = 0;
        }

        /// <summary>
        /// The innermost frame of the running tasklet threw: hand the exception to the first caller that can handle it, or
        /// end the tasklet.
        /// </summary>
        /// <remarks>
        /// A caller that cannot handle the exception where it called (<see cref="Tasklet.MayHandleAt"/>: its MoveNext has
        /// no handler at all, or its call is outside every try of its method — most recursive frames) would only rethrow
        /// at its resume point and fail in turn. Rethrowing copies the stack trace gathered so far,
        /// so an exception through n such frames cost O(n²): 51 s through 30,000 frames. The same exception passes
        /// those frames by instead, each marked failed with it, in O(n); its stack trace keeps the throw site.
        /// </remarks>
        private void FrameThrew(Exception ex)
        {
            Tasklet root = Current;
            Tasklet frame = root.link!;
            ExceptionDispatchInfo edi = ExceptionDispatchInfo.Capture(ex);
            frame.status = TaskletStatus.Dead;
            while (frame.nested)
            {
                Tasklet caller = frame.link!;
                root.link = caller;
                frame.link = null;
                if (caller.MayHandleCalleeException)
                {
                    // The caller resumes at its call's resume point, where GetResult() rethrows.
                    frame.SetFailure(edi);
                    return;
                }
                caller.status = TaskletStatus.Dead;
                frame = caller;
            }
            frame.SetFailure(edi);
            RootFinished(root, edi);
        }

        /// <summary>A tasklet's root frame returned or failed: it leaves the run queue; an error goes to the handler or to main.</summary>
        /// <remarks>Optimized at once: a million tasklets ending in a fresh process (woken by a Close) came to its tier-0 code, which calls every helper it would inline.</remarks>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        internal void RootFinished(Tasklet root, ExceptionDispatchInfo? error)
        {
            root.status = TaskletStatus.Dead;
            root.link = null;
            if (root.id > 0)
                endedCount++; // a spawned one (the census's leak count: spawned − ended − found)
            tracked?.Remove(root);
            if (root.pendingException)
            {
                root.pendingException = false;
                pendingCount--;
                DropPendingException(root);
            }
            if (root.inRunQueue)
                Unlink(root);
            if (error != null)
                ReportError(root, error);
        }

        /// <summary>Routes an exception that escaped <paramref name="tasklet"/>: TaskletExit ends it silently, others go to the handler or main.</summary>
        internal void ReportError(Tasklet tasklet, ExceptionDispatchInfo error)
        {
            if (error.SourceException is TaskletExit)
                return;
            Action<Tasklet, Exception>? handler = ErrorHandler;
            if (handler != null)
            {
                try
                {
                    handler(tasklet, error.SourceException);
                    return;
                }
                catch (Exception handlerFailure)
                {
                    error = ExceptionDispatchInfo.Capture(new AggregateException(
                        "Scheduler.ErrorHandler threw while handling an exception that escaped " + tasklet + ".",
                        error.SourceException, handlerFailure));
                }
            }
            RaiseInMain(error);
        }

        /// <summary>Makes main run next so that its current operation throws <paramref name="error"/>.</summary>
        private void RaiseInMain(ExceptionDispatchInfo error)
        {
            if (pendingError != null)
                error = ExceptionDispatchInfo.Capture(new AggregateException(pendingError.SourceException, error.SourceException));
            pendingError = error;
            MoveMainToFront();
        }

        private void MoveMainToFront()
        {
            MainTasklet main = Main;
            LeaveWait(main);
            if (main.inRunQueue)
            {
                if (head == 0)
                    return;
                Unlink(main);
            }
            InsertFrontPaused(main);
        }

        /// <summary>Nothing is runnable and main is waiting: main's operation fails with a deadlock.</summary>
        private void WakeMainDeadlocked()
        {
            MainTasklet main = Main;
            TaskletWait? wait = main.inRunQueue ? null : WaitOfParked(main); // Current is main now: nothing runs
            string what = wait == null || wait.Kind == TaskletWaitKind.Paused ? "paused"
                : wait.Kind == TaskletWaitKind.Sleep ? (wait.Until == null ? "sleeping forever" : "sleeping (" + wait + ")")
                : wait.Kind == TaskletWaitKind.Await ? "awaiting (" + wait + ")"
                : "blocked on a channel (" + wait + ")";
            // Before main leaves its wait: the report lists the others as they are stuck.
            DeadlockException deadlock = Deadlock($"Deadlock: the main tasklet is {what}, and the last runnable tasklet has ended or blocked, so nothing can wake it.");
            MoveMainToFront(); // leaves the channel first: that drops whatever was in transit
            main.SetPendingException(deadlock);
        }

        // ---- operations shared by main and frames ----

        /// <summary>Main's side of a blocking call: ordinary code inside another tasklet cannot suspend, so it is refused.</summary>
        internal Tasklet RequireMainOrThrow(string operation, bool pendingHint = false)
        {
            Tasklet current = Current;
            if (current != Main)
                ThrowHelper.NotInFrame(operation, current, pendingHint);
            return current;
        }

        /// <summary>Throws an error left by a failed tasklet before main starts a new scheduler operation.</summary>
        internal void ThrowIfErrorPending()
        {
            ExceptionDispatchInfo? e = pendingError;
            if (e != null)
            {
                pendingError = null;
                e.Throw();
            }
        }

        /// <summary>After main's operation resumes: throw a failed tasklet's error, or main's own pending exception.</summary>
        internal void EndMainOperation()
        {
            MainTasklet main = Main;
            ExceptionDispatchInfo? e = pendingError;
            if (e != null)
            {
                pendingError = null;
                if (main.pendingException)
                {
                    main.pendingException = false;
                    pendingCount--;
                    Exception own = TakePendingException(main);
                    throw new AggregateException(e.SourceException, own);
                }
                e.Throw();
            }
            main.ThrowIfPending();
        }

        /// <summary><c>target.Run()</c>: target runs now, caller right behind. Returns true if the caller must yield.</summary>
        internal bool RunSwitch(Tasklet target, Tasklet current)
        {
            if (target == current)
                return false;
            if (target.status != TaskletStatus.Alive)
                throw new InvalidOperationException($"{target} is not alive and cannot be run.");
            if (target.blockedOn != null)
                throw new InvalidOperationException($"{target} is blocked on a channel and cannot be run until the operation completes (or it is killed).");
            if (target.IsSleeping)
                throw new InvalidOperationException($"{target} is sleeping and cannot be run until its time comes (or it is killed).");
            if (target.IsAwaiting)
                throw new InvalidOperationException($"{target} is waiting in Tasklet.Await and cannot be run until the task completes (or it is killed).");
            if (target.inRunQueue)
                Unlink(target);
            InsertFrontPaused(target);
            explorer?.RunsNext(target); // Stackless.Testing: an explicit switch is no choice of the scheduler's
            return true;
        }

        /// <summary><c>target.Throw(exception, pending)</c> from <paramref name="current"/>. Returns true if the caller must yield.</summary>
        internal bool ThrowSwitch(Tasklet target, Exception exception, bool pending, Tasklet current)
        {
            if (target.status != TaskletStatus.Alive)
            {
                if (exception is TaskletExit)
                    return false;
                throw new InvalidOperationException($"Cannot throw {exception.GetType().Name} into {target}: it is not alive.", exception);
            }
            if (target.NeverStarted)
            {
                // It never ran: it ends without running its body. A TaskletExit ends it silently; anything
                // else is an error of that tasklet, reported like any other so it is not lost.
                if (target.inRunQueue)
                    Unlink(target);
                var edi = ExceptionDispatchInfo.Capture(exception);
                target.SetFailure(edi);
                RootFinished(target, edi);
                return Current != current;
            }
            LeaveWait(target);
            target.SetPendingException(exception);
            if (pending)
            {
                if (mainDetached && target == Main)
                    Unlink(target); // main must get a turn in the ring to raise it
                if (!target.inRunQueue)
                    Append(target);
                return false;
            }
            if (target.inRunQueue)
                Unlink(target);
            InsertFront(target);
            explorer?.RunsNext(target); // Stackless.Testing: an explicit switch is no choice of the scheduler's
            return true;
        }
    }

    /// <summary>A slot of the run queue: its tasklet and its place in the circular queue, by slot.</summary>
    internal struct Link
    {
        internal Tasklet? tasklet;
        internal int next;
        internal int prev;
    }
}
