using System;

namespace Stackless
{
    // The watchdog: budgeted runs and atomic sections (Stackless's run(timeout, soft=, totaltimeout=) and atomic).
    public static partial class Scheduler
    {
        /// <summary>
        /// From the main tasklet: runs the scheduler as <see cref="Run()"/> does, under a budget of <paramref name="steps"/>
        /// steps. A step is one loop back-edge (a backward <c>goto</c> included) or one entry into a <see cref="TaskletAttribute"/>
        /// method, where the generator puts a check (none in <c>[Tasklet(Preemptible = false)]</c> methods).
        /// </summary>
        /// <param name="steps">How many steps a tasklet may run without switching (with <paramref name="totalBudget"/>: the whole run).</param>
        /// <param name="soft">
        /// False (hard): a tasklet that exhausts the budget is interrupted at its next check, taken off the run queue
        /// (<see cref="Tasklet.IsPaused"/>) and returned; <see cref="Tasklet.Insert"/> it to let it continue exactly where it
        /// was, or <see cref="Tasklet.Kill"/> it. True: the run returns <c>null</c> at the next switch, before the next tasklet
        /// runs, and nothing is taken off the run queue.
        /// </param>
        /// <param name="totalBudget">The budget is for the whole run, not for each tasklet between switches.</param>
        /// <returns>The interrupted tasklet (hard), or <c>null</c> when the run ended normally or softly.</returns>
        /// <remarks>
        /// A tasklet that is <see cref="Tasklet.Atomic"/> is not interrupted; an interruption that came due fires at its first
        /// check after that ends. A budgeted run nested in another (from main's code called back inside one) runs under the
        /// outer budget, and the outer run returns what it interrupts: the outermost rules.
        /// </remarks>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is 0 or negative.</exception>
        /// <exception cref="InvalidOperationException">Called from a tasklet other than main.</exception>
        public static Tasklet? Run(int steps, bool soft = false, bool totalBudget = false)
        {
            if (steps <= 0)
                throw new ArgumentOutOfRangeException(nameof(steps), steps, "A budgeted run needs at least one step; Scheduler.Run() runs without a budget.");
            return ThreadScheduler.ForCurrentThread.RunBudgeted(steps, TimeSpan.Zero, soft, totalBudget);
        }

        /// <summary>
        /// From the main tasklet: runs the scheduler as <see cref="Run()"/> does, under a budget of real (wall-clock) time:
        /// as <see cref="Run(int, bool, bool)"/>, with a tasklet that runs for <paramref name="budget"/> without switching
        /// (with <paramref name="totalBudget"/>: a run that lasts that long) interrupted at a step check soon after.
        /// </summary>
        /// <remarks>
        /// Time is read at step checks only, every so many steps, so the interruption comes at least <paramref name="budget"/>
        /// after the slice (or run) began, and late by up to one probe interval. Virtual time does not count: it stands still while tasklets run.
        /// </remarks>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="budget"/> is zero or negative.</exception>
        /// <exception cref="InvalidOperationException">Called from a tasklet other than main.</exception>
        public static Tasklet? Run(TimeSpan budget, bool soft = false, bool totalBudget = false)
        {
            if (budget <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(budget), budget, "A budgeted run needs a positive time; Scheduler.Run() runs without a budget.");
            return ThreadScheduler.ForCurrentThread.RunBudgeted(0, budget, soft, totalBudget);
        }

        /// <summary>
        /// Begins an atomic section of the current tasklet: <c>using (Scheduler.Atomic()) { … }</c>. Inside it, a budgeted
        /// <see cref="Run(int, bool, bool)"/> does not interrupt the tasklet; an interruption that came due fires at the first
        /// step check after the section ends. Disposing the scope restores <see cref="Tasklet.Atomic"/> as it was.
        /// </summary>
        public static AtomicScope Atomic()
        {
            ThreadScheduler s = ThreadScheduler.ForCurrentThread;
            Tasklet current = s.Current;
            bool previous = s.IsAtomic(current);
            if (!previous)
                s.SetAtomic(current, true);
            return new AtomicScope(current, previous);
        }
    }
}
