using System.Runtime.CompilerServices;

namespace Stackless
{
    /// <summary>
    /// The untyped part of a channel: its FIFO queue of blocked tasklets (linked through the tasklets'
    /// own run-queue links, so blocking allocates nothing) and its balance.
    /// </summary>
    public abstract class ChannelCore
    {
        /// <summary>First blocked tasklet; the queue is circular through <see cref="Tasklet.next"/>.</summary>
        internal Tasklet? waitHead;

        /// <summary>&gt; 0: that many senders wait; &lt; 0: that many receivers wait.</summary>
        internal int balance;

        internal ThreadScheduler? owner;
        internal sbyte preference = -1;
        internal bool scheduleAll;
        internal bool closing;

        private protected ChannelCore() { }

        /// <summary>The scheduler this channel belongs to (bound on first use); throws on another thread.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal ThreadScheduler Bind()
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
                ThrowHelper.WrongThread("This channel", owner.ThreadId);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void EnqueueWaiter(Tasklet t)
        {
            Tasklet? h = waitHead;
            if (h == null)
            {
                waitHead = t;
                t.next = t;
                t.prev = t;
            }
            else
            {
                Tasklet last = h.prev!;
                last.next = t;
                t.prev = last;
                t.next = h;
                h.prev = t;
            }
            t.blockedOn = this;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal Tasklet DequeueWaiter()
        {
            Tasklet t = waitHead!;
            UnlinkWaiter(t);
            return t;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void UnlinkWaiter(Tasklet t)
        {
            Tasklet n = t.next!;
            if (n == t)
            {
                waitHead = null;
            }
            else
            {
                Tasklet p = t.prev!;
                p.next = n;
                n.prev = p;
                if (waitHead == t)
                    waitHead = n;
            }
            t.next = null;
            t.prev = null;
            t.blockedOn = null;
        }

        /// <summary>Takes a blocked tasklet out of the queue (it was killed, or main is woken); balance moves toward 0.</summary>
        internal void RemoveWaiter(Tasklet t)
        {
            UnlinkWaiter(t);
            if (balance > 0) balance--;
            else balance++;
            // A blocked sender's value goes with it; nothing else refers to it.
            t.transferObj = null;
            t.transferKind = TransferKind.None;
        }

        /// <summary>
        /// After a rendezvous between the running tasklet <paramref name="current"/> and the woken
        /// <paramref name="woken"/>, decide who runs next. Returns true if <paramref name="current"/> must yield.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal bool AfterMatch(ThreadScheduler s, Tasklet current, Tasklet woken, bool wokenIsReceiver)
        {
            if (scheduleAll)
            {
                s.Append(woken);
                s.head = current.next;
                return true;
            }
            int pref = preference;
            if (wokenIsReceiver ? pref < 0 : pref > 0)
            {
                s.InsertFront(woken);
                return true;
            }
            s.Append(woken);
            return false;
        }
    }
}
