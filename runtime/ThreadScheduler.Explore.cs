using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Stackless.Testing;

namespace Stackless
{
    // Exploration mode (Stackless.Testing.TaskletExplorer): the scheduler asks a ScheduleExplorer at every choice it makes.
    //
    // Invariants:
    // - explorer is null except on a thread an exploration run started, where it is set once, before the scenario runs,
    //   with virtual time on. Off, the cost is one null test per Pump call (not per switch) and one in a select with a choice.
    // - With an explorer there is no RingPoller (NeedsPoller is false): nothing is taken in behind the explorer's back.
    //   Posted work is taken in at every switch, its awaits in an order the explorer chooses.
    // - A switch is noticed in the trampoline: the tasklet at the head is not the one that ran last. Only a switch
    //   (a tasklet suspended, blocked, ended, or woke from idle) is a choice; a nested call returning to the trampoline
    //   leaves the head alone and is not, so code between two suspension points stays atomic, as it always is.
    // - An explicit switch (Run(), Throw() or Kill() without pending) runs its target next: that is the program's
    //   choice, not the scheduler's, so it is no decision.
    // - Choice 0 is always what the ordinary scheduler does (FIFO): the head, the first ready select case, the first
    //   timer of the instant, the awaits in posted order. A schedule of zeros is the ordinary run.
    internal sealed partial class ThreadScheduler
    {
        /// <summary>Set on an exploration run's thread: every scheduling choice is the explorer's.</summary>
        internal ScheduleExplorer? explorer;

        /// <summary>Starts exploration on this thread's fresh scheduler: virtual time from 0, so every run reads the same clock.</summary>
        internal void StartExploring(ScheduleExplorer e)
        {
            Debug.Assert(explorer == null && timers.Count == 0 && runCount == 1);
            explorer = e;
            stepsLeft = e.MaxStepsWithoutSwitch;
            virtualTime = true;
            virtualNow = 0;
            random = new SeededRandom(e.Seed);
        }

        /// <summary>An error a tasklet left for main that main never picked up (the scenario returned without another operation).</summary>
        internal ExceptionDispatchInfo? TakePendingError()
        {
            ExceptionDispatchInfo? e = pendingError;
            pendingError = null;
            return e;
        }

        /// <summary><see cref="Pump"/> in exploration mode: the same loop, with the explorer choosing at every switch.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void PumpExploring(bool untilAlone)
        {
            ScheduleExplorer e = explorer!;
            e.lastRan = Main;
            var turns = new ExploreTurns(e, untilAlone);
            Trampoline(turns);
        }

        /// <summary>Exploration: at every switch (the head is not the tasklet that ran last) the explorer picks who runs.</summary>
        private readonly struct ExploreTurns(ScheduleExplorer e, bool untilAlone) : ITurnPolicy
        {
            public bool MainPassesOn => untilAlone;

            public bool BeforeTurn(ThreadScheduler s, ref int h)
            {
                if (h > 0 && s.LinkAt(h).tasklet != e.lastRan)
                {
                    h = s.ExploreSwitch(e);
                    if (h < 0)
                        return false; // the step budget is spent: main was made to run
                }
                return true;
            }

            public bool MainRuns(ThreadScheduler s)
            {
                MainTasklet main = s.Main;
                if (s.LinkAt(0).next != 0 && e.lastRan != main && !main.pendingException && s.pendingError == null)
                {
                    // Main's turn came by FIFO: it is one of the candidates like any other.
                    if (s.ExploreSwitch(e) != 0)
                        return false;
                }
                e.lastRan = main;
                return true;
            }

            public void NothingRunnable() => e.lastRan = null; // whatever wakes now runs after a switch

            public void Idle(ThreadScheduler s) => s.ExploreIdle(e);
        }

        /// <summary>
        /// A switch: take in posted work, count the step, then move the tasklet the explorer picks among the ring to its
        /// front. Returns the new head, or -1 if the step budget is spent (main then runs to raise it).
        /// </summary>
        private int ExploreSwitch(ScheduleExplorer e)
        {
            if (HasPosts)
                DeliverPostedExploring(e);
            if (!e.Step())
            {
                e.lastRan = null;
                RaiseInMain(ExceptionDispatchInfo.Capture(e.StepLimitError()));
                return -1;
            }
            if (budget is not { Active: true })
                stepsLeft = e.MaxStepsWithoutSwitch; // the watchdog's step checks count from every switch
            int h = head;
            Tasklet? forced = e.forced;
            if (forced != null)
            {
                e.forced = null;
                if (LinkAt(h).tasklet == forced)
                {
                    e.lastRan = forced; // Run()/Throw() said who runs now: honoured
                    return h;
                }
            }
            int n = RingLength();
            int k = e.Choose(n, ScheduleDecisionKind.Switch);
            int chosen = h;
            for (int i = 0; i < k; i++)
                chosen = LinkAt(chosen).next;
            if (chosen != h)
                MoveToFront(chosen);
            e.lastRan = LinkAt(chosen).tasklet;
            return chosen;
        }

        /// <summary>
        /// A step check (a loop back-edge or a [Tasklet] entry, the watchdog's) found the running tasklet has taken the
        /// explorer's steps without a switch: it is paused (as a hard watchdog interruption pauses it) and main fails
        /// with the step-limit error. True: the frame returns now.
        /// </summary>
        private bool ExplorerStepsRanOut(Tasklet frame)
        {
            ScheduleExplorer e = explorer!;
            Tasklet t = CurrentOf(frame);
            stepsLeft = int.MaxValue;
            if (IsAtomic(t))
            {
                stepsLeft = 0; // at its first check after the atomic section
                return false;
            }
            Debug.Assert(t != Main && head >= 0 && LinkAt(head).tasklet == t);
            UnlinkRunning(t);
            t.slot = -1;
            NoteRarePark(t);
            e.lastRan = null;
            RaiseInMain(ExceptionDispatchInfo.Capture(e.NoSwitchError(t)));
            return true;
        }

        /// <summary>The number of tasklets in the ring (main is out of it while detached; there is no poller).</summary>
        private int RingLength()
        {
            int n = mainDetached ? runCount - 1 : runCount;
            Debug.Assert(n >= 1 && !PollerInRing);
            return n;
        }

        /// <summary>Moves ring slot <paramref name="i"/>, which is not the head, in front of the head; the others keep their order.</summary>
        private void MoveToFront(int i)
        {
            ref Link li = ref LinkAt(i);
            LinkAt(li.prev).next = li.next;
            LinkAt(li.next).prev = li.prev;
            int h = head;
            ref Link lh = ref LinkAt(h);
            int last = lh.prev;
            LinkAt(last).next = i;
            li.prev = last;
            li.next = h;
            lh.prev = i;
            head = i;
        }

        /// <summary>
        /// Nothing is runnable, something is pending: take in posted work; else under virtual time fire one timer of the
        /// earliest instant, the one the explorer picks (the others fire at the next idle, the clock still there);
        /// else wait for another thread (as the ordinary scheduler does).
        /// </summary>
        private void ExploreIdle(ScheduleExplorer e)
        {
            if (HasPosts)
                DeliverPostedExploring(e);
            if (head >= 0)
                return;
            if (timers.Count != 0 && virtualTime)
            {
                if (!e.Step())
                {
                    RaiseInMain(ExceptionDispatchInfo.Capture(e.StepLimitError()));
                    return;
                }
                long due = timers.MinDue;
                if (due > virtualNow)
                    virtualNow = due;
                int k = e.Choose(timers.CountAtMin(), ScheduleDecisionKind.Timer);
                timers.TakeAtMin(k, out object target, out bool isSleeper);
                if (isSleeper)
                    Append(Unsafe.As<Tasklet>(target));
                else
                    Unsafe.As<TimedWake>(target).OnTimeout(this);
                return;
            }
            if (e.Abandoned)
            {
                RaiseInMain(ExceptionDispatchInfo.Capture(e.StepLimitError()));
                return;
            }
            WaitForPending(); // real time, or awaits only: the ordinary wait (the explorer's watchdog wakes it)
        }

        /// <summary>Delivers what other threads (or tasklets completing tasks) posted, in posted order except the awaits, which the explorer orders.</summary>
        private void DeliverPostedExploring(ScheduleExplorer e)
        {
            InboxItem? oldest = inbox.TakeOldestFirst();
            int awaits = 0;
            for (InboxItem? i = oldest; i != null; i = i.nextPosted)
                if (i is AwaitNode)
                    awaits++;
            if (awaits > 1)
            {
                // A Fisher-Yates shuffle of the awaits among their own places, choice 0 keeping each where it is.
                var nodes = new InboxItem[awaits];
                int n = 0;
                for (InboxItem? i = oldest; i != null; i = i.nextPosted)
                    if (i is AwaitNode)
                        nodes[n++] = i;
                for (int i = 0; i < awaits - 1; i++)
                {
                    int j = i + e.Choose(awaits - i, ScheduleDecisionKind.Await);
                    (nodes[i], nodes[j]) = (nodes[j], nodes[i]);
                }
                var order = new InboxItem[CountChain(oldest)];
                n = 0;
                int a = 0;
                for (InboxItem? i = oldest; i != null; i = i.nextPosted)
                    order[n++] = i is AwaitNode ? nodes[a++] : i;
                foreach (InboxItem item in order)
                {
                    item.nextPosted = null;
                    item.Deliver(this);
                }
                return;
            }
            while (oldest != null)
            {
                InboxItem? next = oldest.nextPosted;
                oldest.nextPosted = null;
                oldest.Deliver(this);
                oldest = next;
            }
        }

        private static int CountChain(InboxItem? i)
        {
            int n = 0;
            for (; i != null; i = i.nextPosted)
                n++;
            return n;
        }
    }
}
