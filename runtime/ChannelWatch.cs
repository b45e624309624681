namespace Stackless
{
    /// <summary>Where a scheduler's census stands with one channel (<see cref="ChannelCensus"/>); only slow paths read or write it.</summary>
    internal enum ChannelWatch : byte
    {
        /// <summary>
        /// Unknown to the census: the queue is empty and its capacity 0, so the next waiter takes the slow path, which notes the
        /// channel. A channel that has a ring in this state was forgotten once.
        /// </summary>
        None,

        /// <summary>Noted at its first waiter since it was made, strongly, until the next flush.</summary>
        Noted,

        /// <summary>Noted again after it was forgotten: a channel waited on again and again, which the next flush watches even if empty.</summary>
        NotedAgain,

        /// <summary>Watched through a weak handle until it is collected.</summary>
        Watched,
    }
}
