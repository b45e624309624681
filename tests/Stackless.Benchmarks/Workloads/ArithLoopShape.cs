namespace Stackless.Benchmarks.Workloads
{
    /// <summary>The hand-written shapes of the tight loop's step check (Frames/CheckedFrames.cs), for <c>--watchdog</c>.</summary>
    internal enum ArithLoopShape
    {
        /// <summary>No check (<c>ArithFrame</c>).</summary>
        Unchecked,

        /// <summary>The scheduler's counter decremented in memory at every back-edge (<c>ArithCheckedFrame</c>).</summary>
        MemoryCounter,

        /// <summary>The counter taken into a local at the loop's entry and given back at its exit (<c>ArithLoopStepsFrame</c>).</summary>
        LocalCounter,

        /// <summary>The same, the slow path out of the loop (<c>ArithLoopStepsExitFrame</c>).</summary>
        LocalCounterExit,

        /// <summary>The local counter given back in a <c>finally</c> (<c>ArithLoopStepsFinallyFrame</c>).</summary>
        LocalCounterFinally,

        /// <summary>No call in the loop, the counter in memory: the slow path returns to the trampoline (<c>ArithMemoryReturnFrame</c>).</summary>
        MemoryCounterReturn,

        /// <summary>No call in the loop, the counter in a local: the slow path returns to the trampoline (<c>ArithLoopStepsReturnFrame</c>).</summary>
        LocalCounterReturn,

        /// <summary>MemoryCounterReturn with the check as the conditional back-edge, MoveNext [MethodImpl(AggressiveOptimization)] (no tiering).</summary>
        MemoryCounterReturnAggressive,

        /// <summary>LocalCounterReturn, MoveNext [MethodImpl(AggressiveOptimization)] (no tiering: fully optimized at once, no PGO).</summary>
        LocalCounterReturnAggressive,

        /// <summary>No call in the loop, a local counting up to the counter taken at the entry (<c>ArithLoopStepsUpFrame</c>).</summary>
        LocalCounterUp,
    }
}
