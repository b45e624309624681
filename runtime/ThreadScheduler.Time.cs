using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Stackless
{
    // Time, pending work and the idle wait.
    //
    // Invariants:
    // - The clock (NowTicks, TimeSpan ticks since the scheduler was created) never goes backwards. Real time is
    //   clockBase + the provider's elapsed time since clockStart; virtual time is virtualNow, which moves only when
    //   nothing is runnable (it jumps to the earliest timer) so a run under virtual time is deterministic.
    // - A sleeping tasklet is in the timer heap (slot ≤ -2, its timer id; int.MinValue for "forever", which is
    //   in no heap), holds no run-queue slot and waits on no channel: Kill/Throw take it out (LeaveWait).
    // - "Pending" = armed timers + pendingExternal (awaits and async operations handed to this scheduler, counted
    //   by their owner): work that will make a tasklet runnable by itself. Run() does not return, and main does not
    //   deadlock, while anything is pending; with nothing runnable the thread blocks (no spinning) until the next
    //   timer falls due or another thread calls Wake().
    internal sealed partial class ThreadScheduler
    {
        /// <summary>The slot of a tasklet sleeping forever (<see cref="Timeout.InfiniteTimeSpan"/>): no timer wakes it.</summary>
        internal const int SleepingForever = int.MinValue;

        /// <summary>While busy, the <see cref="RingPoller"/> reads the clock once every this many rounds of the ring.</summary>
        private const int PollerRounds = 8;

        private RingPoller? poller;
        private int pollerCountdown;

        internal readonly TimerHeap timers = new TimerHeap();

        /// <summary>
        /// Awaits and async channel operations handed to this scheduler and not yet completed (the async side counts
        /// them, on this scheduler's thread). While &gt; 0 the scheduler waits for them instead of returning or deadlocking.
        /// </summary>
        internal int pendingExternal;

        private TimeProvider timeProvider = TimeProvider.System;
        private long clockStart = TimeProvider.System.GetTimestamp();
        private long clockBase;
        private long lastRealNow;
        private long virtualNow;
        private bool virtualTime;

        /// <summary>Set by <see cref="Wake"/> (any thread) so that a wake between a check and the wait is not lost.</summary>
        private int wakeRequested;
        private ManualResetEventSlim? idleEvent;
        private ITimer? idleTimer;

        internal bool HasPending
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => timers.Count != 0 || pendingExternal != 0;
        }

        // ---- the clock ----

        /// <summary>The scheduler's clock, in <see cref="TimeSpan"/> ticks.</summary>
        internal long NowTicks => virtualTime ? virtualNow : RealNow();

        private long RealNow()
        {
            long now = clockBase + timeProvider.GetElapsedTime(clockStart).Ticks;
            if (now < lastRealNow)
                now = lastRealNow; // a provider that steps back must not move our clock back
            lastRealNow = now;
            return now;
        }

        internal bool VirtualTime
        {
            get => virtualTime;
            set
            {
                if (value == virtualTime)
                    return;
                if (timers.Count != 0)
                    throw new InvalidOperationException($"Scheduler.VirtualTime can only be changed while no timer is pending ({timers.Count} pending).");
                if (value)
                {
                    virtualNow = RealNow();
                }
                else
                {
                    // Real time continues from the virtual clock's reading.
                    clockBase = virtualNow;
                    lastRealNow = virtualNow;
                    clockStart = timeProvider.GetTimestamp();
                }
                virtualTime = value;
            }
        }

        internal TimeProvider TimeProvider
        {
            get => timeProvider;
            set
            {
                if (value is null) throw new ArgumentNullException(nameof(value));
                if (value == timeProvider)
                    return;
                if (!virtualTime)
                    clockBase = RealNow(); // the clock continues from here under the new provider
                timeProvider = value;
                clockStart = value.GetTimestamp();
                idleTimer?.Dispose();
                idleTimer = null;
            }
        }

        /// <summary>
        /// The due time of a timer started now for <paramref name="delay"/>; -1 for <see cref="Timeout.InfiniteTimeSpan"/>
        /// (no timer). Saturates instead of overflowing.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">A negative delay other than <see cref="Timeout.InfiniteTimeSpan"/>.</exception>
        internal long DueTicks(TimeSpan delay)
        {
            long d = delay.Ticks;
            if (d < 0)
            {
                if (delay == Timeout.InfiniteTimeSpan)
                    return -1;
                ThrowNegativeDelay(delay);
            }
            long now = NowTicks;
            return d > long.MaxValue - now ? long.MaxValue : now + d;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowNegativeDelay(TimeSpan delay) =>
            throw new ArgumentOutOfRangeException("delay", delay, "A delay or timeout must not be negative (Timeout.InfiniteTimeSpan waits forever).");

        // ---- sleepers and timed wakes ----

        /// <summary>Puts <paramref name="t"/>, which holds no slot and waits on nothing, to sleep until <paramref name="due"/> (-1: forever).</summary>
        internal void StartSleep(Tasklet t, long due)
        {
            Debug.Assert(t.slot == -1 && t.blockedOn == null);
            if (due < 0)
            {
                t.slot = SleepingForever;
                NoteRarePark(t); // no timer refers to it: only a kill ends this sleep
                return;
            }
            timers.AddSleeper(t, due);
            if (!virtualTime)
                EnsurePoller();
        }

        /// <summary>Arms <paramref name="w"/> to fire at <paramref name="due"/> (from <see cref="DueTicks"/>; -1 arms nothing).</summary>
        internal void StartTimer(TimedWake w, long due)
        {
            if (due < 0)
                return;
            timers.Add(w, due);
            if (!virtualTime)
                EnsurePoller();
        }

        /// <summary>Disarms <paramref name="w"/> if it is armed (O(log n)).</summary>
        internal void CancelTimer(TimedWake w)
        {
            if (w.timerIndex >= 0)
                timers.Remove(w);
        }

        /// <summary>
        /// <paramref name="t"/> stops waiting (it is killed or thrown into, or main must run): it leaves its channel's
        /// queue or its timer, so nothing wakes it later and nothing keeps it alive.
        /// </summary>
        internal void LeaveWait(Tasklet t)
        {
            if (t.transferKind == TransferKind.Select)
            {
                t.WaitingSelect.Abandon(t); // every queue and its timeout (a timeout-only select is in no queue)
                return;
            }
            t.blockedOn?.RemoveWaiter(t);
            LeaveAwait(t);
            if (t.slot <= -2)
            {
                if (t.slot == SleepingForever)
                    t.slot = -1;
                else
                    timers.RemoveSleeper(t);
            }
        }

        /// <summary>The async side's part of <see cref="LeaveWait"/>: an awaiting tasklet lets go of its await (implemented in its own file).</summary>
        partial void LeaveAwait(Tasklet t);

        /// <summary>Fires every timer due at <paramref name="now"/>, earliest (then first started) first. True if any fired.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private bool FireDue(long now)
        {
            bool fired = false;
            while (timers.TryTakeDue(now, out object target, out bool isSleeper))
            {
                fired = true;
                if (isSleeper)
                    AppendWithoutValue(Unsafe.As<Tasklet>(target)); // many due at once wait for slots in the spawn queue
                else
                    Unsafe.As<TimedWake>(target).OnTimeout(this);
            }
            if (fired)
                EnsurePoller();
            return fired;
        }

        // ---- polling and the idle wait ----

        /// <summary>
        /// The async side's inbox: completions and operations posted by other threads are taken in here, on this
        /// thread, before every idle wait and every poll. Implemented in the async side's own file.
        /// </summary>
        partial void DrainPosted();

        /// <summary>
        /// Something can fall due while tasklets are busy: real-time timers, or work other threads will post. Never with an
        /// explorer, which takes in posted work itself, at every switch.
        /// </summary>
        private bool NeedsPoller => (pendingExternal != 0 || (timers.Count != 0 && !virtualTime)) && explorer == null;

        internal bool PollerInRing => poller != null && poller.slot >= 0;

        /// <summary>
        /// Puts the <see cref="RingPoller"/> into the ring if it is needed and real tasklets are runnable. Called where
        /// that can become true: a timer started, timers fired, posted work taken in (the async side calls it too when
        /// <see cref="pendingExternal"/> becomes non-zero).
        /// </summary>
        internal void EnsurePoller()
        {
            if (head < 0 || !NeedsPoller)
                return;
            RingPoller p = poller ??= new RingPoller(this);
            if (p.slot >= 0)
                return;
            // Into the ring at its end, like Append, but not counted in runCount: it is no tasklet to the user.
            Append(p);
            runCount--;
            pollerCountdown = 1;
        }

        /// <summary>
        /// The poller's turn (it is the head): pass the head on, then every few rounds wake the due sleepers and take in
        /// posted work. It leaves the ring when it is alone in it (nothing runnable: the idle wait takes over) or no
        /// longer needed.
        /// </summary>
        internal void PollerTurn()
        {
            RingPoller p = poller!;
            int me = p.slot;
            Debug.Assert(head == me);
            int next = LinkAt(me).next;
            if (next == me || !NeedsPoller)
            {
                RemoveFromRing(me); // not Unlink: runCount never counted it
                FreeSlot(p);
                return;
            }
            head = next;
            if (--pollerCountdown > 0)
                return;
            pollerCountdown = PollerRounds;
            DrainPosted();
            if (timers.Count != 0 && !virtualTime)
                FireDue(RealNow());
        }

        /// <summary>
        /// Nothing is runnable but something is pending: take in posted work; else jump the virtual clock to the
        /// earliest timer, or block the thread until the earliest timer falls due or <see cref="Wake"/> is called.
        /// Returns after at most one wait; the caller looks at the run queue again.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)] // cold: kept out of the trampoline's loop (inlined, it slowed every switch)
        private void WaitForPending()
        {
            DrainPosted();
            if (head >= 0)
            {
                EnsurePoller();
                return;
            }
            if (timers.Count != 0)
            {
                if (virtualTime)
                {
                    long due = timers.MinDue;
                    if (due > virtualNow)
                        virtualNow = due;
                    FireDue(virtualNow);
                    return;
                }
                long now = RealNow();
                if (FireDue(now))
                    return;
                IdleWait(timers.MinDue - now);
                FireDue(RealNow());
                return;
            }
            IdleWait(-1);
        }

        /// <summary>Blocks the thread for about <paramref name="ticks"/> (-1: until woken) unless <see cref="Wake"/> is or was called.</summary>
        private void IdleWait(long ticks)
        {
            ManualResetEventSlim ev = idleEvent ?? CreateIdleEvent();
            ev.Reset();
            // After the Reset: a Wake() that came before it left wakeRequested set; one after it sets the event.
            if (Interlocked.Exchange(ref wakeRequested, 0) != 0)
                return;
            if (ticks < 0)
            {
                ev.Wait();
            }
            else if (timeProvider == TimeProvider.System)
            {
                long ms = ticks / TimeSpan.TicksPerMillisecond + (ticks % TimeSpan.TicksPerMillisecond != 0 ? 1 : 0);
                ev.Wait((int)Math.Min(ms, int.MaxValue - 1));
            }
            else
            {
                // Another clock (a test's fake one): its own timer says when the time has come.
                TimeSpan wait = TimeSpan.FromTicks(Math.Min(ticks, TimeSpan.FromMilliseconds(uint.MaxValue - 2).Ticks));
                if (idleTimer == null)
                    idleTimer = timeProvider.CreateTimer(static state => ((ThreadScheduler)state!).Wake(), this, wait, Timeout.InfiniteTimeSpan);
                else
                    idleTimer.Change(wait, Timeout.InfiniteTimeSpan);
                ev.Wait();
            }
            Interlocked.Exchange(ref wakeRequested, 0);
        }

        private ManualResetEventSlim CreateIdleEvent()
        {
            var ev = new ManualResetEventSlim(false, spinCount: 0);
            return Interlocked.CompareExchange(ref idleEvent, ev, null) ?? ev;
        }

        /// <summary>
        /// From any thread: if this scheduler is waiting idle, it wakes and looks again (posted work is taken in by
        /// <see cref="DrainPosted"/>). Post first, then call this; a wake is never lost.
        /// </summary>
        internal void Wake()
        {
            Volatile.Write(ref wakeRequested, 1);
            (idleEvent ?? CreateIdleEvent()).Set();
        }
    }
}
