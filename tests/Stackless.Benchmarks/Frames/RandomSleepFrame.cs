using System;
using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Frames
{
    /// <summary>
    /// Hand-written in the generator's shape: a tasklet that sleeps <c>count</c> times for pseudo-random delays of up to
    /// 1 s (an xorshift generator per tasklet, so the delays cost next to nothing), as a simulation's tasklets do:
    /// <c>[Tasklet] static void RandomSleeps(ulong seed, int count) { for (…) Scheduler.Sleep(Next(ref seed)); }</c>
    /// </summary>
    internal sealed class RandomSleepFrame : TaskletFrame
    {
        private ulong state;
        private readonly int count;
        private int i;

        public RandomSleepFrame(ulong seed, int count)
        {
            state = seed | 1;
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
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            State = 1;
            if (Scheduler.BeginSleep(this, TimeSpan.FromTicks(1 + (long)(state % (ulong)TimeSpan.TicksPerSecond)))) return;
        Resume1:
            Scheduler.EndSleep(this);
            i++;
            goto Loop;
        Break:
            Return();
        }
    }
}
