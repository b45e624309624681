using System;

namespace Stackless
{
    /// <summary>
    /// An atomic section of the current tasklet, from <see cref="Scheduler.Atomic"/> to <see cref="Dispose"/>, which
    /// restores the tasklet's <see cref="Tasklet.Atomic"/> as it was before: <c>using (Scheduler.Atomic()) { … }</c>.
    /// </summary>
    public readonly struct AtomicScope : IDisposable
    {
        private readonly Tasklet? tasklet;
        private readonly bool previous;

        internal AtomicScope(Tasklet tasklet, bool previous)
        {
            this.tasklet = tasklet;
            this.previous = previous;
        }

        /// <summary>Ends the section: the tasklet's <see cref="Tasklet.Atomic"/> is what it was when the section began.</summary>
        /// <exception cref="InvalidOperationException">Another tasklet than the one that began the section is running.</exception>
        public void Dispose()
        {
            Tasklet? t = tasklet;
            if (t == null)
                return; // default(AtomicScope): no section
            Tasklet current = ThreadScheduler.ForCurrentThread.Current;
            if (current != t)
                throw new InvalidOperationException(
                    $"An atomic section begun by {t} was ended by {current}; a Scheduler.Atomic() scope must be ended by the tasklet that began it.");
            t.Atomic = previous;
        }
    }
}
