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
    // A loop where the tasklet cannot be paused (inside a lock, in unsafe code, a foreach with a ref-struct enumerator, a
    // loop a ref-like local is live across) only counts its steps: CountLoopStep at each iteration, a decrement with no
    // branch. The counter may go below 0 there and stay so (unchecked: after 2^31 steps with no check it wraps, harmless
    // with no budget); the slow path runs at the next check of the tasklet, which interrupts it then, as Atomic defers it.
    public abstract partial class Tasklet
    {
        /// <summary>
        /// The fast path of a loop's check with no call in the loop: a decrement of the scheduler's counter and a branch.
        /// True: it ran out; the frame saves its locals, sets <c>State</c> to the check's resume state and returns, and
        /// the trampoline (the tasklet is still at the head) calls it again at <see cref="LoopCheckResume"/>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected bool StepCounterSpent() => --RunningScheduler.stepsLeft < 0;

        /// <summary>
        /// A step of a loop where the tasklet cannot be paused: counted, never interrupted here. A budget it spends
        /// interrupts the tasklet at its next step check (or, soft, the run at the next switch). Returns true, so that a
        /// do loop's condition can call it.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected bool CountLoopStep()
        {
            --RunningScheduler.stepsLeft;
            return true;
        }

        /// <summary>
        /// The resume point of a loop's check whose counter ran out (the frame returned with <c>State</c> set, its locals
        /// saved, the counter given back below 0): decides here, outside the loop, so that the loop holds no call. Returns
        /// the step counter (not below 0), or -1: a budgeted run interrupted the tasklet,
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
