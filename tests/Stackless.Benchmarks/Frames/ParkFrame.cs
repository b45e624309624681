using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Frames
{
    /// <summary>
    /// Hand-written in the generator's shape: <c>[Tasklet] static int Park(Channel&lt;int&gt; ch) => ch.Receive();</c>
    /// </summary>
    internal sealed class ParkFrame : TaskletFrame<int>
    {
        private readonly Channel<int> ch;

        public ParkFrame(Channel<int> ch) => this.ch = ch;

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
            // resume point 1: ch.Receive()
            State = 1;
            if (ch.BeginReceive(this)) return;
        Resume1:
            Return(ch.EndReceive(this));
        }
    }
}
