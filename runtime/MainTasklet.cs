using System;

namespace Stackless
{
    /// <summary>The tasklet standing for the ordinary code of a thread: it runs on the native stack, not in a frame.</summary>
    internal sealed class MainTasklet : Tasklet
    {
        internal MainTasklet(ThreadScheduler scheduler)
        {
            this.scheduler = scheduler;
            status = TaskletStatus.Alive;
        }

        protected internal override void MoveNext() =>
            throw new InvalidOperationException("The main tasklet runs on the thread's own stack and has no frame to resume.");
    }
}
