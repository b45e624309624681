using System;

namespace Stackless.Benchmarks.Quick
{
    /// <summary>One row of the quick table: our workload and its C# baseline, each returning ns per operation for one run.</summary>
    internal sealed class Measure
    {
        public Measure(string key, string title, Func<double> ours, Func<double> baseline, string baselineName, double? barNs, Func<double>? floor = null)
        {
            Floor = floor;
            Key = key;
            Title = title;
            Ours = ours;
            Baseline = baseline;
            BaselineName = baselineName;
            BarNs = barNs;
        }

        /// <summary>Short machine-readable name, shared with the peer programs (tests/peers).</summary>
        public string Key { get; }
        public string Title { get; }
        public Func<double> Ours { get; }
        public Func<double> Baseline { get; }

        /// <summary>The same workload with hand-written frames: the floor the generated code is held to.</summary>
        public Func<double>? Floor { get; }
        public string BaselineName { get; }

        /// <summary>The absolute bar of design.md §6 in ns per operation, or null where the table sets none.</summary>
        public double? BarNs { get; }
    }
}
