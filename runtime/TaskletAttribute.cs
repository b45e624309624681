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
    }
}
