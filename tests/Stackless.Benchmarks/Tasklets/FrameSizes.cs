using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Tasklets
{
    // For --memory's object-size line: the generated frame classes are nested in BenchmarkTasklets, so create them here.
    internal static partial class BenchmarkTasklets
    {
        internal static TaskletFrame<int> SpawnParkFrameForSize() => new __Park_Frame(null!);

        internal static TaskletFrame<long> DepthFrameForSize() => new __Depth_Frame(1);
    }
}
