using System;
using BenchmarkDotNet.Running;
using Stackless.Benchmarks.Quick;

namespace Stackless.Benchmarks
{
    /// <summary>
    /// <c>dotnet run -c Release --project tests/Stackless.Benchmarks -- [mode]</c>
    /// <list type="bullet">
    /// <item><description>(no mode, or BenchmarkDotNet arguments such as <c>--filter *PingPong* --job short</c>): BenchmarkDotNet,
    /// in process unless <c>--outOfProcess</c> is given.</description></item>
    /// <item><description><c>--quick</c> [<c>--only key</c>] [<c>--tsv file</c>]: the quick Stopwatch table.</description></item>
    /// <item><description><c>--memory</c> [counts…] [<c>--tsv file</c>]: bytes per parked tasklet (default 1,000,000 and 10,000,000).</description></item>
    /// <item><description><c>--cold ours|task</c> [count] [rounds] [<c>--own</c>]: creation of many parked tasklets round after round, with the collector's counts per phase.</description></item>
    /// <item><description><c>--async</c>: an await round trip beside async/await, and a pipeline on 1 and 2 TaskletThreads.</description></item>
    /// <item><description><c>--gencost</c> [methods] [--generator path] [--ab path [--rounds n]] [--variants [--rounds n] [--only a,b]] [--generate-only k]: the generator's cost on a synthetic project (default 1,000 [Tasklet] methods) and its incrementality.</description></item>
    /// <item><description><c>--explore</c> [runs]: exploration testing's runs per second, and a switch in exploration mode.</description></item>
    /// <item><description><c>--watchdog</c> [rounds]: step checks on vs off (tight loop, thread-ring), A/B on the thread's CPU clock.</description></item>
    /// <item><description><c>--run key operations</c> [<c>--warm</c>]: one workload, untimed, for perf or a JIT disassembly.</description></item>
    /// <item><description><c>--ab key rounds operations name=repo …</c>: one workload A/B between builds, in one process (<see cref="InProcessAb"/>).</description></item>
    /// </list>
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            if (args.Length > 0)
            {
                switch (args[0])
                {
                    case "--quick":
                        return QuickRunner.Run(args[1..]);
                    case "--run":
                        return ProfileRunner.Run(args[1..]);
                    case "--ab":
                        return InProcessAb.Run(args[1..]);
                    case "--gencost":
                        return GeneratorCost.GeneratorCostRunner.Run(args[1..]);
                    case "--async":
                        return Async.AsyncRunner.Run(args[1..]);
                    case "--memory":
                        return Memory.BytesPerTasklet.Run(args[1..]);
                    case "--cold":
                        return Memory.ColdSpawn.Run(args[1..]);
                    case "--explore":
                        return Explore.ExploreRunner.Run(args[1..]);
                    case "--watchdog":
                        return WatchdogRunner.Run(args[1..]);
                }
            }
            // In process by default: no second build of the runtime and generator on this 2-core machine, and the project
            // lookup of the out-of-process toolchain breaks when bin/obj live outside the repository (STACKLESS_ARTIFACTS).
            if (Array.IndexOf(args, "--inProcess") < 0 && Array.IndexOf(args, "-i") < 0 && Array.IndexOf(args, "--outOfProcess") < 0)
                args = [.. args, "--inProcess"];
            else
                args = Array.FindAll(args, a => a != "--outOfProcess");
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }
    }
}
