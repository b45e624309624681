using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Frames
{
    /// <summary>The channels of one thread-ring and the id of the node that saw the token reach 0.</summary>
    internal sealed class Ring
    {
        public readonly Channel<int>[] Channels;
        public int Winner = -1;

        public Ring(int nodes)
        {
            Channels = new Channel<int>[nodes];
            for (int i = 0; i < nodes; i++)
                Channels[i] = new Channel<int>();
        }

        /// <summary>Closing every channel wakes every node blocked on its input: their foreach ends.</summary>
        public void CloseAll()
        {
            foreach (Channel<int> ch in Channels)
                ch.Close();
        }
    }

    /// <summary>
    /// Hand-written in the generator's shape:
    /// <code>
    /// [Tasklet] static void RingNode(Ring ring, int id)
    /// {
    ///     Channel&lt;int&gt; output = ring.Channels[(id + 1) % ring.Channels.Length];
    ///     foreach (int token in ring.Channels[id])
    ///     {
    ///         if (token == 0) { ring.Winner = id; ring.CloseAll(); return; }
    ///         output.Send(token - 1);
    ///     }
    /// }
    /// </code>
    /// </summary>
    internal sealed class RingNodeFrame : TaskletFrame
    {
        private readonly Ring ring;
        private readonly int id;
        private Channel<int>? output;
        private Channel<int>? input;

        public RingNodeFrame(Ring ring, int id)
        {
            this.ring = ring;
            this.id = id;
        }

        protected override void MoveNext()
        {
            int token;
            switch (State)
            {
                case 1: goto Resume1;
                case 2: goto Resume2;
            }
            output = ring.Channels[(id + 1) % ring.Channels.Length];
            input = ring.Channels[id];
        Loop:
            // resume point 1: foreach (int token in ring.Channels[id])
            State = 1;
            if (input!.BeginReceive(this)) return;
        Resume1:
            if (!input!.EndReceiveNext(this, out token)) goto Break;
            if (token == 0)
            {
                ring.Winner = id;
                ring.CloseAll();
                Return();
                return;
            }
            // resume point 2: output.Send(token - 1);
            State = 2;
            if (output!.BeginSend(this, token - 1)) return;
        Resume2:
            output!.EndSend(this);
            goto Loop;
        Break:
            Return();
        }
    }
}
