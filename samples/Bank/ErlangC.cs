using System;

namespace Stackless.Samples.Bank
{
    /// <summary>The M/M/c queue's exact mean wait in queue (Erlang's C formula), to check the simulation against.</summary>
    public static class ErlangC
    {
        /// <summary>
        /// The probability that an arriving customer must wait: C(c, a) with offered load a = λ/μ.
        /// Computed through Erlang B's recursion B(k) = a·B(k−1) / (k + a·B(k−1)), which never forms a^c or c!.
        /// </summary>
        public static double WaitProbability(int tellers, double arrivalRate, double serviceRate)
        {
            double a = arrivalRate / serviceRate;
            if (tellers < 1 || a >= tellers)
                throw new ArgumentOutOfRangeException(nameof(arrivalRate), "the queue is stable only when arrival rate < tellers × service rate");
            double b = 1;
            for (int k = 1; k <= tellers; k++)
                b = a * b / (k + a * b);
            return tellers * b / (tellers - a * (1 - b));
        }

        /// <summary>Mean time in queue (before service): W_q = C(c, a) / (cμ − λ).</summary>
        public static double MeanWait(int tellers, double arrivalRate, double serviceRate)
            => WaitProbability(tellers, arrivalRate, serviceRate) / (tellers * serviceRate - arrivalRate);
    }
}
