using System;

namespace Stackless.Samples.Bank
{
    /// <summary>
    /// Waits in queue, in the order customers reach a teller. Successive waits are strongly correlated (a
    /// long queue stays long), so the standard error is not s/√n: it is estimated by batch means — the run is cut
    /// into <see cref="Batches"/> consecutive batches whose means are nearly independent when a batch is much longer
    /// than the queue's memory, and SE = sd(batch means) / √batches.
    /// </summary>
    public sealed class WaitStatistics
    {
        public const int Batches = 20;

        private readonly int _customers;
        private readonly double[] _batchSums = new double[Batches];
        private double _sum;

        public WaitStatistics(int customers)
        {
            if (customers < Batches) throw new ArgumentOutOfRangeException(nameof(customers), $"at least {Batches} customers");
            _customers = customers;
        }

        /// <summary>How many waits were recorded.</summary>
        public int Count { get; private set; }

        /// <summary>True once every customer has reached a teller.</summary>
        public bool AllServed => Count == _customers;

        public void Add(TimeSpan wait)
        {
            double w = wait.TotalSeconds;
            _sum += w;
            _batchSums[(int)((long)Count * Batches / _customers)] += w;
            Count++;
        }

        /// <summary>Mean wait in queue, seconds.</summary>
        public double Mean => _sum / Count;

        /// <summary>The standard error of <see cref="Mean"/> by batch means, seconds.</summary>
        public double StandardError
        {
            get
            {
                double mean = Mean, squares = 0;
                for (int b = 0; b < Batches; b++)
                {
                    long first = ((long)b * _customers + Batches - 1) / Batches;
                    long next = ((long)(b + 1) * _customers + Batches - 1) / Batches;
                    double d = _batchSums[b] / (next - first) - mean;
                    squares += d * d;
                }
                return Math.Sqrt(squares / (Batches - 1) / Batches);
            }
        }
    }
}
