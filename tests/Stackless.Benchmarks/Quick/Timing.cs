using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace Stackless.Benchmarks.Quick
{
    internal static class Timing
    {
        /// <summary>Nanoseconds per operation of one call of <paramref name="run"/>, which performs <paramref name="operations"/> operations.</summary>
        public static double NsPerOp(Action run, long operations)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            long ticks = Stopwatch.GetTimestamp() - start;
            return ticks * (1e9 / Stopwatch.Frequency) / operations;
        }

        public static double Median(List<double> values)
        {
            values.Sort();
            int n = values.Count;
            return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        }
    }
}
