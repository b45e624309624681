using System;
using System.Diagnostics;

namespace Stackless
{
    /// <summary>
    /// The budget of a budgeted <c>Scheduler.Run(steps | time, soft, totalBudget)</c>: how many steps (or how much
    /// time) a tasklet may run without switching, or the whole run may use, and what happened when it ran out.
    /// One per scheduler, reused by every budgeted run; only the outermost run arms it (the outermost rules).
    /// </summary>
    /// <remarks>
    /// Steps are counted down in <see cref="ThreadScheduler.stepsLeft"/> by the checks of generated code. A step budget
    /// is that counter itself. A time budget reads the clock only when the counter runs out: the counter is then a
    /// probe interval (<see cref="chunk"/>), doubled while probes come much faster than the budget, so a tight loop
    /// reads the clock rarely and a slow one is still caught about on time.
    /// </remarks>
    internal sealed class RunBudget
    {
        /// <summary>The longest probe interval of a time budget, in steps.</summary>
        private const int MaxChunk = 1 << 16;

        internal bool Active;
        internal bool Soft;
        internal bool Total;

        /// <summary>Step budget (per slice, or for the whole run); 0 for a time budget.</summary>
        private int steps;

        /// <summary>Time budget, in <see cref="Stopwatch"/> ticks; 0 for a step budget.</summary>
        private long timeTicks;

        /// <summary>Time budget: when the slice (or the whole run) started; 0 until the first probe of a new slice.</summary>
        private long sliceStart;
        private long lastProbe;
        private int chunk;

        /// <summary>The budget ran out while the running tasklet was atomic: it fires at the first check after that ends.</summary>
        internal bool InterruptDue;

        /// <summary>Soft: the budget ran out; the run returns at the next switch.</summary>
        internal bool SoftExpired;

        /// <summary>The run must return now: a hard interruption took <see cref="Victim"/>, or a soft one reached a switch.</summary>
        internal bool Stopped;
        internal Tasklet? Victim;

        /// <summary>The head of the run queue when the budgeted loop last looked: a different head is a switch.</summary>
        internal int LastHead;

        /// <summary>Arms the budget for a run; returns the first value of the step counter.</summary>
        internal int Start(int steps, TimeSpan time, bool soft, bool total)
        {
            Debug.Assert(!Active);
            Active = true;
            Soft = soft;
            Total = total;
            this.steps = steps;
            timeTicks = steps > 0 ? 0 : ToStopwatchTicks(time);
            InterruptDue = false;
            SoftExpired = false;
            Stopped = false;
            Victim = null;
            LastHead = int.MinValue;
            chunk = 64;
            sliceStart = timeTicks != 0 && total ? Stopwatch.GetTimestamp() : 0;
            lastProbe = sliceStart;
            return steps > 0 ? steps : 0;
        }

        /// <summary>Disarms the budget; returns the tasklet a hard interruption took, if any.</summary>
        internal Tasklet? End()
        {
            Tasklet? victim = Victim;
            Active = false;
            Victim = null;
            return victim;
        }

        /// <summary>
        /// A switch (a new head of the run queue): a per-tasklet budget starts again; a spent total budget stays
        /// spent (the next tasklet is interrupted at its first check). Returns the new value of the step counter,
        /// or <paramref name="current"/> to leave it.
        /// </summary>
        internal int OnSwitch(int current)
        {
            if (Total)
                return InterruptDue ? 0 : current;
            InterruptDue = false;
            if (steps > 0)
                return steps;
            sliceStart = 0;
            return 0; // a time slice: the first check reads the clock to start it
        }

        /// <summary>
        /// The step counter ran out. True when the budget is spent; else it sets <paramref name="stepsLeft"/> to the
        /// next probe interval (a time budget with time left).
        /// </summary>
        internal bool Spent(ref int stepsLeft)
        {
            if (timeTicks == 0)
                return true;
            long now = Stopwatch.GetTimestamp();
            if (sliceStart == 0)
            {
                sliceStart = lastProbe = now;
                stepsLeft = chunk;
                return false;
            }
            if (now - sliceStart >= timeTicks)
                return true;
            // Probes much closer together than the budget: probe less often (a tight loop reads the clock rarely).
            if ((now - lastProbe) * 16 < timeTicks && chunk < MaxChunk)
                chunk *= 2;
            lastProbe = now;
            stepsLeft = chunk;
            return false;
        }

        private static long ToStopwatchTicks(TimeSpan time)
        {
            double ticks = time.Ticks * (double)Stopwatch.Frequency / TimeSpan.TicksPerSecond;
            return ticks >= long.MaxValue / 2 ? long.MaxValue / 2 : Math.Max(1, (long)ticks);
        }
    }
}
