using System;

namespace Stackless
{
    /// <summary>
    /// Thrown by a channel operation that would block on a channel that is closing or closed:
    /// a <c>Receive</c> with no sender left, or a <c>Send</c> with no receiver waiting.
    /// </summary>
    public class ChannelClosedException : InvalidOperationException
    {
        /// <summary>Creates the exception with the default message.</summary>
        public ChannelClosedException()
            : base("The channel is closed: the operation would block and nobody can complete it. Call Open() to reuse the channel.") { }

        /// <summary>Creates the exception with a message.</summary>
        public ChannelClosedException(string message) : base(message) { }

        /// <summary>Creates the exception with a message and an inner exception.</summary>
        public ChannelClosedException(string message, Exception innerException) : base(message, innerException) { }
    }
}
