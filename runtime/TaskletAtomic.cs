namespace Stackless
{
    // Atomic: the tasklet may not be interrupted by a budgeted Scheduler.Run (rare state: a side table of the scheduler).
    public abstract partial class Tasklet
    {
        /// <summary>
        /// While true, a budgeted <see cref="Scheduler.Run(int, bool, bool)"/> does not interrupt this tasklet; an
        /// interruption that came due meanwhile fires at its first step check after this is set back to false.
        /// Normally set on the current tasklet, through <see cref="Scheduler.Atomic"/>. It does not stop the tasklet
        /// from switching by itself (a channel operation, <see cref="Scheduler.Schedule"/>).
        /// </summary>
        public bool Atomic
        {
            get => Owner().IsAtomic(this);
            set => Owner().SetAtomic(this, value);
        }
    }
}
