using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using System.Threading.Tasks;
using Stackless.Benchmarks.Tasklets;
using Bcl = System.Threading.Channels;

namespace Stackless.Benchmarks.Memory
{
    /// <summary>
    /// <c>--cold ours|task count [rounds] [--own]</c>: creation of many parked tasklets (or async Tasks) in this process,
    /// round after round, each phase with its wall and process CPU time (and the kernel's part of it: page faults) and what
    /// the collector did in it (collections, of them gen1 and gen2, pause time, bytes allocated, the large object heap after). Run each side in a fresh process for the cold
    /// figure; the second round is the warm one. <c>--own</c>: every tasklet parks on a channel of its own. <c>--settle</c>: a
    /// full collection before each round and another while the round's tasklets are parked, untimed, as the demo measures
    /// (<c>GC.GetTotalMemory(true)</c> around its rounds). <c>--close</c>: the release closes the channel (every receiver woken at
    /// once, as the demo) instead of sending to each. <c>--why</c>: each collection's generation and reason.
    /// </summary>
    internal static class ColdSpawn
    {
        public static int Run(string[] args)
        {
            string side = args.Length > 0 ? args[0] : "ours";
            int count = args.Length > 1 ? int.Parse(args[1].Replace("_", "").Replace(",", ""), CultureInfo.InvariantCulture) : 1_000_000;
            int rounds = args.Length > 2 && !args[2].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
            bool own = Array.IndexOf(args, "--own") >= 0;
            settle = Array.IndexOf(args, "--settle") >= 0;
            close = Array.IndexOf(args, "--close") >= 0;
            using var why = Array.IndexOf(args, "--why") >= 0 ? new GcReasons() : null;
            Console.WriteLine($"{side}{(own ? " (a channel each)" : "")}, {count:N0} per round, load {Load()}");
            Console.WriteLine("| round | phase | wall ms | cpu ms | of it kernel ms | ns each (cpu) | collections | gen1 | gen2 | GC pause ms | allocated MB | LOH MB after | heap MB after |");
            Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (int r = 1; r <= rounds; r++)
            {
                if (side == "task")
                    TaskRound(r, count);
                else
                    OursRound(r, count, own);
            }
            return 0;
        }

        private static bool settle, close;

        /// <summary><c>--settle</c>: a full, untimed collection, as the demo's <c>GC.GetTotalMemory(true)</c>.</summary>
        private static void Settle(string when)
        {
            if (!settle)
                return;
            var clock = Stopwatch.StartNew();
            GC.GetTotalMemory(forceFullCollection: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    (full collection {when}, untimed: {clock.Elapsed.TotalMilliseconds:F0} ms)"));
        }

        private static void OursRound(int round, int count, bool own)
        {
            var shared = new Channel<int>();
            Channel<int>[]? channels = own ? new Channel<int>[count] : null;
            Scheduler.Run();
            Settle("before the round");
            var p = Phase.Start();
            if (channels == null)
            {
                for (int i = 0; i < count; i++)
                {
                    if (close)
                        BenchmarkTasklets.SpawnParkUntilClosed(shared);
                    else
                        BenchmarkTasklets.SpawnPark(shared);
                }
            }
            else
            {
                for (int i = 0; i < count; i++)
                    BenchmarkTasklets.SpawnPark(channels[i] = new Channel<int>());
            }
            Phase spawn = p.Stop();
            p = Phase.Start();
            Scheduler.Run();                                 // every tasklet runs to its receive and parks
            Phase park = p.Stop();
            Settle("with the round parked");
            spawn.Print(round, "spawn", count);
            park.Print(round, "run until parked", count);
            Phase.Add(spawn, park).Print(round, "**spawn + park**", count);
            p = Phase.Start();
            if (channels == null && close)
            {
                shared.Close(); // --close: as the demo, every receiver is woken at once and ends
                Scheduler.Run();
            }
            else if (channels == null)
            {
                while (shared.Balance < 0)
                    shared.Send(1);
            }
            else
            {
                foreach (Channel<int> ch in channels)
                    ch.Send(1);
            }
            p.Stop().Print(round, "release (send to each)", count);
        }

        private static void TaskRound(int round, int count)
        {
            Bcl.Channel<int> ch = Bcl.Channel.CreateUnbounded<int>();
            ChannelReader<int> reader = ch.Reader;
            var tasks = new Task<int>[count];
            Settle("before the round");
            var p = Phase.Start();
            for (int i = 0; i < count; i++)
                tasks[i] = ParkAsync(reader);
            Phase parked = p.Stop();
            Settle("with the round parked");
            parked.Print(round, "**spawn + park**", count);
            p = Phase.Start();
            for (int i = 0; i < count; i++)
                ch.Writer.TryWrite(1);
            Task.WaitAll(tasks);
            p.Stop().Print(round, "release (write each)", count);
        }

        /// <summary><c>--why</c>: prints each collection's generation and the runtime's reason for it (GCStart events), and the type of large objects allocated (allocation ticks).</summary>
        private sealed class GcReasons : System.Diagnostics.Tracing.EventListener
        {
            private static readonly string[] Reasons =
                { "small alloc", "induced", "low memory", "empty", "large alloc", "out of space SOH", "out of space LOH", "induced not forced" };

            protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
            {
                if (source.Name == "Microsoft-Windows-DotNETRuntime")
                    EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)1); // GC, with allocation ticks
            }

            protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
            {
                if (e.EventName != null && e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) && e.Payload != null)
                {
                    // A tick names the type of the object that crossed 100 KB of allocations; kind 1 is the large object heap.
                    int kind = e.PayloadNames!.IndexOf("AllocationKind"), type = e.PayloadNames.IndexOf("TypeName"), size = e.PayloadNames.IndexOf("ObjectSize");
                    if (kind >= 0 && Convert.ToUInt32(e.Payload[kind], CultureInfo.InvariantCulture) == 1)
                        Console.WriteLine($"    large object: {(type >= 0 ? e.Payload[type] : "?")}, {(size >= 0 ? e.Payload[size] : "?")} B");
                    return;
                }
                if (e.EventName != "GCStart_V2" || e.Payload == null)
                    return;
                uint depth = Convert.ToUInt32(e.Payload[1], CultureInfo.InvariantCulture);
                uint reason = Convert.ToUInt32(e.Payload[2], CultureInfo.InvariantCulture);
                Console.WriteLine($"    gc #{e.Payload[0]}: gen{depth}, {(reason < Reasons.Length ? Reasons[reason] : reason.ToString(CultureInfo.InvariantCulture))}");
            }
        }

        private static async Task<int> ParkAsync(ChannelReader<int> reader) => await reader.ReadAsync();

        private static string Load()
        {
            try
            {
                return System.IO.File.ReadAllText("/proc/loadavg").Split(' ')[0];
            }
            catch (System.IO.IOException)
            {
                return "?";
            }
        }

        /// <summary>What one phase cost: times and the collector's counters, as differences.</summary>
        private readonly record struct Phase(double WallMs, double CpuMs, double KernelMs, int Gen0, int Gen1, int Gen2, double PauseMs, long Allocated)
        {
            private static long s_wall;
            private static TimeSpan s_cpu, s_kernel;

            public static Phase Start()
            {
                var now = new Phase(0, 0, 0, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
                    GC.GetTotalPauseDuration().TotalMilliseconds, GC.GetTotalAllocatedBytes(precise: true));
                using (Process self = Process.GetCurrentProcess())
                {
                    s_cpu = self.TotalProcessorTime;
                    s_kernel = self.PrivilegedProcessorTime; // page faults: this VM's first touch of a page is slow
                }
                s_wall = Stopwatch.GetTimestamp();
                return now;
            }

            public Phase Stop()
            {
                double wall = Stopwatch.GetElapsedTime(s_wall).TotalMilliseconds;
                double cpu, kernel;
                using (Process self = Process.GetCurrentProcess())
                {
                    cpu = (self.TotalProcessorTime - s_cpu).TotalMilliseconds;
                    kernel = (self.PrivilegedProcessorTime - s_kernel).TotalMilliseconds;
                }
                return new Phase(wall, cpu, kernel, GC.CollectionCount(0) - Gen0, GC.CollectionCount(1) - Gen1, GC.CollectionCount(2) - Gen2,
                    GC.GetTotalPauseDuration().TotalMilliseconds - PauseMs, GC.GetTotalAllocatedBytes(precise: true) - Allocated);
            }

            public static Phase Add(Phase a, Phase b) =>
                new(a.WallMs + b.WallMs, a.CpuMs + b.CpuMs, a.KernelMs + b.KernelMs, a.Gen0 + b.Gen0, a.Gen1 + b.Gen1, a.Gen2 + b.Gen2, a.PauseMs + b.PauseMs, a.Allocated + b.Allocated);

            public void Print(int round, string what, int count)
            {
                GCMemoryInfo info = GC.GetGCMemoryInfo(GCKind.Any);
                double loh = info.GenerationInfo.Length > 3 ? info.GenerationInfo[3].SizeAfterBytes / 1e6 : double.NaN;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {round} | {what} | {WallMs:F0} | {CpuMs:F0} | {KernelMs:F0} | {CpuMs * 1e6 / count:F0} | {Gen0} | {Gen1} | {Gen2} | {PauseMs:F0} | {Allocated / 1e6:F1} | {loh:F1} | {info.HeapSizeBytes / 1e6:F0} |"));
            }
        }
    }
}
