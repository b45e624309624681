namespace Stackless.Benchmarks.Tasklets
{
    /// <summary>
    /// The benchmark workloads as real <see cref="TaskletAttribute"/> methods, compiled by the generator. The
    /// hand-written frames in Frames/ are the same methods in the generated shape, kept as the floor.
    /// </summary>
    internal static partial class BenchmarkTasklets
    {
        [Tasklet]
        internal static void ScheduleLoop(int count)
        {
            for (int i = 0; i < count; i++)
                Scheduler.Schedule();
        }

        [Tasklet]
        internal static void Ping(Channel<int> ping, Channel<int> pong, int count)
        {
            for (int i = 0; i < count; i++)
            {
                ping.Send(i);
                pong.Receive();
            }
        }

        [Tasklet]
        internal static void Pong(Channel<int> ping, Channel<int> pong, int count)
        {
            for (int i = 0; i < count; i++)
            {
                int x = ping.Receive();
                pong.Send(x);
            }
        }

        [Tasklet]
        internal static void SelectPong(Channel<int> ping, Channel<int> pong, Channel<int> quit)
        {
            var select = new Select();
            int p = select.Receive(ping);
            select.Receive(quit);
            while (select.Wait() == p)
                pong.Send(select.Value(ping));
        }

        [Tasklet]
        internal static void RingNode(Frames.Ring ring, int id)
        {
            Channel<int> output = ring.Channels[(id + 1) % ring.Channels.Length];
            foreach (int token in ring.Channels[id])
            {
                if (token == 0)
                {
                    ring.Winner = id;
                    ring.CloseAll();
                    return;
                }
                output.Send(token - 1);
            }
        }

        [Tasklet]
        internal static int Park(Channel<int> ch) => ch.Receive();

        /// <summary>The demo's parked tasklet: it receives until the channel is closed (<c>--cold --close</c>).</summary>
        [Tasklet]
        internal static void ParkUntilClosed(Channel<int> ch)
        {
            foreach (int message in ch)
                System.GC.KeepAlive(message);
        }

        [Tasklet]
        internal static long Depth(int n) => n == 0 ? 0 : Depth(n - 1) + 1;

        [Tasklet]
        internal static void Sender(Channel<int> output, int count)
        {
            for (int i = 0; i < count; i++)
                output.Send(i);
        }

        [Tasklet]
        internal static void ReplyServer(Channel<Channel<int>> requests, int count)
        {
            for (int i = 0; i < count; i++)
            {
                Channel<int> reply = requests.Receive();
                reply.Send(i & 7);
            }
        }

        [Tasklet]
        internal static long RequestClient(Channel<Channel<int>> requests, int count)
        {
            long sum = 0;
            for (int i = 0; i < count; i++)
            {
                var reply = new Channel<int>();
                requests.Send(reply);
                sum += reply.Receive();
            }
            return sum;
        }

        [Tasklet]
        internal static long Gather(Channel<int> input, int count)
        {
            long sum = 0;
            for (int i = 0; i < count; i++)
                sum += input.Receive();
            return sum;
        }
    }
}
