using System;

namespace Stackless
{
    /// <summary>
    /// Raised inside a tasklet at its suspension point when it is killed with <see cref="Tasklet.Kill"/>.
    /// <c>catch</c> and <c>finally</c> blocks run; if it is not caught, the tasklet ends silently.
    /// </summary>
    public class TaskletExit : Exception
    {
        /// <summary>Creates the exception with the default message.</summary>
        public TaskletExit() : base("The tasklet was killed.") { }

        /// <summary>Creates the exception with a message.</summary>
        public TaskletExit(string message) : base(message) { }

        /// <summary>Creates the exception with a message and an inner exception.</summary>
        public TaskletExit(string message, Exception innerException) : base(message, innerException) { }
    }
}
