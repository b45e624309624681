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
        /// The blocked tasklets, FIFO, in a ring whose length is a power of two. Positions run on from
        /// <see cref="waitFirst"/> to <see cref="waitEnd"/> (wrapping); a blocked tasklet keeps its position in
        /// <see cref="Tasklet.slot"/>, so a killed one leaves a hole (null) that dequeuing skips.
        /// The channel alone refers to its waiters.
        /// </summary>
        private Waiter[] waiters = s_noWaiters;
        private uint waitFirst, waitEnd;
        private static readonly Waiter[] s_noWaiters = new Waiter[0];

        /// <summary>&gt; 0: that many senders wait; &lt; 0: that many receivers wait.</summary>
        internal int balance;

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
            Waiter[] w = waiters;
            uint mask = (uint)w.Length - 1;
            for (uint p = waitFirst; p != waitEnd; p++)
            {
                Tasklet? t = w[p & mask].tasklet;
                if (t != null)
                    into.Add(t);
            }
        }

        /// <summary>The first blocked tasklet, or null.</summary>
        internal Tasklet? FirstWaiter
        {
            get
            {
                uint mask = (uint)waiters.Length - 1;
                for (uint p = waitFirst; p != waitEnd; p++)
                {
                    Tasklet? t = waiters[p & mask].tasklet;
                    if (t != null)
                        return t;
                }
                return null;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void EnqueueWaiter(Tasklet t)
        {
            Waiter[] w = waiters;
            uint end = waitEnd;
            if (end - waitFirst == (uint)w.Length)
                w = GrowWaiters();
            end = waitEnd;
            At(w, end).tasklet = t;
            t.slot = (int)end;
            waitEnd = end + 1;
            t.blockedOn = this;
        }

        /// <summary>Doubles the ring, dropping the holes left by killed waiters and renumbering the rest.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private Waiter[] GrowWaiters()
        {
            Waiter[] old = waiters;
            if (old.Length == 0)
                owner?.WatchChannel(this); // the first waiter ever: Scheduler.Tasklets reads this ring from now on
            var grown = new Waiter[Math.Max(4, old.Length * 2)];
            uint mask = (uint)old.Length - 1;
            uint n = 0;
            bool selects = false;
            for (uint p = waitFirst; p != waitEnd; p++)
            {
                Tasklet? t = old[p & mask].tasklet;
                if (t != null)
                {
                    grown[n].tasklet = t;
                    if (t.transferKind == TransferKind.Select)
                    {
                        ((Select)t.transferObj!).Renumber(this, p, n);
                        selects = true;
                    }
                    else
                    {
                        t.slot = (int)n;
                    }
                    n++;
                }
            }
            waiters = grown;
            waitFirst = 0;
            waitEnd = n;
            if (selects)
            {
                for (uint p = 0; p != n; p++)
                    if (grown[p].tasklet!.transferKind == TransferKind.Select)
                        ((Select)grown[p].tasklet!.transferObj!).EndRenumber();
            }
            return grown;
        }

        /// <summary>Position <paramref name="p"/> of the ring <paramref name="w"/>, which is not empty (its length is a power of two), without a bounds check.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ref Waiter At(Waiter[] w, uint p) =>
            ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(w), (nint)(p & ((uint)w.Length - 1)));

        /// <summary>Takes the first blocked tasklet off the queue. There must be one (balance is not 0).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal Tasklet DequeueWaiter()
        {
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
            t.blockedOn = null;
            t.slot = -1;
            return t;
        }

        /// <summary>Takes a blocked tasklet out of the queue (it was killed, or main is woken); balance moves toward 0.</summary>
        internal void RemoveWaiter(Tasklet t)
        {
            if (t.transferKind == TransferKind.Select)
            {
                ((Select)t.transferObj!).Abandon(t); // it leaves every channel of its select
                return;
            }
            waiters[(uint)t.slot & ((uint)waiters.Length - 1)].tasklet = null;
            t.blockedOn = null;
            t.slot = -1;
            if (balance > 0) balance--;
            else balance++;
            if (balance == 0)
                waitFirst = waitEnd; // only holes are left
            // A blocked sender's value goes with it; nothing else refers to it.
            t.transferObj = null;
            t.transferKind = TransferKind.None;
        }

        // ---- select waiters: a tasklet waiting in a select sits in several rings, once per case ----
        // Its transferKind is Select and its transferObj the Select, which keeps each case's position (the
        // tasklet's slot is -1). The plain paths find one by the transferKind test they make anyway.

        /// <summary>Queues <paramref name="t"/> as one case of its select; returns the position, which the select keeps.</summary>
        internal uint EnqueueSelectWaiter(Tasklet t, int direction)
        {
            if (waitEnd - waitFirst == (uint)waiters.Length)
                GrowWaiters();
            uint end = waitEnd;
            At(waiters, end).tasklet = t;
            waitEnd = end + 1;
            balance += direction;
            return end;
        }

        /// <summary>Takes a select's waiter out of position <paramref name="position"/> (another case fired, or it was killed); balance moves toward 0.</summary>
        internal void RemoveSelectWaiter(uint position, Tasklet t)
        {
            ref Waiter w = ref At(waiters, position);
            Debug.Assert(w.tasklet == t);
            w.tasklet = null;
            if (balance > 0) balance--;
            else balance++;
            if (balance == 0)
                waitFirst = waitEnd; // only holes are left
        }

        /// <summary>The position of the waiter <see cref="DequeueWaiter"/> took last.</summary>
        internal uint LastDequeued => waitFirst - 1;

        /// <summary>
        /// A woken receiver that waits in a select: the outcome was put in its transfer slot as for a plain receiver;
        /// the select takes it as the value of the case that fired. <paramref name="select"/> was read before that slot was overwritten.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal void DeliveredToSelect(Select select, Tasklet receiver) => select.ReceiveFired(this, LastDequeued, receiver);

        /// <summary>
        /// A select's ready receive case (a sender waits, or the channel is closed and drained): the rendezvous of a
        /// plain receive, with the value copied as it is stored (both sides encode the channel's T alike).
        /// The outcome is left in <paramref name="current"/>'s transfer slot. Returns true if it must yield.
        /// </summary>
        internal bool SelectReceive(ThreadScheduler s, Tasklet current)
        {
            if (balance <= 0)
            {
                Debug.Assert(closing);
                current.transferKind = TransferKind.Closed;
                return false;
            }
            Tasklet sender = DequeueWaiter();
            balance--;
            TakeFromSender(sender, current);
            return AfterMatch(s, current, sender, wokenIsReceiver: false);
        }

        /// <summary>Moves the value (or exception) a dequeued sender offers into <paramref name="receiver"/>'s transfer slot.</summary>
        internal void TakeFromSender(Tasklet sender, Tasklet receiver)
        {
            if (sender.transferKind == TransferKind.Select)
            {
                ((Select)sender.transferObj!).SendFired(this, LastDequeued, sender, receiver);
                return;
            }
            receiver.transferObj = sender.transferObj;
            receiver.transferBits = sender.transferBits;
            receiver.transferKind = sender.transferKind;
            sender.transferObj = null;
            sender.transferKind = TransferKind.None;
        }

        /// <summary>
        /// A select's ready send case (a receiver waits): the rendezvous of a plain send with the value as the
        /// select stored it. Returns true if <paramref name="current"/> must yield.
        /// </summary>
        internal bool SelectSend(ThreadScheduler s, Tasklet current, object? valueObj, long valueBits)
        {
            Debug.Assert(balance < 0);
            Tasklet receiver = DequeueWaiter();
            balance++;
            Select? select = receiver.transferKind == TransferKind.Select ? (Select)receiver.transferObj! : null;
            receiver.transferObj = valueObj;
            receiver.transferBits = valueBits;
            receiver.transferKind = TransferKind.Value;
            if (select != null)
                DeliveredToSelect(select, receiver);
            return AfterMatch(s, current, receiver, wokenIsReceiver: true);
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
