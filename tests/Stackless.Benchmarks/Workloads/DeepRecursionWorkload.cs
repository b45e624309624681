using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Stackless.Benchmarks.Frames;
using Stackless.Benchmarks.Tasklets;
using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Workloads
{
    /// <summary><c>Depth(n) = n == 0 ? 0 : Depth(n - 1) + 1</c>: as a tasklet (heap frames), plain, and async.</summary>
    internal static class DeepRecursionWorkload
    {
        /// <summary>A tasklet recursing <paramref name="depth"/> frames deep on the heap, then unwinding.</summary>
        public static long Ours(int depth)
        {
            Tasklet<long> t = BenchmarkTasklets.SpawnDepth(depth);
            Scheduler.Run();
            return t.Result;
        }

        /// <summary>The same with the hand-written frame (the floor).</summary>
        public static long Floor(int depth)
        {
            var t = TaskletFrame.Spawn(new DepthFrame(depth));
            Scheduler.Run();
            return t.Result;
        }

        /// <summary>Plain recursion on the native stack (at a depth the 8 MB main stack survives).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static long Plain(int n) => n == 0 ? 0 : Plain(n - 1) + 1;

        /// <summary>Async recursion (completes synchronously, so it nests on the native stack; overflows below 50k).</summary>
        public static async Task<long> Async(int n) => n == 0 ? 0 : await Async(n - 1) + 1;
    }
}
