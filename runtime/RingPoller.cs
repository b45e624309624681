namespace Stackless
{
    /// <summary>
    /// A hidden member of the run queue's ring that looks at the clock (and at work posted by other threads) while
    /// tasklets are busy, so that a sleeper whose real time has come is not starved by tasklets that never stop
    /// switching. It is in the ring only while something can fall due (real-time timers, or external work pending)
    /// and real tasklets are runnable: then it costs one pass per round of the ring; otherwise nothing. A switch
    /// never tests for timers (measured: a poll counter in the trampoline cost 4-6% on the Schedule rows).
    /// It is never the current tasklet to anyone: it is not counted in RunCount and moves the head on before polling.
    /// </summary>
    internal sealed class RingPoller : Tasklet
    {
        internal RingPoller(ThreadScheduler scheduler)
        {
            this.scheduler = scheduler;
            link = this;
            status = TaskletStatus.Alive;
            id = -1;
        }

        protected internal override void MoveNext() => scheduler!.PollerTurn();

        public override string ToString() => "timer poller";
    }
}
