using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Tasklets
{
    // For --memory's object-size line: a frame of each, made by its generated factory (the frame classes are nested in BenchmarkTasklets).
    internal static partial class BenchmarkTasklets
    {
        internal static TaskletFrame<int> SpawnParkFrameForSize() => __Park_CreateFrame(null!);

        internal static TaskletFrame<long> DepthFrameForSize() => __Depth_CreateFrame(1);
    }
}
