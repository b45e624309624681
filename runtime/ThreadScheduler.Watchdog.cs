using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Stackless
{
    // The watchdog: budgeted runs, the step checks of generated code, and atomic.
    //
    // Invariants:
    // - stepsLeft is counted down by every step check of generated code (TaskletFrame.BudgetCheck: a loop back-edge or
    //   the entry of a [Tasklet] method); its slow path (StepCounterRanOut) runs when it goes below 0. With no budgeted
    //   run in force it is int.MaxValue again after the slow path: one slow call every 2^31 steps, nothing else.
    // - Only a budgeted run resumes frames in PumpBudgeted; the plain trampoline (Pump) is untouched, so switches outside a
    //   budgeted run cost nothing more. PumpBudgeted sees every switch as a change of head (every switch returns to it).
    // - One budget is in force at a time: a budgeted run called while one is armed (from main's code called back inside
    //   it) runs under the outer one, which alone returns the interrupted tasklet (the outermost rules).
    // - After a hard interruption the victim is off the run queue (paused), its interrupted frame's State is the check's
    //   resume point, and main is at the head of the ring, so the run returns at once.
    // - Atomic is rare state: a weak side table keyed by tasklet (no field on Tasklet), read on the slow path only.
    internal sealed partial class ThreadScheduler
    {
        /// <summary>Steps left before the slow path of a step check runs (see the invariants above).</summary>
        internal int stepsLeft = int.MaxValue;

        private RunBudget? budget;

        /// <summary>The atomic tasklets of this thread (weak keys: an atomic tasklet parked forever stays collectable).</summary>
        private ConditionalWeakTable<Tasklet, object>? atomics;

        private static readonly object AtomicMark = new object();

        /// <summary><c>Scheduler.Run(steps | time, soft, totalBudget)</c> from main: runs like <c>Run()</c> under a budget.</summary>
        internal Tasklet? RunBudgeted(int steps, TimeSpan time, bool soft, bool total)
        {
            if (Current != Main)
                ThrowHelper.NotFromTasklet("Scheduler.Run(budget)", Current);
            ThrowIfErrorPending();
            RunBudget b = budget ??= new RunBudget();
            if (b.Active)
            {
                // Nested in a budgeted run: the outer budget rules, and the outer run returns what it interrupts.
                PumpBudgeted(b);
                EndMainOperation();
                return null;
            }
            Tasklet? victim;
            stepsLeft = b.Start(steps, time, soft, total);
            try
            {
                PumpBudgeted(b);
            }
            finally
            {
                victim = b.End();
                stepsLeft = int.MaxValue;
            }
            EndMainOperation();
            return victim;
        }

        /// <summary>
        /// The trampoline of a budgeted run: <see cref="Pump"/> with <c>untilAlone</c>, plus the budget's part at every
        /// switch (a new head) and the stop after an interruption.
        /// </summary>
        private void PumpBudgeted(RunBudget b)
        {
            var turns = new BudgetTurns(b);
            Trampoline(turns);
        }

        /// <summary>A budgeted run: the budget's part at every switch (a new head), and main keeps its turn once the run is stopped.</summary>
        private readonly struct BudgetTurns(RunBudget b) : ITurnPolicy
        {
            public bool MainPassesOn => !b.Stopped;

            public bool BeforeTurn(ThreadScheduler s, ref int h)
            {
                if (h != b.LastHead)
                {
                    b.LastHead = h;
                    if (b.SoftExpired && !b.Stopped)
                    {
                        // Soft: the budget ran out; return at this switch, before the next tasklet runs.
                        b.Stopped = true;
                        s.BringMainToFront();
                        return false;
                    }
                    s.stepsLeft = b.OnSwitch(s.stepsLeft);
                }
                return true;
            }

            public bool MainRuns(ThreadScheduler s) => true;

            public void NothingRunnable() { }

            public void Idle(ThreadScheduler s) => s.WaitForPending();
        }

        /// <summary>
        /// The slow path of a step check in <paramref name="frame"/>, the running frame: the step counter ran out.
        /// True: the running tasklet is interrupted (taken off the run queue, the run about to return it), and the frame
        /// must return now.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal bool StepCounterRanOut(Tasklet frame)
        {
            RunBudget? b = budget;
            if (b == null || !b.Active || b.Stopped)
            {
                if (explorer != null && b is not { Active: true })
                    return ExplorerStepsRanOut(frame); // Stackless.Testing: too many steps without a switch (ThreadScheduler.Explore.cs)
                stepsLeft = int.MaxValue;
                return false;
            }
            if (!b.InterruptDue && !b.Spent(ref stepsLeft))
                return false;
            Tasklet t = CurrentOf(frame);
            stepsLeft = int.MaxValue;
            if (IsAtomic(t))
            {
                b.InterruptDue = true; // fires at the first check after the atomic section ends
                return false;
            }
            b.InterruptDue = false;
            if (b.Soft)
            {
                b.SoftExpired = true; // the run returns at the next switch
                return false;
            }
            Debug.Assert(t != Main && head >= 0 && LinkAt(head).tasklet == t);
            UnlinkRunning(t);
            t.slot = -1;
            NoteRarePark(t); // paused: Scheduler.Tasklets finds it (and counts it if the caller drops it)
            b.Victim = t;
            b.Stopped = true;
            BringMainToFront();
            return true;
        }

        /// <summary>Makes main the head of the ring (during a run it is detached or behind others), keeping the others' order.</summary>
        private void BringMainToFront()
        {
            MainTasklet main = Main;
            if (mainDetached)
            {
                mainDetached = false;
                int h = head;
                ref Link l0 = ref LinkAt(0);
                if (h < 0)
                {
                    l0.next = 0;
                    l0.prev = 0;
                }
                else
                {
                    ref Link lh = ref LinkAt(h);
                    int last = lh.prev;
                    LinkAt(last).next = 0;
                    l0.prev = last;
                    l0.next = h;
                    lh.prev = 0;
                }
                head = 0;
                return;
            }
            if (main.inRunQueue)
            {
                if (head == 0)
                    return;
                Unlink(main);
            }
            InsertFrontPaused(main);
        }

        /// <summary>An interruption came due while the running tasklet was atomic: it fires at the first check after that ends.</summary>
        internal bool InterruptDeferred => budget is { Active: true, InterruptDue: true };

        // ---- atomic ----

        internal bool IsAtomic(Tasklet t)
        {
            ConditionalWeakTable<Tasklet, object>? table = atomics;
            return table != null && table.TryGetValue(t, out _);
        }

        internal void SetAtomic(Tasklet t, bool atomic)
        {
            if (atomic)
            {
                (atomics ??= new ConditionalWeakTable<Tasklet, object>()).AddOrUpdate(t, AtomicMark);
                return;
            }
            atomics?.Remove(t);
            // An interruption that came due inside the atomic section fires at the next check of that tasklet.
            if (budget is { Active: true, InterruptDue: true } && t == Current)
                stepsLeft = 0;
        }
    }
}
