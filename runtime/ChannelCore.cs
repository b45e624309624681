using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Stackless
{
    /// <summary>
    /// The untyped part of a channel: its FIFO queue of blocked tasklets (linked through the tasklets'
    /// own run-queue links, so blocking allocates nothing) and its balance.
    /// </summary>
    public abstract class ChannelCore
    {
        /// <summary>
        /// The blocked tasklets, FIFO. Positions run on from <see cref="waitFirst"/> to <see cref="waitEnd"/> (wrapping);
        /// a blocked tasklet keeps its position in <see cref="Tasklet.slot"/>, so a killed one leaves a hole (null) that
        /// dequeuing skips. The channel alone refers to its waiters.
        /// Up to <see cref="SegmentLength"/> waiters: a ring whose length is a power of two (position &amp; length − 1).
        /// Beyond that: fixed segments of <see cref="SegmentLength"/> places (position &amp; <see cref="SegmentMask"/>), found
        /// through <see cref="segments"/> by position &gt;&gt; <see cref="SegmentShift"/>. No array of the queue is ever large enough for
        /// the large object heap: growing one there (a million parked tasklets doubled the ring up to 8 MB) allocated 16 MB of
        /// large objects, and every such allocation over the LOH budget was a full collection that marked every live tasklet.
        /// While the queue is in segments, this field holds no ring (its <see cref="capacity"/> is 0, so no path reads it as one):
        /// it keeps one emptied segment for the next one needed, so a queue that hovers at a boundary does not allocate, or
        /// <see cref="s_noWaiters"/>. One field for both saves a reference in every channel (issue 15: a fresh channel per
        /// request is allocated on the request's path).
        /// </summary>
        private Waiter[] waiters = s_noWaiters;
        private uint waitFirst, waitEnd;

        /// <summary>
        /// How many waiters the ring holds before the slow path must make room: its length, 0 while the queue is in
        /// segments (every enqueue takes the slow path then) or while the census does not know the channel (<see cref="watch"/>
        /// is None: the next enqueue notes it). One compare on the hot path serves all three.
        /// </summary>
        private uint capacity;

        /// <summary>Null while the queue is a ring; else the segments, a ring by segment number (a power of two long).</summary>
        private Waiter[]?[]? segments;

        private static readonly Waiter[] s_noWaiters = new Waiter[0];

        /// <summary>
        /// By position (position &amp; length − 1), beside the queue: the value or exception each blocked plain sender offers,
        /// as Go's sudog keeps a blocked sender's element, so the sender needs no field for it (issue 15). Empty until a sender
        /// blocks with a value (null: a fresh channel stores nothing for it); a power of two at least as long as the queue's span whenever it holds one. A receivers' queue
        /// never touches it. Invariant: an entry's object is null unless its position holds a plain sender (not a select's case).
        /// Not a value kept inline for a lone sender: that cost every channel 32 bytes (80 → 112 B), and a fresh channel per
        /// request allocated 23 % more (request/reply 13 % slower, session 10); this array is allocated once per channel that a
        /// sender ever blocks on.
        /// </summary>
        private Transfer[]? sent;

        /// <summary>32 KB of places: below the large object heap's 85,000 bytes.</summary>
        private const int SegmentShift = 12;
        private const uint SegmentLength = 1u << SegmentShift;
        private const uint SegmentMask = SegmentLength - 1;

        /// <summary>Segment numbers wrap with positions (2^32 / <see cref="SegmentLength"/>).</summary>
        private const uint SegmentNumberMask = (1u << (32 - SegmentShift)) - 1;

        /// <summary>&gt; 0: that many senders wait; &lt; 0: that many receivers wait.</summary>
        internal int balance;

        /// <summary>Whether the owner's census knows this channel (<see cref="ChannelCensus"/>): read and written on slow paths only.</summary>
        internal ChannelWatch watch;

        internal ThreadScheduler? owner;
        internal sbyte preference = -1;
        internal bool scheduleAll;

        /// <summary>
        /// What a rendezvous does with the tasklet it wakes, from <see cref="preference"/> and <see cref="scheduleAll"/>
        /// (kept in step by their setters), so the hot path tests one byte: for a woken receiver (the sender runs)
        /// and for a woken sender (the receiver runs). The defaults are preference −1's.
        /// </summary>
        internal WakeMode wakeReceiver = WakeMode.RunWoken;
        internal WakeMode wakeSender = WakeMode.Continue;
        internal bool closing;

        private protected ChannelCore() { }

        private protected void UpdateWakeModes()
        {
            wakeReceiver = scheduleAll ? WakeMode.AppendAndYield : preference < 0 ? WakeMode.RunWoken : WakeMode.Continue;
            wakeSender = scheduleAll ? WakeMode.AppendAndYield : preference > 0 ? WakeMode.RunWoken : WakeMode.Continue;
        }

        /// <summary>The scheduler this channel belongs to (bound on first use); throws on another thread.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal ThreadScheduler Bind()
        {
            ThreadScheduler s = ThreadScheduler.ForCurrentThread;
            if (owner != s)
                BindSlow(s);
            return s;
        }

        /// <summary>Binds from a running frame: no thread-static read, since a frame runs only on its scheduler's thread.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal ThreadScheduler BindFrame(Tasklet frame)
        {
            // Compared before it is trusted: equal to the owner (set, so a scheduler) it is this thread's scheduler.
            object? home = frame.HomeUntested;
            if (owner == home && home != null)
                return Unsafe.As<ThreadScheduler>(home);
            return BindFrameSlow(frame);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private protected ThreadScheduler BindFrameSlow(Tasklet frame)
        {
            ThreadScheduler s = frame.FrameScheduler;
            if (owner != s)
                BindSlow(s);
            return s;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void BindSlow(ThreadScheduler s)
        {
            if (owner == null)
            {
                owner = s;
                // Seal the list of async operations handed before any thread used the channel (one CAS per channel).
                if (Interlocked.CompareExchange(ref unboundOps, s_bound, null) != null)
                    TakeUnboundOps(s);
            }
            else
            {
                ThrowHelper.WrongThreadChannel();
            }
        }

        // ---- async operations of other threads (SendAsync / ReceiveAsync) ----

        /// <summary>
        /// Async operations handed over while no scheduler owned the channel: a stack, newest first; <see cref="s_bound"/>
        /// once <see cref="owner"/> is set (it is written before the seal, so a thread that sees the seal sees the owner).
        /// </summary>
        private InboxItem? unboundOps;
        private static readonly InboxItem s_bound = new BoundMarker();

        /// <summary>Any thread: hands an async operation to the owner's inbox, or keeps it until a scheduler binds the channel.</summary>
        internal void HandAsync(InboxItem op)
        {
            while (true)
            {
                ThreadScheduler? s = Volatile.Read(ref owner);
                if (s != null)
                {
                    s.Post(op);
                    return;
                }
                InboxItem? top = Volatile.Read(ref unboundOps);
                if (top == s_bound)
                    continue; // being bound: the owner is about to be visible
                op.nextPosted = top;
                if (Interlocked.CompareExchange(ref unboundOps, op, top) == top)
                    return;
            }
        }

        /// <summary>The first use of the channel, on its new owner's thread: the waiting async operations take their turn first, oldest first.</summary>
        private void TakeUnboundOps(ThreadScheduler s)
        {
            InboxItem? taken = Interlocked.Exchange(ref unboundOps, s_bound);
            InboxItem.DeliverOldestFirst(taken, s_bound, s);
        }

        private sealed class BoundMarker : InboxItem
        {
            internal override void Deliver(ThreadScheduler s) { }
        }

        /// <summary>Introspection: adds every tasklet waiting here (a select's waiter included; no holes) to <paramref name="into"/>, first first.</summary>
        internal void CollectWaiters(System.Collections.Generic.List<Tasklet> into)
        {
            for (uint p = waitFirst; p != waitEnd; p++)
            {
                Tasklet? t = Place(p).tasklet;
                if (t != null)
                    into.Add(t);
            }
        }

        /// <summary>No tasklet waits here, not even a hole a killed one left.</summary>
        internal bool QueueEmpty => waitFirst == waitEnd;

        /// <summary>
        /// The census forgets this channel (its queue is empty): the capacity goes to 0, so the next waiter takes
        /// <see cref="EnqueueSlow"/>, which notes the channel again and gives the ring its capacity back.
        /// </summary>
        internal void Forget()
        {
            Debug.Assert(QueueEmpty && segments == null);
            watch = ChannelWatch.None;
            capacity = 0;
        }

        /// <summary>The first blocked tasklet, or null.</summary>
        internal Tasklet? FirstWaiter
        {
            get
            {
                for (uint p = waitFirst; p != waitEnd; p++)
                {
                    Tasklet? t = Place(p).tasklet;
                    if (t != null)
                        return t;
                }
                return null;
            }
        }

        /// <summary>The place of position <paramref name="p"/>, which is in the queue, in either form.</summary>
        private ref Waiter Place(uint p) => ref segments == null ? ref At(waiters, p) : ref SegmentPlace(p);

        /// <summary>The place of position <paramref name="p"/> while the queue is in segments.</summary>
        /// <remarks>
        /// Optimized at once, as <see cref="Channel{T}.ReceiveCore"/>, which calls it: a fresh process's million waiters past the
        /// 4,096th came to its tier-0 code (issue 15, session 14). Not inlined: in every frame's inlined rendezvous that cost
        /// thread-ring 1 %.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private ref Waiter SegmentPlace(uint p)
        {
            Waiter[]?[] dir = segments!;
            return ref dir[(p >> SegmentShift) & (uint)(dir.Length - 1)]![p & SegmentMask];
        }

        /// <summary>Queues <paramref name="t"/> (off the run queue) at the end; returns its position.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal uint EnqueueWaiter(Tasklet t)
        {
            uint end = PlaceAtEnd(t);
            t.slot = (int)end;
            t.BlockOn(this);
            return end;
        }

        /// <summary>Puts <paramref name="t"/> in the place after the last and moves <see cref="waitEnd"/> past it; returns its position.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private uint PlaceAtEnd(Tasklet t)
        {
            uint end = waitEnd;
            if (end - waitFirst < capacity)
                At(waiters, end).tasklet = t;
            else if (segments != null && (end & SegmentMask) != 0)
            {
                // Inside the last segment, which holds end − 1 (a queue in segments is never empty): nothing to make room for,
                // so no call (a million tasklets parking on one channel came through EnqueueSlow each; spawn + park −3 to −8 %).
                Debug.Assert(waitFirst != waitEnd);
                SegmentPlace(end).tasklet = t;
            }
            else
                end = EnqueueSlow(t);
            waitEnd = end + 1;
            return end;
        }

        /// <summary>
        /// The ring is full, or the queue is in segments and its end starts a new one (or the census does not know the channel):
        /// makes room and puts <paramref name="t"/> at the end; returns its position (the caller moves <see cref="waitEnd"/> past
        /// it). Growing the ring may renumber the waiters.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // optimized at once: a million waiters in a fresh process come here once a segment (as ReceiveCore)
        private uint EnqueueSlow(Tasklet t)
        {
            if (watch == ChannelWatch.None)
            {
                // The census does not know this channel (it never had a waiter, or was forgotten empty): it notes it now.
                Debug.Assert(owner != null && waitFirst == waitEnd && segments == null);
                owner.NoteWaited(this, again: waiters.Length != 0);
                if (waiters.Length != 0)
                {
                    // Forgotten: the ring is still there, only its capacity was taken away so that this waiter came here.
                    capacity = (uint)waiters.Length;
                    uint first = waitEnd;
                    At(waiters, first).tasklet = t;
                    return first;
                }
            }
            if (segments == null)
            {
                uint length = (uint)waiters.Length;
                if (length < SegmentLength)
                    GrowWaiters(Math.Max(4u, length * 2));
                else if ((uint)Math.Abs(balance) <= SegmentLength / 2)
                    GrowWaiters(SegmentLength); // mostly holes (killed waiters): squeeze them out instead
                else
                    EnterSegments();
            }
            uint end = waitEnd;
            if (segments == null)
            {
                At(waiters, end).tasklet = t;
                return end;
            }
            Waiter[]?[] dir = segments;
            uint endSegment = end >> SegmentShift;
            if (((endSegment - (waitFirst >> SegmentShift)) & SegmentNumberMask) >= (uint)dir.Length)
                dir = GrowDirectory();
            ref Waiter[]? segment = ref dir[endSegment & (uint)(dir.Length - 1)];
            if (segment == null)
            {
                // The spare (kept in waiters while the queue is in segments), else a new one.
                segment = waiters.Length != 0 ? waiters : new Waiter[SegmentLength];
                waiters = s_noWaiters;
            }
            segment[end & SegmentMask].tasklet = t;
            return end;
        }

        /// <summary>
        /// The full ring of <see cref="SegmentLength"/> becomes segments; positions stay (the ring's index of a position is
        /// already its index in its segment), so no waiter and no select is renumbered.
        /// </summary>
        private void EnterSegments()
        {
            Waiter[] ring = waiters;
            Debug.Assert(ring.Length == SegmentLength && waitEnd - waitFirst == SegmentLength);
            var dir = new Waiter[]?[4];
            uint firstSegment = waitFirst >> SegmentShift;
            uint offset = waitFirst & SegmentMask;
            dir[firstSegment & 3] = ring; // places offset… hold the first segment's positions already
            if (offset != 0)
            {
                // Places 0…offset-1 hold the next segment's positions: they move to a segment of their own.
                var next = new Waiter[SegmentLength];
                Array.Copy(ring, 0, next, 0, (int)offset);
                Array.Clear(ring, 0, (int)offset);
                dir[(firstSegment + 1) & 3] = next;
            }
            segments = dir;
            waiters = s_noWaiters;
            capacity = 0;
        }

        private Waiter[]?[] GrowDirectory()
        {
            Waiter[]?[] old = segments!;
            var grown = new Waiter[]?[old.Length * 2];
            uint first = waitFirst >> SegmentShift;
            uint oldMask = (uint)old.Length - 1, newMask = (uint)grown.Length - 1;
            for (uint k = 0; k < (uint)old.Length; k++)
                grown[(first + k) & newMask] = old[(first + k) & oldMask];
            return segments = grown;
        }

        /// <summary>The queue is empty (or only holes): back to a ring, and the segments go.</summary>
        private void LeaveSegments()
        {
            segments = null;
            waiters = s_noWaiters; // (the spare segment, if any, goes with them)
            capacity = 0;
        }

        /// <summary>Makes a ring of <paramref name="length"/>, dropping the holes left by killed waiters and renumbering the rest.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void GrowWaiters(uint length)
        {
            Waiter[] old = waiters;
            var grown = new Waiter[length];
            uint mask = (uint)old.Length - 1;
            uint n = 0;
            bool selects = false;
            Transfer[]? oldSent = sent;
            Transfer[]? newSent = oldSent == null ? null : new Transfer[oldSent.Length];
            for (uint p = waitFirst; p != waitEnd; p++)
            {
                Tasklet? t = old[p & mask].tasklet;
                if (t != null)
                {
                    grown[n].tasklet = t;
                    if (t.transferKind == TransferKind.Select)
                    {
                        t.WaitingSelect.Renumber(this, p, n);
                        selects = true;
                    }
                    else
                    {
                        t.slot = (int)n;
                        if (oldSent != null && IsPlainSender(t))
                            newSent![n & ((uint)newSent.Length - 1)] = oldSent[p & ((uint)oldSent.Length - 1)];
                    }
                    n++;
                }
            }
            waiters = grown;
            if (newSent != null)
                sent = newSent; // (a receivers' queue stores nothing here: a fresh channel per request came this way)
            capacity = length;
            waitFirst = 0;
            waitEnd = n;
            if (selects)
            {
                for (uint p = 0; p != n; p++)
                    if (grown[p].tasklet!.transferKind == TransferKind.Select)
                        grown[p].tasklet!.WaitingSelect.EndRenumber();
            }
        }

        /// <summary>
        /// Where the sender just queued at <paramref name="position"/> (the last position) leaves its value: the ring of
        /// <see cref="sent"/> grows first if the queue's span outgrew it.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal ref Transfer OfferPlace(uint position)
        {
            Debug.Assert(position == waitEnd - 1);
            Transfer[]? v = sent;
            if (v == null || waitEnd - waitFirst > (uint)v.Length)
                v = GrowSent();
            return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(v), (nint)(position & ((uint)v.Length - 1)));
        }

        /// <summary>
        /// The value offered by the plain sender at <paramref name="position"/>, which has just been dequeued or is leaving: read
        /// (and clear) it at once, since its place is free for the next offer.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal ref Transfer SentAt(uint position)
        {
            Transfer[] v = sent!;
            Debug.Assert(v != null);
            return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(v), (nint)(position & ((uint)v.Length - 1)));
        }

        /// <summary>Makes <see cref="sent"/> long enough for the queue's span, keeping the plain senders' values at their positions.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private Transfer[] GrowSent()
        {
            Transfer[]? old = sent;
            uint span = waitEnd - waitFirst;
            uint length = old == null ? 1u : (uint)old.Length; // one place for a lone sender (a ping-pong's): 40 bytes, not 88, per channel
            while (length < span)
                length *= 2;
            var grown = new Transfer[length];
            if (old != null)
            {
                uint oldMask = (uint)old.Length - 1, mask = length - 1;
                for (uint p = waitFirst; p != waitEnd - 1; p++)
                {
                    if (IsPlainSender(Place(p).tasklet))
                        grown[p & mask] = old[p & oldMask];
                }
            }
            return sent = grown;
        }

        /// <summary>A queued tasklet that offers a value here (not a receiver, not a select's case, not a hole).</summary>
        private static bool IsPlainSender(Tasklet? t) => t != null && t.transferKind is TransferKind.Value or TransferKind.Exception;

        /// <summary>Position <paramref name="p"/> of the ring <paramref name="w"/>, which is not empty (its length is a power of two), without a bounds check.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ref Waiter At(Waiter[] w, uint p) =>
            ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(w), (nint)(p & ((uint)w.Length - 1)));

        /// <summary>Takes the first blocked tasklet off the queue. There must be one (balance is not 0).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal Tasklet DequeueWaiter()
        {
            Tasklet t = TakeFirstWaiter();
            if (t.transferKind != TransferKind.Select) // a select's waiter stays home in its select until the select fires
            {
                t.LeaveChannel(owner!);
                t.slot = -1;
            }
            return t;
        }

        /// <summary>
        /// <see cref="DequeueWaiter"/> for the rendezvous paths, which test the waiter's transfer kind anyway: the waiter is off
        /// the queue but still home here (or in its select); the caller's plain branch calls <see cref="Tasklet.LeaveChannel"/>
        /// before it queues the waiter to run, whose slot it then takes.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal Tasklet TakeFirstWaiter()
        {
            if (segments != null)
                return DequeueFromSegments();
            Waiter[] w = waiters;
            uint p = waitFirst;
            Tasklet? t;
            do
            {
                ref Waiter slot = ref At(w, p);
                t = slot.tasklet;
                slot.tasklet = null;
                p++;
            }
            while (t == null);
            waitFirst = p;
            return t;
        }

        /// <summary><see cref="TakeFirstWaiter"/> while the queue is in segments.</summary>
        /// <remarks>Optimized at once: a million waiters woken at once in a fresh process (a Close) came to its tier-0 code.</remarks>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private Tasklet DequeueFromSegments()
        {
            Waiter[]?[] dir = segments!;
            uint mask = (uint)dir.Length - 1;
            uint p = waitFirst;
            Tasklet? t;
            do
            {
                ref Waiter[]? segment = ref dir[(p >> SegmentShift) & mask];
                ref Waiter slot = ref segment![p & SegmentMask];
                t = slot.tasklet;
                slot.tasklet = null;
                p++;
                if ((p & SegmentMask) == 0)
                {
                    // The segment is used up (every place before waitFirst is null): keep it for the end of the queue.
                    waiters = segment; // the spare (see waiters)
                    segment = null;
                }
            }
            while (t == null);
            waitFirst = p;
            if (p == waitEnd)
                LeaveSegments();
            return t;
        }

        /// <summary>Takes a blocked tasklet out of the queue (it was killed, or main is woken); balance moves toward 0.</summary>
        internal void RemoveWaiter(Tasklet t)
        {
            if (t.transferKind == TransferKind.Select)
            {
                t.WaitingSelect.Abandon(t); // it leaves every channel of its select
                return;
            }
            uint position = (uint)t.slot;
            Place(position).tasklet = null;
            if (IsPlainSender(t))
                SentAt(position) = default; // a blocked sender's value goes with it; nothing else refers to it
            t.LeaveChannel(owner!);
            t.slot = -1;
            if (balance > 0) balance--;
            else balance++;
            if (balance == 0)
                OnlyHolesLeft();
            t.transferKind = TransferKind.None;
        }

        // ---- select waiters: a tasklet waiting in a select sits in several rings, once per case ----
        // Its transferKind is Select and the scheduler's side table holds its Select (ThreadScheduler.SelectOf), which keeps each case's position (the
        // tasklet's slot is -1). The plain paths find one by the transferKind test they make anyway.

        /// <summary>Queues <paramref name="t"/> as one case of its select; returns the position, which the select keeps.</summary>
        internal uint EnqueueSelectWaiter(Tasklet t, int direction)
        {
            uint end = PlaceAtEnd(t);
            balance += direction;
            return end;
        }

        /// <summary>Takes a select's waiter out of position <paramref name="position"/> (another case fired, or it was killed); balance moves toward 0.</summary>
        internal void RemoveSelectWaiter(uint position, Tasklet t)
        {
            ref Waiter w = ref Place(position);
            Debug.Assert(w.tasklet == t);
            w.tasklet = null;
            if (balance > 0) balance--;
            else balance++;
            if (balance == 0)
                OnlyHolesLeft();
        }

        /// <summary>Every waiter left (balance is 0): the queue is empty, its remaining places holes.</summary>
        private void OnlyHolesLeft()
        {
            waitFirst = waitEnd;
            if (segments != null)
                LeaveSegments();
        }

        /// <summary>The position of the waiter <see cref="DequeueWaiter"/> took last.</summary>
        internal uint LastDequeued => waitFirst - 1;

        // ---- handing values over: a blocked sender's waits in this queue (sent), a woken receiver's in its run-queue slot ----

        /// <summary>
        /// The running tasklet <paramref name="sender"/>, just queued here by <see cref="EnqueueWaiter"/>, offers
        /// <paramref name="value"/> (of kind Value or Exception): it waits beside its place until a receiver takes it.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void Offer(Tasklet sender, TransferKind kind, in Transfer value)
        {
            OfferPlace((uint)sender.slot) = value;
            sender.transferKind = kind;
        }

        /// <summary>
        /// Takes what the sender <see cref="DequeueWaiter"/> just took offers: its kind (Value or Exception) and its value,
        /// or the value of a select's send case (the select leaves every other queue).
        /// </summary>
        internal TransferKind TakeSent(Tasklet sender, out Transfer value)
        {
            if (sender.transferKind == TransferKind.Select)
            {
                value = sender.WaitingSelect.SendFired(this, LastDequeued, sender);
                return TransferKind.Value;
            }
            ref Transfer place = ref SentAt(LastDequeued);
            value = place;
            place.obj = null;
            TransferKind kind = sender.transferKind;
            sender.transferKind = TransferKind.None;
            return kind;
        }

        /// <summary>Moves what a dequeued sender offers to <paramref name="receiver"/>, which holds a run-queue slot (it runs).</summary>
        /// <remarks>
        /// Not inlined: the receive path calls it only for an exception or a select's send case, and inlined, its
        /// <see cref="Transfer"/> local (a reference in it) was zeroed in the prologue of every generated frame that receives,
        /// at each resume (request/reply, session 11).
        /// </remarks>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal void TakeFromSender(Tasklet sender, Tasklet receiver)
        {
            TransferKind kind = TakeSent(sender, out Transfer value);
            HandTo(receiver, kind, in value);
        }

        /// <summary>
        /// <paramref name="receiver"/>, just dequeued, is handed an outcome: if it waits in a select, the select takes it now (true),
        /// except a one-shot select's (a timed TryReceive), which leaves it to the receiver. False: once the receiver is back in the
        /// run queue, the caller hands it over with <see cref="HandTo"/> (its slot keeps it until it runs).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal bool DeliveredToSelect(Tasklet receiver, TransferKind kind, in Transfer value) =>
            receiver.transferKind == TransferKind.Select && DeliveredToSelectSlow(receiver, kind, in value);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private bool DeliveredToSelectSlow(Tasklet receiver, TransferKind kind, in Transfer value) =>
            receiver.WaitingSelect.ReceiveFired(this, LastDequeued, receiver, kind, in value);

        /// <summary>Hands <paramref name="kind"/> and <paramref name="value"/> to <paramref name="receiver"/>, which holds a run-queue slot.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static void HandTo(Tasklet receiver, TransferKind kind, in Transfer value)
        {
            receiver.transferKind = kind;
            if (kind is TransferKind.Value or TransferKind.Exception)
                receiver.InTransitToStore = value;
        }

        /// <summary>
        /// A select's ready receive case (a sender waits, or the channel is closed and drained): the rendezvous of a
        /// plain receive, with the value copied as it is stored (both sides encode the channel's T alike).
        /// The outcome is returned in <paramref name="kind"/> and <paramref name="value"/>. Returns true if it must yield.
        /// </summary>
        internal bool SelectReceive(ThreadScheduler s, Tasklet current, out TransferKind kind, out Transfer value)
        {
            if (balance <= 0)
            {
                Debug.Assert(closing);
                kind = TransferKind.Closed;
                value = default;
                return false;
            }
            Tasklet sender = DequeueWaiter();
            balance--;
            kind = TakeSent(sender, out value);
            return AfterMatch(s, current, sender, wokenIsReceiver: false);
        }

        /// <summary>
        /// A select's ready send case (a receiver waits): the rendezvous of a plain send with the value as the
        /// select stored it. Returns true if <paramref name="current"/> must yield.
        /// </summary>
        internal bool SelectSend(ThreadScheduler s, Tasklet current, in Transfer value)
        {
            Debug.Assert(balance < 0);
            Tasklet receiver = DequeueWaiter();
            balance++;
            bool taken = DeliveredToSelect(receiver, TransferKind.Value, in value);
            bool yield = AfterMatch(s, current, receiver, wokenIsReceiver: true);
            if (!taken)
                HandTo(receiver, TransferKind.Value, in value);
            return yield;
        }

        /// <summary>
        /// After a rendezvous between the running tasklet <paramref name="current"/> and the woken
        /// <paramref name="woken"/>, decide who runs next. Returns true if <paramref name="current"/> must yield.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal bool AfterMatch(ThreadScheduler s, Tasklet current, Tasklet woken, bool wokenIsReceiver)
        {
            WakeMode mode = wokenIsReceiver ? wakeReceiver : wakeSender;
            if (mode == WakeMode.RunWoken)
            {
                s.InsertFront(woken);
                return true;
            }
            s.Append(woken);
            if (mode == WakeMode.Continue)
                return false;
            s.Rotate(); // ScheduleAll
            return true;
        }
    }

    /// <summary>What a rendezvous does with the tasklet it woke.</summary>
    internal enum WakeMode : byte
    {
        /// <summary>Append the woken tasklet; the caller continues (preference toward the caller).</summary>
        Continue,

        /// <summary>The woken tasklet runs next, the caller right behind it (preference toward the woken side).</summary>
        RunWoken,

        /// <summary><see cref="Channel{T}.ScheduleAll"/>: append the woken tasklet and the caller yields.</summary>
        AppendAndYield,
    }

    /// <summary>A place in a channel's queue (a struct, so storing into the ring needs no array type check).</summary>
    internal struct Waiter
    {
        internal Tasklet? tasklet;
    }
}
