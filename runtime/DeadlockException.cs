using System;

namespace Stackless
{
    /// <summary>
    /// Thrown in the main tasklet when it would block and no other tasklet can run to unblock it.
    /// </summary>
    public class DeadlockException : InvalidOperationException
    {
        /// <summary>Creates the exception with the default message.</summary>
        public DeadlockException()
            : base("Deadlock: the main tasklet would block, but no other tasklet is runnable.") { }

        /// <summary>Creates the exception with a message.</summary>
        public DeadlockException(string message) : base(message) { }

        /// <summary>Creates the exception with a message and an inner exception.</summary>
        public DeadlockException(string message, Exception innerException) : base(message, innerException) { }
    }
}
