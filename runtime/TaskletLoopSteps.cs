using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Stackless
{
    // Step checks of a loop that does not suspend (issue 14), with no call in the loop. Generated shape:
    //
    //   loop: ... if (StepCounterSpent()) { __saved_x = x; State = k; return; } goto loop;
    //   __resumeK: x = __saved_x; if (LoopCheckResume(k) < 0) return; goto loop;
    //
    // The frame returns with its tasklet still at the head of the run queue, so the trampoline calls it again at once
    // and the dispatch leads to __resumeK, where the runtime decides (the step is counted like BudgetCheck's: a
    // decrement, and the slow path when the counter goes below 0).
    //
    // Invariants:
    // - Between the check's return and its resume point nothing runs (a return without a switch is no switch for any
    //   turn policy), so the scheduler's counter is still below 0 there; a tasklet resumed after an interruption finds it
    //   set anew (at least 0) by the run that resumes it, and only raises a kill or an exception thrown in meanwhile.
    // - State is -1 before that is raised, so that the frame's finally blocks run; the locals are restored before it.
    //
    // The other helpers (BeginLoopSteps, LoopStepsRanOut, EndLoopSteps: a counter taken into a C# local at the loop's
    // entry and given back where it is left) are measured by the benchmarks' hand-written frames, not emitted: a counter in
    // a register is as fast as no check in one loop layout only, which the JIT does not choose under tiering
    // (docs/benchmarks.md, "Step checks in loops that do not suspend"). For them:
    // - Between BeginLoopSteps and EndLoopSteps the local is the counter: nothing else counts steps meanwhile (the loop
    //   does not suspend, so no other frame runs and no switch happens; a budgeted Run cannot be called from a tasklet).
    // - The slow path leaves the scheduler's counter authoritative: it writes the spent value before deciding and
    //   returns the counter's new value (or -1: interrupted, State set, the frame must return now).
    // - An interruption deferred by Atomic must fire at the first check after the atomic section ends; SetAtomic(false)
    //   writes the scheduler's counter, which the local does not see, so while one is deferred the local is 0 and every
    //   check takes the slow path.
    public abstract partial class Tasklet
    {
        /// <summary>At the entry of a loop that does not suspend: the step counter, to be counted down in a local.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected int BeginLoopSteps() => RunningScheduler.stepsLeft;

        /// <summary>Where a loop that does not suspend is left: gives the counted-down steps back to the scheduler.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected void EndLoopSteps(int steps) => RunningScheduler.stepsLeft = steps;

        /// <summary>
        /// The slow path of a loop's check, when its local counter went below 0. Returns the local's new value, or -1: a
        /// budgeted run interrupted the tasklet, which must save its locals and <c>return</c>; it resumes at
        /// <paramref name="resumeState"/>, where <see cref="EndBudgetCheck"/> must run first and the counter is taken again.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected int LoopStepsRanOut(int resumeState)
        {
            ThreadScheduler s = FrameScheduler;
            s.stepsLeft = -1;
            if (s.StepCounterRanOut(this))
            {
                State = (short)resumeState;
                return -1;
            }
            Debug.Assert(s.stepsLeft >= 0);
            return s.InterruptDeferred ? 0 : s.stepsLeft;
        }

        /// <summary>
        /// The fast path of a loop's check with no call in the loop: a decrement of the scheduler's counter and a branch.
        /// True: it ran out; the frame saves its locals, sets <c>State</c> to the check's resume state and returns, and
        /// the trampoline (the tasklet is still at the head) calls it again at <see cref="LoopCheckResume"/>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected bool StepCounterSpent() => --RunningScheduler.stepsLeft < 0;

        /// <summary>
        /// The resume point of a loop's check whose counter ran out (the frame returned with <c>State</c> set, its locals
        /// saved, the counter given back below 0): decides here, outside the loop, so that the loop holds no call. Returns
        /// the counter to count down again (a local counter's new value), or -1: a budgeted run interrupted the tasklet,
        /// and the frame must return now (its State stays <paramref name="resumeState"/>: it comes back here when resumed,
        /// and the counter, set anew by the run that resumes it, is not below 0 then).
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected int LoopCheckResume(int resumeState)
        {
            ThreadScheduler s = FrameScheduler;
            Debug.Assert(State == resumeState);
            if (s.stepsLeft < 0 && s.StepCounterRanOut(this))
                return -1;
            State = -1; // before a kill or an exception thrown in while paused is raised: a finally of the frame runs
            Scheduler.EndSwitch(this);
            Debug.Assert(s.stepsLeft >= 0);
            return s.InterruptDeferred ? 0 : s.stepsLeft;
        }
    }
}
