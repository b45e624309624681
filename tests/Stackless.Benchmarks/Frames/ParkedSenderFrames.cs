using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Frames
{
    /// <summary>Hand-written frame of <c>void SendPark(Channel&lt;int&gt; ch, int v) =&gt; ch.Send(v);</c>: parks as a blocked sender (<c>--memory</c>).</summary>
    internal sealed class SendParkFrame : TaskletFrame
    {
        private readonly Channel<int> ch;
        private readonly int value;

        public SendParkFrame(Channel<int> ch, int value)
        {
            this.ch = ch;
            this.value = value;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
            // resume point 1: ch.Send(value)
            State = 1;
            if (ch.BeginSend(this, value)) return;
        Resume1:
            ch.EndSend(this);
            Return();
        }
    }

    /// <summary>Hand-written frame of a tasklet waiting in <c>select.Wait()</c> (its own select of one receive case; <c>--memory</c>).</summary>
    internal sealed class SelectParkFrame : TaskletFrame<int>
    {
        private readonly Select select;

        public SelectParkFrame(Select select) => this.select = select;

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
            // resume point 1: select.Wait()
            State = 1;
            if (select.BeginWait(this)) return;
        Resume1:
            Return(select.EndWait(this));
        }
    }
}
