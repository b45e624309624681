namespace Stackless.Benchmarks.Workloads
{
    /// <summary>The hand-written shapes of the tight loop's step check (Frames/CheckedFrames.cs), for <c>--watchdog</c>.</summary>
    internal enum ArithLoopShape
    {
        /// <summary>No check (<c>ArithFrame</c>).</summary>
        Unchecked,

        /// <summary>The scheduler's counter decremented in memory at every back-edge (<c>ArithCheckedFrame</c>).</summary>
        MemoryCounter,

        /// <summary>No call in the loop, the counter in memory: the slow path returns to the trampoline (<c>ArithMemoryReturnFrame</c>).</summary>
        MemoryCounterReturn,

        /// <summary>MemoryCounterReturn with the check as the conditional back-edge, MoveNext [MethodImpl(AggressiveOptimization)] (no tiering).</summary>
        MemoryCounterReturnAggressive,
    }
}
