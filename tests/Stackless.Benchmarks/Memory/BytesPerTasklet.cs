using System;
using System.Collections.Generic;
using System.IO;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Bcl = System.Threading.Channels;
using System.Threading.Tasks;
using Stackless.Benchmarks.Frames;
using Stackless.Benchmarks.Tasklets;
using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Memory
{
    /// <summary>
    /// <c>--memory</c>: live bytes per tasklet parked on a receive, measured directly: the live heap
    /// (<c>GC.GetTotalMemory(true)</c>) before and after N tasklets park, divided by N. The C# baseline parks
    /// N async methods on <c>ChannelReader.ReadAsync</c>. Blocked senders (with the values they offer) and tasklets waiting
    /// in a select (each in its own select of one receive case) are measured beside the receivers, and sleepers. Spawn time is printed too but is dominated by the
    /// first touch of fresh pages on this machine; the warm spawn cost is the quick runner's spawn-park row.
    /// </summary>
    internal static class BytesPerTasklet
    {
        public static int Run(string[] args)
        {
            string? tsvPath = null;
            var countList = new List<int>();
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] == "--tsv" && i + 1 < args.Length) tsvPath = args[++i];
                else countList.Add(int.Parse(args[i].Replace("_", "").Replace(",", ""), CultureInfo.InvariantCulture));
            }
            int[] counts = countList.Count > 0 ? countList.ToArray() : new[] { 1_000_000, 10_000_000 };
            Console.WriteLine("| what | count | live bytes before | live bytes after | bytes each | spawn+park time |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            double ours = 0;
            foreach (int n in counts)
                ours = Ours(n);
            double sender = Senders(Math.Min(counts[0], 1_000_000));
            double selecting = SelectWaiters(Math.Min(counts[0], 1_000_000));
            double baseline = Baseline(Math.Min(counts[0], 1_000_000));
            double sleeper = Sleepers(Math.Min(counts[0], 1_000_000));
            Console.WriteLine();
            Console.WriteLine($"Object sizes (allocated bytes per object): Park frame (generated) {ObjectSize(() => BenchmarkTasklets.SpawnParkFrameForSize())} B, " +
                $"Park frame (hand-written) {ObjectSize(() => new ParkFrame(SizeChannel))} B, Depth frame (generated) {ObjectSize(() => BenchmarkTasklets.DepthFrameForSize())} B, " +
                $"Depth frame (hand-written) {ObjectSize(() => new DepthFrame(1))} B, SendPark frame {ObjectSize(() => new SendParkFrame(SizeChannel, 1))} B, " +
                $"Select of one case {ObjectSize(() => { var s = new Select(); s.Receive(SizeChannel); return s; })} B. The rest of 'bytes each' is the scheduler's per-tasklet bookkeeping.");
            if (tsvPath != null)
                File.WriteAllText(tsvPath, string.Join('\t', "bytes-per-parked", ours.ToString("F1", CultureInfo.InvariantCulture),
                    baseline.ToString("F1", CultureInfo.InvariantCulture), "async Task + ReadAsync") + "\n"
                    + string.Join('\t', "bytes-per-sleeper", sleeper.ToString("F1", CultureInfo.InvariantCulture), "", "") + "\n"
                    + string.Join('\t', "bytes-per-parked-sender", sender.ToString("F1", CultureInfo.InvariantCulture), "", "") + "\n"
                    + string.Join('\t', "bytes-per-select-waiter", selecting.ToString("F1", CultureInfo.InvariantCulture), "", "select included") + "\n");
            return 0;
        }

        private static double Ours(int count)
        {
            var ch = new Channel<int>();
            Scheduler.Run();                                 // create this thread's scheduler before measuring
            long before = GC.GetTotalMemory(forceFullCollection: true);
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < count; i++)
                TaskletFrame.Spawn(new ParkFrame(ch));
            Scheduler.Run();                                 // every tasklet runs and parks on ch.Receive()
            sw.Stop();
            long after = GC.GetTotalMemory(forceFullCollection: true);
            if (ch.Balance != -count)
                throw new InvalidOperationException($"expected {count} parked receivers, found balance {ch.Balance}");
            Print("Stackless tasklets parked on Receive()", count, before, after, sw.Elapsed);
            GC.KeepAlive(ch);
            // The parked tasklets are reachable only from ch: dropping it frees them all.
            return (after - before) / (double)count;
        }

        /// <summary>Live bytes per tasklet blocked in <c>Send</c>: the frame, its place in the channel's queue and wherever its value waits.</summary>
        private static double Senders(int count)
        {
            var ch = new Channel<int>();
            Scheduler.Run();
            long before = GC.GetTotalMemory(forceFullCollection: true);
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < count; i++)
                TaskletFrame.Spawn(new SendParkFrame(ch, i));
            Scheduler.Run();                                 // every tasklet runs and blocks in ch.Send(i)
            sw.Stop();
            long after = GC.GetTotalMemory(forceFullCollection: true);
            if (ch.Balance != count)
                throw new InvalidOperationException($"expected {count} blocked senders, found balance {ch.Balance}");
            Print("Stackless tasklets blocked on Send()", count, before, after, sw.Elapsed);
            GC.KeepAlive(ch);
            return (after - before) / (double)count;
        }

        /// <summary>Live bytes per tasklet waiting in a select (its own, of one receive case on a shared channel): the frame, the select, its place.</summary>
        private static double SelectWaiters(int count)
        {
            var ch = new Channel<int>();
            Scheduler.Run();
            long before = GC.GetTotalMemory(forceFullCollection: true);
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < count; i++)
            {
                var select = new Select();
                select.Receive(ch);
                TaskletFrame.Spawn(new SelectParkFrame(select));
            }
            Scheduler.Run();                                 // every tasklet runs and waits in its select
            sw.Stop();
            long after = GC.GetTotalMemory(forceFullCollection: true);
            if (ch.Balance != -count)
                throw new InvalidOperationException($"expected {count} select waiters, found balance {ch.Balance}");
            Print("Stackless tasklets waiting in Select.Wait() (a select of one case each, included)", count, before, after, sw.Elapsed);
            GC.KeepAlive(ch);
            return (after - before) / (double)count;
        }

        /// <summary>Live bytes per tasklet asleep in <c>Scheduler.Sleep</c> (virtual time): the frame plus its timer-heap entry.</summary>
        private static double Sleepers(int count)
        {
            Scheduler.VirtualTime = true;
            Scheduler.Run();
            long before = GC.GetTotalMemory(forceFullCollection: true);
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < count; i++)
                TaskletFrame.Spawn(new SleepLoopFrame(Workloads.SleepersWorkload.Delay(i), 1));
            Scheduler.Schedule();                            // every tasklet runs until it sleeps
            sw.Stop();
            long after = GC.GetTotalMemory(forceFullCollection: true);
            if (Scheduler.RunCount != 1)
                throw new InvalidOperationException("every tasklet should be asleep");
            Print("Stackless tasklets asleep in Sleep() (1-1,000 ms, virtual time)", count, before, after, sw.Elapsed);
            Scheduler.Run();                                 // virtual time: they all wake at once
            return (after - before) / (double)count;
        }

        private static double Baseline(int count)
        {
            Bcl.Channel<int> ch = Bcl.Channel.CreateUnbounded<int>();
            ChannelReader<int> reader = ch.Reader;
            long before = GC.GetTotalMemory(forceFullCollection: true);
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < count; i++)
                _ = ParkAsync(reader);
            sw.Stop();
            long after = GC.GetTotalMemory(forceFullCollection: true);
            Print("C# async Task parked on ReadAsync()", count, before, after, sw.Elapsed);
            GC.KeepAlive(ch);
            return (after - before) / (double)count;
        }

        private static readonly Channel<int> SizeChannel = new();

        /// <summary>Bytes allocated per object, from the thread's allocation counter over many allocations.</summary>
        private static long ObjectSize(Func<object> create)
        {
            const int n = 10_000;
            var keep = new object[n];
            create();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < n; i++)
                keep[i] = create();
            long after = GC.GetAllocatedBytesForCurrentThread();
            GC.KeepAlive(keep);
            return (after - before) / n;
        }

        private static async Task<int> ParkAsync(ChannelReader<int> reader) => await reader.ReadAsync();

        private static void Print(string what, int count, long before, long after, TimeSpan time) =>
            Console.WriteLine($"| {what} | {count:N0} | {before:N0} | {after:N0} | {(after - before) / (double)count:F1} | {time.TotalMilliseconds:N0} ms |");
    }
}
