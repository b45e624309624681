namespace Stackless
{
    /// <summary>What a tasklet that is not runnable waits for (<see cref="TaskletWait.Kind"/>).</summary>
    public enum TaskletWaitKind
    {
        /// <summary>A send on a channel (<see cref="Channel{T}.Send"/>, a timed <c>TrySend</c>): no receiver has come yet.</summary>
        Send,

        /// <summary>A receive on a channel (<see cref="Channel{T}.Receive"/>, <c>foreach</c>, a timed <c>TryReceive</c>): no sender has come yet.</summary>
        Receive,

        /// <summary>A <see cref="Stackless.Select"/> with no ready case: it waits on all of its channels (and its timeout) at once.</summary>
        Select,

        /// <summary><see cref="Scheduler.Sleep"/>: for a time, or forever.</summary>
        Sleep,

        /// <summary><see cref="Tasklet.Await(System.Threading.Tasks.Task)"/>: a task has not completed yet.</summary>
        Await,

        /// <summary>Off the run queue and waiting for nothing (<see cref="Tasklet.Remove"/>, <see cref="Scheduler.ScheduleRemove"/>): only <see cref="Tasklet.Insert"/> or a kill wakes it.</summary>
        Paused,
    }
}
