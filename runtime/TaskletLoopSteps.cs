using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Stackless
{
    // Step checks of a loop that does not suspend (issue 14): the scheduler's step counter is taken into a C# local at
    // the loop's entry, counted down there (a register, not a memory counter: a decrement and a branch per back-edge),
    // and given back when the loop is left. Generated shape:
    //
    //     int __steps = BeginLoopSteps();
    //   loop: ... if (--__steps < 0 && (__steps = LoopStepsRanOut(k)) < 0) { save locals; return; } goto loop;
    //   exit: EndLoopSteps(__steps);
    //
    // Invariants:
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
    }
}
