using System;
using System.Collections.Generic;
using Stackless;
using Stackless.CompilerServices;

namespace Stackless.Runtime.Tests
{
    /// <summary>A <see cref="ScriptFrame"/> step: <c>Scheduler.Sleep(delay)</c>, logging the clock when it resumes.</summary>
    internal sealed class SleepStep(TimeSpan delay) : ScriptFrame.Step
    {
        public override bool Begin(ScriptFrame f) { f.Write($"sleep {delay.TotalMilliseconds}"); return Scheduler.BeginSleep(f, delay); }
        public override void End(ScriptFrame f) { Scheduler.EndSleep(f); f.Write($"woke at {Scheduler.Now.TotalMilliseconds}"); }
    }

    /// <summary>[Tasklet] static void Sleeper(TimeSpan d, List&lt;string&gt; log) { try { Sleep(d); log.Add("woke"); } finally { log.Add("finally"); } }</summary>
    internal sealed class GuardedSleepFrame : TaskletFrame
    {
        private readonly TimeSpan delay;
        private readonly List<string> log;

        public GuardedSleepFrame(TimeSpan delay, List<string> log)
        {
            this.delay = delay;
            this.log = log;
        }

        /// <summary>Set when the frame returns to suspend: its finally must not run then (as the generator emits).</summary>
        private bool suspending;

        protected override void MoveNext()
        {
            suspending = false;
            try
            {
                switch (State)
                {
                    case 1: goto Resume1;
                }
                State = 1;
                if (Scheduler.BeginSleep(this, delay))
                {
                    suspending = true;
                    return;
                }
            Resume1:
                Scheduler.EndSleep(this);
                log.Add("woke");
            }
            catch (Exception ex)
            {
                log.Add(ex.GetType().Name);
                throw;
            }
            finally
            {
                if (!suspending)
                    log.Add("finally");
            }
            Return();
        }
    }

    /// <summary>[Tasklet] static void Loop(int n, TimeSpan d, List&lt;long&gt; wakes) { for (int i = 0; i &lt; n; i++) { Sleep(d); wakes.Add(Now.Ticks); } }</summary>
    internal sealed class SleepLoopFrame : TaskletFrame
    {
        private readonly int count;
        private readonly TimeSpan delay;
        private readonly List<long>? wakes;
        private int i;

        public SleepLoopFrame(int count, TimeSpan delay, List<long>? wakes = null)
        {
            this.count = count;
            this.delay = delay;
            this.wakes = wakes;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
            i = 0;
        Loop:
            if (!(i < count)) goto Break;
            State = 1;
            if (Scheduler.BeginSleep(this, delay)) return;
        Resume1:
            Scheduler.EndSleep(this);
            wakes?.Add(Scheduler.Now.Ticks);
            i++;
            goto Loop;
        Break:
            Return();
        }
    }

    /// <summary>[Tasklet] static void Spin(Func&lt;bool&gt; until) { while (!until()) Schedule(); }</summary>
    internal sealed class ScheduleUntilFrame : TaskletFrame
    {
        private readonly Func<bool> until;

        public ScheduleUntilFrame(Func<bool> until) => this.until = until;

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
        Loop:
            if (until()) goto Break;
            State = 1;
            if (Scheduler.BeginSchedule(this)) return;
        Resume1:
            Scheduler.EndSwitch(this);
            goto Loop;
        Break:
            Return();
        }
    }
}
