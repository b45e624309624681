using System;
using System.Globalization;
using Stackless.Benchmarks.Workloads;

namespace Stackless.Benchmarks.Quick
{
    /// <summary>
    /// <c>--run key count</c>: runs one of our workloads once with <c>count</c> operations and nothing else, for
    /// <c>valgrind --tool=callgrind</c>. Instructions per operation = the difference between two counts divided by
    /// the difference in operations, which cancels start-up and JIT (see docs/benchmarks.md).
    /// </summary>
    internal static class ProfileRunner
    {
        public static int Run(string[] args)
        {
            if (args.Length < 2)
            {
                Console.Error.WriteLine("usage: --run <schedule-2|schedule-1000|pingpong|pingpong-1000pairs|threadring|spawn-park|spawn-park-10k|recursion|fanin|request-reply|sleepers|sleepers-10k> <operations> [--warm]");
                return 2;
            }
            string key = args[0];
            int n = int.Parse(args[1], CultureInfo.InvariantCulture);
            // Small runs first, so that both counts include the same JIT work; with --warm, enough of them
            // (and a pause past the JIT's call-counting delay) that the hot methods run as tier-1 code, as in --quick.
            bool warm = args.Length > 2 && args[2] == "--warm";
            for (int i = 0; i < (warm ? 60 : 1); i++)
            {
                Once(key, Math.Min(n, 1_000));
                if (warm && i % 20 == 19)
                    System.Threading.Thread.Sleep(200);
            }
            int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
            Once(key, n);
            // On stderr, so callgrind's runs are unchanged: collections of the measured run (gen1 and gen2 are counted in gen0 too).
            Console.Error.WriteLine($"{key} {n}: collections gen0 {GC.CollectionCount(0) - gen0}, gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}");
            return 0;
        }

        private static void Once(string key, int n)
        {
            switch (key)
            {
                case "schedule-2": ScheduleSwitchWorkload.Ours(2, n / 2); break;
                case "schedule-1000": ScheduleSwitchWorkload.Ours(1_000, Math.Max(1, n / 1_000)); break;
                case "pingpong": PingPongWorkload.Ours(1, n); break;
                case "pingpong-floor": PingPongWorkload.Floor(1, n); break;
                case "pingpong-1000pairs": PingPongWorkload.Ours(1_000, Math.Max(1, n / 1_000)); break;
                case "threadring": ThreadRingWorkload.Ours(503, n); break;
                case "spawn-park":
                    var ch = new Channel<int>();
                    SpawnParkWorkload.OursSpawn(ch, n);
                    SpawnParkWorkload.OursRelease(ch);
                    break;
                case "spawn-park-10k": // as the quick runner's row: batches of 10,000 spawned and parked, then released
                    var batchCh = new Channel<int>();
                    for (int r = 0; r < Math.Max(1, n / 10_000); r++)
                    {
                        SpawnParkWorkload.OursSpawn(batchCh, Math.Min(n, 10_000));
                        SpawnParkWorkload.OursRelease(batchCh);
                    }
                    break;
                case "recursion": DeepRecursionWorkload.Ours(n); break;
                case "fanin": FanInWorkload.Ours(Math.Max(1, n / 10), 10); break;
                case "request-reply": RequestReplyWorkload.Ours(n); break;
                case "sleepers-10k":
                    for (int r = 0; r < Math.Max(1, n / 300_000); r++)
                    {
                        SleepersWorkload.SpawnAsleep(10_000, 30);
                        SleepersWorkload.WakeAll(10_000, 30);
                    }
                    break;
                case "sleepers":
                    SleepersWorkload.SpawnAsleep(Math.Max(1, n / 3), 3);
                    SleepersWorkload.WakeAll(Math.Max(1, n / 3), 3);
                    break;
                default: throw new ArgumentException($"unknown workload '{key}'");
            }
        }
    }
}
