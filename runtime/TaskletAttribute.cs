using System;

namespace Stackless
{
    /// <summary>
    /// Marks a method as a tasklet body. The Stackless source generator compiles the method a second
    /// time into a resumable heap frame and adds a <c>Spawn{Name}</c> method beside it, so the method can
    /// run as a tasklet whose channel operations and <see cref="Scheduler.Schedule"/> calls suspend it.
    /// Called directly from ordinary code, the method still runs as written, on the caller's stack.
    /// </summary>
    /// <remarks>The containing type must be <c>partial</c>.</remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class TaskletAttribute : Attribute
    {
        /// <summary>
        /// True (the default): the generator puts a step check at the method's entry and at every loop back-edge, so a
        /// budgeted <see cref="Scheduler.Run(int, bool, bool)"/> can interrupt the tasklet there. False: no checks in this
        /// method (a hot loop that must not pay for them; the tasklet cannot be interrupted while it runs this method).
        /// </summary>
        public bool Preemptible { get; set; } = true;
    }
}
