using System.Runtime.CompilerServices;

namespace Stackless
{
    /// <summary>
    /// The untyped part of a channel: its FIFO queue of blocked tasklets (linked through the tasklets'
    /// own run-queue links, so blocking allocates nothing) and its balance.
    /// </summary>
    public abstract class ChannelCore
    {
        /// <summary>Slot of the first blocked tasklet, or -1; the queue is circular through the owner's links.</summary>
        internal int waitHead = -1;

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
                ThrowHelper.WrongThread("This channel");
        }

        /// <summary>The first blocked tasklet, or null.</summary>
        internal Tasklet? FirstWaiter => waitHead < 0 ? null : owner!.slots[waitHead];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void EnqueueWaiter(ThreadScheduler s, Tasklet t)
        {
            int i = t.slot;
            Link[] l = s.links;
            int h = waitHead;
            if (h < 0)
            {
                waitHead = i;
                l[i].next = i;
                l[i].prev = i;
            }
            else
            {
                int last = l[h].prev;
                l[last].next = i;
                l[i].prev = last;
                l[i].next = h;
                l[h].prev = i;
            }
            t.blockedOn = this;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal Tasklet DequeueWaiter(ThreadScheduler s)
        {
            Tasklet t = s.slots[waitHead]!;
            UnlinkWaiter(s, t);
            return t;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void UnlinkWaiter(ThreadScheduler s, Tasklet t)
        {
            int i = t.slot;
            Link[] l = s.links;
            int n = l[i].next;
            if (n == i)
            {
                waitHead = -1;
            }
            else
            {
                int p = l[i].prev;
                l[p].next = n;
                l[n].prev = p;
                if (waitHead == i)
                    waitHead = n;
            }
            t.blockedOn = null;
        }

        /// <summary>Takes a blocked tasklet out of the queue (it was killed, or main is woken); balance moves toward 0.</summary>
        internal void RemoveWaiter(Tasklet t)
        {
            UnlinkWaiter(owner!, t);
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
                s.Rotate();
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
