using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Frames
{
    /// <summary>
    /// Hand-written in the generator's shape:
    /// <c>[Tasklet] static void ScheduleLoop(int count) { for (int i = 0; i &lt; count; i++) Scheduler.Schedule(); }</c>
    /// </summary>
    internal sealed class ScheduleLoopFrame : TaskletFrame
    {
        private readonly int count;
        private int i;

        public ScheduleLoopFrame(int count) => this.count = count;

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
            i = 0;
        Loop:
            if (!(i < count)) goto Break;
            // resume point 1: Scheduler.Schedule();
            State = 1;
            if (Scheduler.BeginSchedule(this)) return;
        Resume1:
            Scheduler.EndSwitch(this);
            i++;
            goto Loop;
        Break:
            Return();
        }
    }
}
