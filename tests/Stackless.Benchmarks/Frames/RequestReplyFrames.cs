using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Frames
{
    /// <summary>
    /// Hand-written in the generator's shape:
    /// <c>[Tasklet] static void ReplyServer(Channel&lt;Channel&lt;int&gt;&gt; requests, int count) { for (int i = 0; i &lt; count; i++) { Channel&lt;int&gt; reply = requests.Receive(); reply.Send(i &amp; 7); } }</c>
    /// </summary>
    internal sealed class ReplyServerFrame : TaskletFrame
    {
        private readonly Channel<Channel<int>> requests;
        private readonly int count;
        private int i;
        private Channel<int>? reply;

        public ReplyServerFrame(Channel<Channel<int>> requests, int count)
        {
            this.requests = requests;
            this.count = count;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
                case 2: goto Resume2;
            }
            i = 0;
        Loop:
            if (!(i < count)) goto Break;
            // resume point 1: Channel<int> reply = requests.Receive();
            State = 1;
            if (requests.BeginReceive(this)) return;
        Resume1:
            reply = requests.EndReceive(this);
            // resume point 2: reply.Send(i & 7);
            State = 2;
            if (reply.BeginSend(this, i & 7)) return;
        Resume2:
            reply!.EndSend(this);
            i++;
            goto Loop;
        Break:
            reply = null;
            Return();
        }
    }

    /// <summary>
    /// Hand-written in the generator's shape:
    /// <c>[Tasklet] static long RequestClient(Channel&lt;Channel&lt;int&gt;&gt; requests, int count) { long sum = 0; for (int i = 0; i &lt; count; i++) { var reply = new Channel&lt;int&gt;(); requests.Send(reply); sum += reply.Receive(); } return sum; }</c>
    /// </summary>
    internal sealed class RequestClientFrame : TaskletFrame<long>
    {
        private readonly Channel<Channel<int>> requests;
        private readonly int count;
        private long sum;
        private int i;
        private Channel<int>? reply;

        public RequestClientFrame(Channel<Channel<int>> requests, int count)
        {
            this.requests = requests;
            this.count = count;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
                case 2: goto Resume2;
            }
            sum = 0;
            i = 0;
        Loop:
            if (!(i < count)) goto Break;
            reply = new Channel<int>();
            // resume point 1: requests.Send(reply);
            State = 1;
            if (requests.BeginSend(this, reply)) return;
        Resume1:
            requests.EndSend(this);
            // resume point 2: sum += reply.Receive();
            State = 2;
            if (reply!.BeginReceive(this)) return;
        Resume2:
            sum += reply!.EndReceive(this);
            i++;
            goto Loop;
        Break:
            reply = null;
            Return(sum);
        }
    }
}
