using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Frames
{
    /// <summary>
    /// Hand-written in the generator's shape:
    /// <c>[Tasklet] static void Sender(Channel&lt;int&gt; output, int count) { for (int i = 0; i &lt; count; i++) output.Send(i); }</c>
    /// </summary>
    internal sealed class SenderFrame : TaskletFrame
    {
        private readonly Channel<int> output;
        private readonly int count;
        private int i;

        public SenderFrame(Channel<int> output, int count)
        {
            this.output = output;
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
            // resume point 1: output.Send(i);
            State = 1;
            if (output.BeginSend(this, i)) return;
        Resume1:
            output.EndSend(this);
            i++;
            goto Loop;
        Break:
            Return();
        }
    }

    /// <summary>
    /// Hand-written in the generator's shape:
    /// <c>[Tasklet] static long Gather(Channel&lt;int&gt; input, int count) { long sum = 0; for (int i = 0; i &lt; count; i++) sum += input.Receive(); return sum; }</c>
    /// </summary>
    internal sealed class GatherFrame : TaskletFrame<long>
    {
        private readonly Channel<int> input;
        private readonly int count;
        private long sum;
        private int i;

        public GatherFrame(Channel<int> input, int count)
        {
            this.input = input;
            this.count = count;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
            sum = 0;
            i = 0;
        Loop:
            if (!(i < count)) goto Break;
            // resume point 1: sum += input.Receive();
            State = 1;
            if (input.BeginReceive(this)) return;
        Resume1:
            sum += input.EndReceive(this);
            i++;
            goto Loop;
        Break:
            Return(sum);
        }
    }
}
