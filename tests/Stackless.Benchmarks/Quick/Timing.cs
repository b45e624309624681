using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Stackless.Benchmarks.Quick
{
    internal static class Timing
    {
        /// <summary>
        /// <c>--cpu</c>: time with the calling thread's CPU clock instead of the wall clock, so that time the thread
        /// spends descheduled on a loaded machine does not count, and report the minimum of the runs. Right for our single-threaded workloads only:
        /// the C# baseline runs on thread-pool threads, so its column is meaningless with this option.
        /// </summary>
        public static bool ThreadCpu;

        /// <summary>Nanoseconds per operation of one call of <paramref name="run"/>, which performs <paramref name="operations"/> operations.</summary>
        public static double NsPerOp(Action run, long operations)
        {
            if (ThreadCpu)
            {
                long cpuStart = ThreadCpuNs();
                run();
                return (double)(ThreadCpuNs() - cpuStart) / operations;
            }
            long start = Stopwatch.GetTimestamp();
            run();
            long ticks = Stopwatch.GetTimestamp() - start;
            return ticks * (1e9 / Stopwatch.Frequency) / operations;
        }

        private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID (Linux)

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int ClockGetTime(int clock, out TimeSpec time);

        internal static long ThreadCpuNs()
        {
            if (ClockGetTime(ClockThreadCpuTime, out TimeSpec t) != 0)
                throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed; --cpu needs Linux.");
            return t.Seconds * 1_000_000_000 + t.Nanoseconds;
        }

        /// <summary>The figure reported for our columns: the median, or with <see cref="ThreadCpu"/> the minimum (least disturbed by other processes' use of caches and cores).</summary>
        public static double Summary(List<double> values)
        {
            if (!ThreadCpu)
                return Median(values);
            values.Sort();
            return values[0];
        }

        public static double Median(List<double> values)
        {
            values.Sort();
            int n = values.Count;
            return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        }
    }
}
