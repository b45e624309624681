namespace Stackless
{
    /// <summary>One case of a <see cref="Select"/>: what it waits for and, while the select waits, where it sits.</summary>
    internal struct SelectCase
    {
        internal ChannelCore? channel;

        /// <summary>
        /// A send case's value, stored as a tasklet's transfer slot stores it (so a receiver copies it as it is).
        /// A timeout case: its delay in ticks in <see cref="valueBits"/> (−1 for <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>).
        /// </summary>
        internal object? valueObj;
        internal long valueBits;

        /// <summary>While <see cref="state"/> is not <see cref="SelectCaseState.Idle"/>: the case's position in its channel's queue.</summary>
        internal uint position;
        internal SelectCaseKind kind;
        internal SelectCaseState state;
    }

    internal enum SelectCaseKind : byte
    {
        Receive,
        Send,
        Default,
        Timeout,
    }

    internal enum SelectCaseState : byte
    {
        /// <summary>Not in any queue.</summary>
        Idle,

        /// <summary>Queued in its channel at <see cref="SelectCase.position"/>.</summary>
        Queued,

        /// <summary>Queued, and already renumbered by the channel's ring growing (only during that growth).</summary>
        Renumbered,
    }
}
