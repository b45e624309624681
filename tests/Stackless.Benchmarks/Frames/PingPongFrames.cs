using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Frames
{
    /// <summary>
    /// Hand-written in the generator's shape:
    /// <c>[Tasklet] static void Ping(Channel&lt;int&gt; ping, Channel&lt;int&gt; pong, int count) { for (int i = 0; i &lt; count; i++) { ping.Send(i); pong.Receive(); } }</c>
    /// </summary>
    internal sealed class PingFrame : TaskletFrame
    {
        private readonly Channel<int> ping;
        private readonly Channel<int> pong;
        private readonly int count;
        private int i;

        public PingFrame(Channel<int> ping, Channel<int> pong, int count)
        {
            this.ping = ping;
            this.pong = pong;
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
            // resume point 1: ping.Send(i);
            State = 1;
            if (ping.BeginSend(this, i)) return;
        Resume1:
            ping.EndSend(this);
            // resume point 2: pong.Receive();
            State = 2;
            if (pong.BeginReceive(this)) return;
        Resume2:
            pong.EndReceive(this);
            i++;
            goto Loop;
        Break:
            Return();
        }
    }

    /// <summary>
    /// Hand-written in the generator's shape:
    /// <c>[Tasklet] static void Pong(Channel&lt;int&gt; ping, Channel&lt;int&gt; pong, int count) { for (int i = 0; i &lt; count; i++) { int x = ping.Receive(); pong.Send(x); } }</c>
    /// </summary>
    internal sealed class PongFrame : TaskletFrame
    {
        private readonly Channel<int> ping;
        private readonly Channel<int> pong;
        private readonly int count;
        private int i;

        public PongFrame(Channel<int> ping, Channel<int> pong, int count)
        {
            this.ping = ping;
            this.pong = pong;
            this.count = count;
        }

        protected override void MoveNext()
        {
            int x;
            switch (State)
            {
                case 1: goto Resume1;
                case 2: goto Resume2;
            }
            i = 0;
        Loop:
            if (!(i < count)) goto Break;
            // resume point 1: int x = ping.Receive();
            State = 1;
            if (ping.BeginReceive(this)) return;
        Resume1:
            x = ping.EndReceive(this);
            // resume point 2: pong.Send(x);
            State = 2;
            if (pong.BeginSend(this, x)) return;
        Resume2:
            pong.EndSend(this);
            i++;
            goto Loop;
        Break:
            Return();
        }
    }
}
