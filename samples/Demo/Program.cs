using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime;

namespace Stackless.Samples.Demo
{
    /// <summary>
    /// The main demo: measures Stackless's headline claims on this machine, each beside the same
    /// measure for C# Task + System.Threading.Channels run in the same process, and prints a table.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length == 3 && args[0] == CreationRounds.ChildOption)
                return CreationRounds.RunChild(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), Console.Out);
            DemoOptions options;
            try
            {
                options = DemoOptions.Parse(args);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            Run(options, Console.Out);
            return 0;
        }

        /// <summary>Runs every measure, printing progress, then the table; returns the table's rows.</summary>
        public static IReadOnlyList<ResultRow> Run(DemoOptions options, TextWriter output)
        {
            var total = Stopwatch.StartNew();
            output.WriteLine($"Stackless for C# — measured on this machine ({Environment.ProcessorCount} cores, .NET {Environment.Version}, " +
                             $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC{(Debugger.IsAttached ? ", DEBUGGER ATTACHED" : "")})");
            if (MachineLoad() is double load && load > Environment.ProcessorCount)
                output.WriteLine($"note: load average {load:N1} on {Environment.ProcessorCount} cores — other processes compete for the CPU, so every number here is lower than on a quiet machine");
#if DEBUG
            output.WriteLine("note: this is a Debug build; run with -c Release for real numbers");
#endif
            int reps = options.Repetitions;
            var rows = new List<ResultRow>();

            // 1, 2 and 3. Many tasklets parked at once: time to create them, cold and warm, and live memory each.
            Progress(output, options.InProcess
                ? $"{options.Tasklets:N0} tasklets (and async Tasks) parked on a channel receive, two rounds, in this process, sides taking turns, ×{reps}"
                : $"{options.Tasklets:N0} tasklets (and async Tasks) parked on a channel receive, two rounds in a fresh process per side, sides taking turns, ×{reps}");
            CreationRounds.Result creation = CreationRounds.Run(options.Tasklets, reps, options.InProcess);
            string where = creation.FreshProcesses ? "in a fresh process" : "first round in this process";
            rows.Add(new ResultRow($"create {options.Tasklets:N0} tasklets, each parked on a receive: cold ({where})",
                creation.Stackless.ColdMs, creation.Task.ColdMs, "ms", HigherIsBetter: false));
            rows.Add(new ResultRow($"… warm (a second round, same process)",
                creation.Stackless.WarmMs, creation.Task.WarmMs, "ms", HigherIsBetter: false));
            rows.Add(new ResultRow("memory per parked tasklet (GC heap)",
                creation.Stackless.BytesEach, creation.Task.BytesEach, "B", HigherIsBetter: false));

            Progress(output, $"warming up");
            StacklessSide.Switches(100_000);
            TaskSide.Switches(100_000);
            StacklessSide.PingPong(100_000);
            TaskSide.PingPong(100_000);

            // 3. Switches: Scheduler.Schedule() between two tasklets vs await Task.Yield() in two Tasks.
            Progress(output, $"{options.Switches:N0} switches: Scheduler.Schedule() vs await Task.Yield(), ×{reps}");
            double stacklessSwitch = Median(Repeat(reps, () => options.Switches / StacklessSide.Switches(options.Switches).TotalSeconds), r => r);
            double taskSwitch = Median(Repeat(reps, () => options.Switches / TaskSide.Switches(options.Switches).TotalSeconds), r => r);
            rows.Add(new ResultRow("switches per second (2 tasklets)", stacklessSwitch, taskSwitch, "/s", HigherIsBetter: true));

            // 4. Channel messages: ping-pong between two tasklets vs two Tasks.
            Progress(output, $"{options.Messages:N0} channel messages, ping-pong, ×{reps}");
            double stacklessMessages = Median(Repeat(reps, () => options.Messages / StacklessSide.PingPong(options.Messages).TotalSeconds), r => r);
            double taskMessages = Median(Repeat(reps, () => options.Messages / TaskSide.PingPong(options.Messages).TotalSeconds), r => r);
            rows.Add(new ResultRow("channel messages per second (ping-pong)", stacklessMessages, taskMessages, "/s", HigherIsBetter: true));

            // 5. Recursion depth: a [Tasklet] recursion vs an async recursion on a 1 MiB stack.
            Progress(output, $"recursion {options.Depth:N0} deep: [Tasklet] vs async Task<long> on a {options.AsyncStackBytes >> 10:N0} KiB stack");
            var stacklessRecursion = Repeat(reps, () => StacklessSide.Recursion(options.Depth));
            long stacklessDepth = stacklessRecursion.Min(r => r.Reached);
            double stacklessNsPerFrame = Median(stacklessRecursion, r => r.Elapsed.TotalMilliseconds * 1e6 / Math.Max(r.Reached, 1));
            var (asyncDepth, _) = TaskSide.Recursion(options.Depth, options.AsyncStackBytes);
            rows.Add(new ResultRow($"recursion depth reached (of {options.Depth:N0})", stacklessDepth, asyncDepth, "frames", HigherIsBetter: true,
                BaselineNote: asyncDepth < options.Depth ? "stack exhausted" : null));

            output.WriteLine();
            ResultTable.Print(rows, output);
            output.WriteLine();
            output.WriteLine($"Stackless: one thread, [Tasklet] methods compiled to heap frames; the recursion took " +
                             $"{stacklessNsPerFrame:N1} ns a frame, down and back.");
            output.WriteLine("C#: async methods on the thread pool (all cores); Task.Yield for switches; unbounded single-reader/writer " +
                             "channels for ping-pong; WaitToReadAsync for parking. Medians of " + reps + (reps == 1 ? " run." : " runs."));
            output.WriteLine(creation.FreshProcesses
                ? "Creation: each side alone in a fresh process per repetition (cold = its first round, warm = its second), the sides " +
                  "taking turns at going first; memory from the warm round."
                : "Creation: both sides in this process (no fresh process could be started here), taking turns at going first; " +
                  "cold = the first round of a repetition; memory from the warm round.");
            output.WriteLine($"Done in {total.Elapsed.TotalSeconds:N1} s.");
            return rows;
        }

        /// <summary>The 1-minute load average where the OS tells it (Linux), else null.</summary>
        private static double? MachineLoad()
        {
            try
            {
                string text = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg") : "";
                return double.TryParse(text.Split(' ')[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double load) ? load : null;
            }
            catch (IOException)
            {
                return null;
            }
        }

        private static void Progress(TextWriter output, string what) => output.WriteLine($"  … {what}");

        private static List<T> Repeat<T>(int times, Func<T> measure)
        {
            var results = new List<T>(times);
            for (int i = 0; i < times; i++)
                results.Add(measure());
            return results;
        }

        private static double Median<T>(List<T> results, Func<T, double> value)
        {
            double[] sorted = results.Select(value).OrderBy(v => v).ToArray();
            int mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }
}
