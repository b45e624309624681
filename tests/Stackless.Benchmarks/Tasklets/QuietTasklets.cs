namespace Stackless.Benchmarks.Tasklets
{
    /// <summary>
    /// Workloads of <see cref="BenchmarkTasklets"/> and the tight loop, compiled with and without the watchdog's step
    /// checks (<c>[Tasklet(Preemptible = false)]</c> emits none): the A/B of design.md §6's watchdog row.
    /// </summary>
    internal static partial class QuietTasklets
    {
        [Tasklet(Preemptible = false)]
        internal static void ScheduleLoop(int count)
        {
            for (int i = 0; i < count; i++)
                Scheduler.Schedule();
        }

        [Tasklet(Preemptible = false)]
        internal static void Ping(Channel<int> ping, Channel<int> pong, int count)
        {
            for (int i = 0; i < count; i++)
            {
                ping.Send(i);
                pong.Receive();
            }
        }

        [Tasklet(Preemptible = false)]
        internal static void Pong(Channel<int> ping, Channel<int> pong, int count)
        {
            for (int i = 0; i < count; i++)
            {
                int x = ping.Receive();
                pong.Send(x);
            }
        }

        [Tasklet(Preemptible = false)]
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

        [Tasklet(Preemptible = false)]
        internal static long Arith(int n)
        {
            long sum = 0;
            for (int i = 0; i < n; i++)
                sum += (long)i * i ^ (sum >> 3);
            return sum;
        }

        /// <summary>With checks (the default): the loop does not suspend; it is flattened for its back-edge check, sum and i kept in locals of MoveNext.</summary>
        [Tasklet]
        internal static long ArithChecked(int n)
        {
            long sum = 0;
            for (int i = 0; i < n; i++)
                sum += (long)i * i ^ (sum >> 3);
            return sum;
        }

        private static readonly object Gate = new object();

        /// <summary>The tight loop inside a lock, with no checks.</summary>
        [Tasklet(Preemptible = false)]
        internal static long ArithLocked(int n)
        {
            long sum = 0;
            lock (Gate)
            {
                for (int i = 0; i < n; i++)
                    sum += (long)i * i ^ (sum >> 3);
            }
            return sum;
        }

        /// <summary>The same with checks on: the tasklet cannot be paused in a lock, so the loop only counts its steps (CountLoopStep).</summary>
        [Tasklet]
        internal static long ArithLockedCounted(int n)
        {
            long sum = 0;
            lock (Gate)
            {
                for (int i = 0; i < n; i++)
                    sum += (long)i * i ^ (sum >> 3);
            }
            return sum;
        }
    }
}
