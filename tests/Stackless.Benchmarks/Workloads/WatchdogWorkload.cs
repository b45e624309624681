using Stackless.Benchmarks.Frames;
using Stackless.Benchmarks.Tasklets;
using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Workloads
{
    /// <summary>design.md §6 v2: the same work with step checks on and off (bar: checks on at most 5% slower).</summary>
    internal static class WatchdogWorkload
    {
        /// <summary>A tight arithmetic loop of <paramref name="n"/> iterations in one tasklet, hand-written frames.</summary>
        public static long ArithFrames(bool checks, int n)
        {
            Tasklet<long> t = checks ? TaskletFrame.Spawn(new ArithCheckedFrame(n)) : TaskletFrame.Spawn(new ArithFrame(n));
            Scheduler.Run();
            return t.Result;
        }

        /// <summary>The tight loop in the hand-written shapes of a checked loop that does not suspend (<see cref="ArithLoopShape"/>).</summary>
        public static long ArithShape(ArithLoopShape shape, int n)
        {
            Tasklet<long> t = shape switch
            {
                ArithLoopShape.Unchecked => TaskletFrame.Spawn(new ArithFrame(n)),
                ArithLoopShape.MemoryCounter => TaskletFrame.Spawn(new ArithCheckedFrame(n)),
                ArithLoopShape.MemoryCounterReturn => TaskletFrame.Spawn(new ArithMemoryReturnFrame(n)),
                _ => TaskletFrame.Spawn(new ArithMemoryReturnAggressiveFrame(n)),
            };
            Scheduler.Run();
            return t.Result;
        }

        /// <summary>The thread-ring with hand-written frames, with or without checks.</summary>
        public static int RingFrames(bool checks, int nodes, int passes)
        {
            var ring = new Ring(nodes);
            for (int id = 0; id < nodes; id++)
            {
                if (checks)
                    TaskletFrame.Spawn(new RingNodeCheckedFrame(ring, id));
                else
                    TaskletFrame.Spawn(new RingNodeFrame(ring, id));
            }
            ring.Channels[0].Send(passes);
            Scheduler.Run();
            return ring.Winner;
        }

        /// <summary>Generated code: the thread-ring with checks (<see cref="BenchmarkTasklets.RingNode"/>) or without (<see cref="QuietTasklets.RingNode"/>).</summary>
        public static int Ring(bool checks, int nodes, int passes)
        {
            var ring = new Ring(nodes);
            for (int id = 0; id < nodes; id++)
            {
                if (checks)
                    BenchmarkTasklets.SpawnRingNode(ring, id);
                else
                    QuietTasklets.SpawnRingNode(ring, id);
            }
            ring.Channels[0].Send(passes);
            Scheduler.Run();
            return ring.Winner;
        }

        /// <summary>Generated code: <c>Schedule()</c> in a loop in 2 tasklets, with or without checks.</summary>
        public static void ScheduleLoop(bool checks, int tasklets, int switchesEach)
        {
            for (int t = 0; t < tasklets; t++)
            {
                if (checks)
                    BenchmarkTasklets.SpawnScheduleLoop(switchesEach);
                else
                    QuietTasklets.SpawnScheduleLoop(switchesEach);
            }
            Scheduler.Run();
        }

        /// <summary>Generated code: one ping-pong pair, with or without checks.</summary>
        public static void PingPong(bool checks, int roundTrips)
        {
            var ping = new Channel<int>();
            var pong = new Channel<int>();
            if (checks)
            {
                BenchmarkTasklets.SpawnPong(ping, pong, roundTrips);
                BenchmarkTasklets.SpawnPing(ping, pong, roundTrips);
            }
            else
            {
                QuietTasklets.SpawnPong(ping, pong, roundTrips);
                QuietTasklets.SpawnPing(ping, pong, roundTrips);
            }
            Scheduler.Run();
        }

        /// <summary>Generated code: the tight loop in a tasklet, default (checked) or Preemptible = false.</summary>
        public static long Arith(bool checks, int n)
        {
            Tasklet<long> t = checks ? QuietTasklets.SpawnArithChecked(n) : QuietTasklets.SpawnArith(n);
            Scheduler.Run();
            return t.Result;
        }

        /// <summary>Generated code: the tight loop inside a lock, counting its steps (<see cref="QuietTasklets.ArithLockedCounted"/>) or not.</summary>
        public static long ArithLocked(bool counted, int n)
        {
            Tasklet<long> t = counted ? QuietTasklets.SpawnArithLockedCounted(n) : QuietTasklets.SpawnArithLocked(n);
            Scheduler.Run();
            return t.Result;
        }

        /// <summary>The expected result of <see cref="ArithFrames"/>.</summary>
        public static long ArithExpected(int n)
        {
            long sum = 0;
            for (int i = 0; i < n; i++)
                sum += (long)i * i ^ (sum >> 3);
            return sum;
        }
    }
}
