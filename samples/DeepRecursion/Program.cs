using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Stackless.Samples.DeepRecursion
{
    /// <summary>
    /// A [Tasklet] recursion a million calls deep. Each call is a heap frame run by the scheduler's
    /// trampoline, so the native stack never grows; the same method as ordinary code overflows the
    /// stack long before (shown here safely, by stopping where the runtime says the stack runs out).
    /// </summary>
    public static partial class Program
    {
        public static void Main(string[] args)
        {
            int depth = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
            Run(depth, Console.Out);
        }

        /// <summary>Runs both recursions; returns the depth the tasklet reached.</summary>
        public static long Run(int depth, TextWriter output)
        {
            // 1. Straight down and back up.
            var clock = Stopwatch.StartNew();
            Tasklet<long> dive = SpawnDepth(depth);
            Scheduler.Run();
            clock.Stop();
            long reached = dive.Result;
            output.WriteLine($"[Tasklet] recursion reached depth {reached:N0} and unwound in {clock.Elapsed.TotalMilliseconds:N0} ms " +
                             $"({clock.Elapsed.TotalMilliseconds * 1e6 / Math.Max(depth, 1):N1} ns a frame).");

            // 2. Park at the bottom: the whole call chain waits on the heap until main sends a value down.
            var bottom = new Channel<long>();
            long before = GC.GetTotalMemory(forceFullCollection: true);
            Tasklet<long> parked = SpawnDepthThenReceive(depth, bottom);
            Scheduler.Run();                          // runs until the tasklet blocks at the bottom
            long after = GC.GetTotalMemory(forceFullCollection: true);
            output.WriteLine($"Parked {depth:N0} frames deep on a channel receive: {(after - before) / (double)Math.Max(depth, 1):N0} bytes a frame on the heap.");
            bottom.Send(1_000_000_000);
            Scheduler.Run();
            output.WriteLine($"Sent 1,000,000,000 to the bottom; the tasklet returned {parked.Result:N0}.");

            // 3. The same recursion as ordinary code, on a thread with a 1 MiB stack.
            long plain = OrdinaryDepthOnThread(depth, stackBytes: 1 << 20);
            output.WriteLine(plain >= depth
                ? $"Ordinary recursion also reached {plain:N0} on a 1 MiB stack."
                : $"Ordinary recursion on a 1 MiB stack: the stack runs out at depth {plain:N0} (it would overflow and kill the process).");
            return reached;
        }

        /// <summary>Recursion depth as a tasklet: every call is a heap frame.</summary>
        [Tasklet]
        static long Depth(int n) => n == 0 ? 0 : Depth(n - 1) + 1;

        /// <summary>Goes <paramref name="n"/> calls deep, then waits there for a value.</summary>
        [Tasklet]
        static long DepthThenReceive(int n, Channel<long> bottom)
        {
            if (n == 0)
                return bottom.Receive();
            return DepthThenReceive(n - 1, bottom) + 1;
        }

        /// <summary>How deep a plain recursion gets on a thread of the given stack size before the stack runs out.</summary>
        public static long OrdinaryDepthOnThread(int depth, int stackBytes)
        {
            long reached = 0;
            var thread = new Thread(() => reached = OrdinaryDepth(depth), stackBytes);
            thread.Start();
            thread.Join();
            return reached;
        }

        // The same shape as Depth (the "+ 1" after the call keeps the JIT from making it a tail call),
        // but it stops where the runtime says the stack is nearly exhausted, instead of crashing.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long OrdinaryDepth(int n)
        {
            if (n == 0 || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
                return 0;
            return OrdinaryDepth(n - 1) + 1;
        }
    }
}
