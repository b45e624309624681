using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Stackless.Testing;

namespace Stackless.Benchmarks.Explore
{
    /// <summary>
    /// <c>--explore</c>: what exploration testing costs (issue 13). Runs per second of TaskletExplorer.Explore on a small
    /// scenario, beside its parts (a fresh thread started and joined; the scenario on the ordinary scheduler), and the
    /// cost of a switch in exploration mode beside an ordinary one. Medians of 5, wall clock and process CPU time.
    /// </summary>
    internal static partial class ExploreRunner
    {
        public static int Run(string[] args)
        {
            int runs = args.Length > 0 ? int.Parse(args[0]) : 5_000;
            Console.WriteLine($"Stackless explore runner: median of 5, {Environment.ProcessorCount} cores, .NET {Environment.Version}; load average {LoadAverage()}");
            Console.WriteLine();
            Console.WriteLine("| measure | wall µs per run | CPU µs per run | runs/s (wall) |");
            Console.WriteLine("|---|---:|---:|---:|");
            Row("Explore: 4 tasklets, 6 channel messages, 3 yields (passes every run)", runs, () =>
            {
                ExplorationResult r = TaskletExplorer.Explore(SmallScenario, runs, seed: 1);
                if (r.Failed) throw new InvalidOperationException(r.ToString());
            });
            Row("Explore of an empty scenario (the harness: a thread, a scheduler, the explorer)", runs, () => TaskletExplorer.Explore(() => { }, runs, seed: 1));
            Row("its parts: a fresh thread started and joined, empty", runs, () =>
            {
                for (int i = 0; i < runs; i++)
                {
                    var t = new Thread(() => { });
                    t.Start();
                    t.Join();
                }
            });
            Row("its parts: a fresh thread that creates its scheduler (Scheduler.Current)", runs, () =>
            {
                for (int i = 0; i < runs; i++)
                {
                    var t = new Thread(() => GC.KeepAlive(Scheduler.Current));
                    t.Start();
                    t.Join();
                }
            });
            Row("its parts: the scenario on one thread's ordinary scheduler", runs, () =>
            {
                for (int i = 0; i < runs; i++)
                    SmallScenario();
            });
            Console.WriteLine();
            const int switches = 1_000_000;
            Console.WriteLine("| 2 tasklets, Schedule() in a loop | ns per switch (process CPU) |");
            Console.WriteLine("|---|---:|");
            double ordinary = Median(() => OnThread(() => SwitchLoop(switches))).Cpu / switches;
            double exploring = Median(() => TaskletExplorer.Run(() => SwitchLoop(switches), 1, new ExplorationOptions { MaxSteps = 3 * switches })).Cpu / switches;
            Console.WriteLine($"| ordinary scheduler | {ordinary:F1} |");
            Console.WriteLine($"| exploration mode (a random choice between the two at every switch, recorded) | {exploring:F1} |");
            Console.WriteLine();
            Console.WriteLine($"load average after: {LoadAverage()}");
            return 0;
        }

        /// <summary>A producer, a relay and a consumer over two channels, and a tasklet that yields: small, but every kind of switch.</summary>
        private static void SmallScenario()
        {
            var a = new Channel<int>();
            var b = new Channel<int>();
            var sum = new int[1];
            SpawnProduce(a, 3);
            SpawnRelay(a, b, 3);
            SpawnConsume(b, 3, sum);
            SpawnYield(3);
            Scheduler.Run();
            if (sum[0] != 6)
                throw new InvalidOperationException($"sum {sum[0]}");
        }

        [Tasklet]
        private static void Produce(Channel<int> output, int n)
        {
            for (int i = 1; i <= n; i++)
                output.Send(i);
        }

        [Tasklet]
        private static void Relay(Channel<int> input, Channel<int> output, int n)
        {
            for (int i = 0; i < n; i++)
                output.Send(input.Receive());
        }

        [Tasklet]
        private static void Consume(Channel<int> input, int n, int[] sum)
        {
            for (int i = 0; i < n; i++)
                sum[0] += input.Receive();
        }

        [Tasklet]
        private static void Yield(int n)
        {
            for (int i = 0; i < n; i++)
                Scheduler.Schedule();
        }

        private static void SwitchLoop(int switches)
        {
            SpawnYield(switches / 2);
            SpawnYield(switches / 2);
            Scheduler.Run();
        }

        private static void OnThread(Action body)
        {
            var t = new Thread(() => body());
            t.Start();
            t.Join();
        }

        private static void Row(string name, int runs, Action body)
        {
            body(); // warm-up
            (double wall, double cpu) = Median(body);
            Console.WriteLine($"| {name} | {wall / runs / 1000:F1} | {cpu / runs / 1000:F1} | {runs / (wall / 1e9):N0} |");
        }

        /// <summary>The median of 5 runs of <paramref name="body"/> (by wall time), in ns: wall and process CPU time.</summary>
        private static (double Wall, double Cpu) Median(Action body)
        {
            var samples = new (double Wall, double Cpu)[5];
            Process self = Process.GetCurrentProcess();
            for (int i = 0; i < samples.Length; i++)
            {
                self.Refresh();
                TimeSpan cpu0 = self.TotalProcessorTime;
                long t0 = Stopwatch.GetTimestamp();
                body();
                double wall = Stopwatch.GetElapsedTime(t0).Ticks * 100.0;
                self.Refresh();
                samples[i] = (wall, (self.TotalProcessorTime - cpu0).Ticks * 100.0);
            }
            return samples.OrderBy(s => s.Wall).ElementAt(samples.Length / 2);
        }

        private static string LoadAverage()
        {
            try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
            catch (IOException) { return "?"; }
        }
    }
}
