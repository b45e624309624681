using System;
using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Frames
{
    /// <summary>
    /// Hand-written in the generator's shape:
    /// <c>[Tasklet] static void SleepLoop(TimeSpan delay, int count) { for (int i = 0; i &lt; count; i++) Scheduler.Sleep(delay); }</c>
    /// </summary>
    internal sealed class SleepLoopFrame : TaskletFrame
    {
        private readonly TimeSpan delay;
        private readonly int count;
        private int i;

        public SleepLoopFrame(TimeSpan delay, int count)
        {
            this.delay = delay;
            this.count = count;
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
            // resume point 1: Scheduler.Sleep(delay);
            State = 1;
            if (Scheduler.BeginSleep(this, delay)) return;
        Resume1:
            Scheduler.EndSleep(this);
            i++;
            goto Loop;
        Break:
            Return();
        }
    }
}
