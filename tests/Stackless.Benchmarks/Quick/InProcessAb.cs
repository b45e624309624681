using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;

namespace Stackless.Benchmarks.Quick
{
    /// <summary>
    /// <c>--ab key rounds operations name=repo name=repo … [--twice]</c>: an A/B of one workload between builds of this project, all in one
    /// process. Each repository's built <c>tests/Stackless.Benchmarks/bin/Release/net10.0/Stackless.Benchmarks.dll</c> (with its own
    /// Stackless.dll) is loaded into its own <see cref="AssemblyLoadContext"/>; the builds then take turns, one call at a time, in
    /// an order that rotates every round, so a noisy moment or a busy core hits all of them alike.
    /// Prints for each build the minimum, the 10th percentile and the median ns per operation, the p10 ratio to the first
    /// build, and the median of the per-round ratios to the first build (the figure to quote).
    /// </summary>
    /// <remarks>
    /// Why: across separate processes the same build differs by 5–30 % from one process to the next (where the JIT put the hot
    /// code; a 2-core VM with neighbours), so a 2–5 % change needed dozens of processes and still overlapped. Paired calls in one
    /// process put every build under the same conditions: the per-round ratios of three processes agree within ~1 % (issue 15,
    /// session 12). The builds share the process's JIT, collector and heap, which a real program of either would not.
    /// Check the method on the row with an A/A run (<c>--twice</c> loads every build a second time, as name·2): ping-pong's copies agree within
    /// 0.4 %, but fan-in's, which allocates its 2,000 tasklets and a 2,048-place queue per call, differed by 1.5–9 % in one process.
    /// </remarks>
    internal static class InProcessAb
    {
        private const string BuildPath = "tests/Stackless.Benchmarks/bin/Release/net10.0/";

        private static readonly string[] Keys =
            ["pingpong", "pingpong-1000pairs", "schedule-2", "schedule-1000", "threadring", "fanin", "select", "recursion", "request-reply", "spawn-park"];

        public static int Run(string[] args)
        {
            if (args.Length < 4 || !Keys.Contains(args[0]))
            {
                Console.Error.WriteLine($"usage: --ab <{string.Join('|', Keys)}> rounds operations name=repo-dir name=repo-dir … [--twice]");
                return 2;
            }
            string key = args[0];
            int rounds = int.Parse(args[1], CultureInfo.InvariantCulture);
            int operations = int.Parse(args[2], CultureInfo.InvariantCulture);
            // --twice: every build is loaded a second time under name·2, an A/A control in the same run: the two copies of one
            // build differ only by where the JIT and the collector put them, so their ratio is the noise floor of the row.
            bool twice = args.Contains("--twice");
            string[] specs = args[3..].Where(a => a != "--twice").ToArray();
            var builds = specs.Select(spec => Build.Load(spec, key, operations))
                .Concat(twice ? specs.Select(spec => Build.Load(SecondCopy(spec), key, operations)) : [])
                .ToList();

            // Warm up every build to tier-1 code, with a pause past the JIT's call-counting delay.
            for (int w = 0; w < 60; w++)
            {
                foreach (Build b in builds)
                    b.Once();
                if (w == 29)
                    Thread.Sleep(300);
            }
            var ns = builds.Select(_ => new List<double>()).ToList();
            var clock = new Stopwatch();
            for (int r = 0; r < rounds; r++)
            {
                for (int k = 0; k < builds.Count; k++)
                {
                    int i = (k + r) % builds.Count;
                    clock.Restart();
                    builds[i].Timed();
                    clock.Stop();
                    builds[i].Untimed();
                    ns[i].Add(clock.Elapsed.TotalMilliseconds * 1e6 / operations);
                }
            }
            string load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
            Console.WriteLine($"{key}: {rounds} rounds of {operations:N0} operations, load {load}");
            for (int i = 0; i < builds.Count; i++)
            {
                double paired = Median(ns[i].Zip(ns[0], (a, b) => a / b));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {builds[i].Name,-12} min {ns[i].Min(),7:F1}  p10 {Quantile(ns[i], 0.1),7:F1}  median {Median(ns[i]),7:F1} ns   p10 ratio {Quantile(ns[i], 0.1) / Quantile(ns[0], 0.1):F3}   paired median ratio {paired:F3}"));
            }
            return 0;
        }

        private static string SecondCopy(string spec) => spec.Insert(spec.IndexOf('='), "·2");

        private static double Median(IEnumerable<double> values) => Quantile(values, 0.5);

        private static double Quantile(IEnumerable<double> values, double q)
        {
            double[] sorted = values.OrderBy(v => v).ToArray();
            return sorted[(int)(q * (sorted.Length - 1))];
        }

        /// <summary>One build's workload, bound by reflection to its own copies of the benchmark and runtime assemblies.</summary>
        private sealed class Build
        {
            private const BindingFlags Static = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

            public required string Name { get; init; }
            public required Action Timed { get; init; }
            public Action Untimed { get; init; } = () => { };

            /// <summary>A warm-up call: the timed part and what undoes it.</summary>
            public void Once()
            {
                Timed();
                Untimed();
            }

            public static Build Load(string spec, string key, int operations)
            {
                int eq = spec.IndexOf('=');
                if (eq <= 0)
                    throw new ArgumentException($"'{spec}': expected name=repository-directory");
                string name = spec[..eq];
                string dir = Path.Combine(Path.GetFullPath(spec[(eq + 1)..]), BuildPath);
                string dll = Path.Combine(dir, "Stackless.Benchmarks.dll");
                if (!File.Exists(dll))
                    throw new FileNotFoundException($"{name}: no build at {dll} (dotnet build -c Release tests/Stackless.Benchmarks in that repository)");
                var context = new BuildContext(name, dir);
                Assembly benchmarks = context.LoadFromAssemblyPath(dll);
                Type Workload(string type) => benchmarks.GetType("Stackless.Benchmarks.Workloads." + type, throwOnError: true)!;
                Action Call(string type, string method, params object[] arguments)
                {
                    MethodInfo m = Workload(type).GetMethod(method, Static)
                        ?? throw new MissingMethodException($"{name}: {type}.{method}");
                    return () => m.Invoke(null, arguments);
                }
                if (key == "spawn-park")
                {
                    // Spawn and park (timed), then wake and end them (untimed), on one channel of that build's runtime.
                    Type channel = context.LoadFromAssemblyName(new AssemblyName("Stackless")).GetType("Stackless.Channel`1", throwOnError: true)!
                        .MakeGenericType(typeof(int));
                    object ch = Activator.CreateInstance(channel)!;
                    return new Build
                    {
                        Name = name,
                        Timed = Call("SpawnParkWorkload", "OursSpawn", ch, operations),
                        Untimed = Call("SpawnParkWorkload", "OursRelease", ch),
                    };
                }
                Action timed = key switch
                {
                    "pingpong" => Call("PingPongWorkload", "Ours", 1, operations),
                    "pingpong-1000pairs" => Call("PingPongWorkload", "Ours", 1_000, operations / 1_000),
                    "schedule-2" => Call("ScheduleSwitchWorkload", "Ours", 2, operations / 2),
                    "schedule-1000" => Call("ScheduleSwitchWorkload", "Ours", 1_000, operations / 1_000),
                    "threadring" => Call("ThreadRingWorkload", "Ours", 503, operations),
                    "fanin" => Call("FanInWorkload", "Ours", operations / 50, 50),
                    "select" => Call("SelectWorkload", "Ours", operations),
                    "recursion" => Call("DeepRecursionWorkload", "Ours", operations),
                    "request-reply" => Call("RequestReplyWorkload", "Ours", operations),
                    _ => throw new ArgumentException(key),
                };
                return new Build { Name = name, Timed = timed };
            }
        }

        /// <summary>Loads that build's Stackless assemblies from its directory; everything else (the BCL) from the default context.</summary>
        private sealed class BuildContext(string name, string dir) : AssemblyLoadContext("ab:" + name)
        {
            protected override Assembly? Load(AssemblyName assembly)
            {
                string path = Path.Combine(dir, assembly.Name + ".dll");
                return assembly.Name!.StartsWith("Stackless", StringComparison.Ordinal) && File.Exists(path) ? LoadFromAssemblyPath(path) : null;
            }
        }
    }
}
