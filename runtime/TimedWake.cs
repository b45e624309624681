namespace Stackless
{
    /// <summary>
    /// A wake-up at a time for a wait that can also end otherwise (a select's <c>Timeout</c>, a timed receive
    /// or send): armed with <see cref="ThreadScheduler.StartTimer"/>, cancelled in O(log n) with
    /// <see cref="ThreadScheduler.CancelTimer"/>. Keep one per waiting structure and re-arm it (no allocation per wait).
    /// A sleeper needs none: its timer id lives in the tasklet's unused slot.
    /// </summary>
    internal abstract class TimedWake
    {
        /// <summary>Its timer id in the scheduler's timer heap while armed, else -1.</summary>
        internal int timerIndex = -1;

        /// <summary>True while armed.</summary>
        internal bool IsArmed => timerIndex >= 0;

        /// <summary>Introspection: the tasklet this wake-up ends the wait of, if any (it keeps that tasklet reachable from the scheduler).</summary>
        internal virtual Tasklet? WaitingTasklet => null;

        /// <summary>The time came: called on the scheduler's thread, already disarmed. Make the waiting tasklet runnable here.</summary>
        internal abstract void OnTimeout(ThreadScheduler s);
    }
}
