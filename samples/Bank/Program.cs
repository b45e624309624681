using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Stackless.Samples.Bank
{
    /// <summary>
    /// A discrete-event simulation of an M/M/c bank: customers arrive as a Poisson process, queue for c tellers in
    /// order of arrival, and are served for exponentially distributed times. Each customer is a tasklet that joins
    /// the queue by sending its arrival time to the counter (a rendezvous channel, so its queue of blocked senders is
    /// the bank's queue); each teller is a tasklet that takes the next customer from the counter and sleeps for the
    /// service time. Virtual time: the clock jumps from event to event, so a day of the bank runs as fast as its
    /// events, and a seed gives the same run every time. The mean wait in queue is printed beside Erlang C's exact
    /// value for the same queue.
    /// </summary>
    public static partial class Program
    {
        /// <summary>
        /// <c>Bank [customers] [tellers] [arrival rate] [service rate] [seed] [--warm-up N]</c>. <c>--warm-up N</c> first
        /// simulates N customers unmeasured (the JIT's tiers settle: tests/peers/run-peers.sh does the same on both sides).
        /// </summary>
        public static void Main(string[] args)
        {
            int warmUp = 0;
            int at = Array.IndexOf(args, "--warm-up");
            if (at >= 0)
            {
                if (at + 1 == args.Length)
                    throw new ArgumentException("--warm-up needs a number of customers");
                warmUp = int.Parse(args[at + 1], CultureInfo.InvariantCulture);
                args = args[..at].Concat(args[(at + 2)..]).ToArray();
            }
            int customers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
            int tellers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
            double arrivalRate = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 2.4;
            double serviceRate = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 1.0;
            int seed = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1;
            if (warmUp > 0)
                Run(warmUp, tellers, arrivalRate, serviceRate, seed, TextWriter.Null);
            TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            Report report = Run(customers, tellers, arrivalRate, serviceRate, seed, Console.Out);
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            // On a shared machine wall time includes waiting for a core; the process's CPU time does not.
            Console.WriteLine(FormattableString.Invariant(
                $"wall time {report.Wall.TotalSeconds:0.000} s: {report.Wall.TotalMilliseconds * 1e6 / customers:0} ns per customer (process CPU time {cpu.TotalMilliseconds * 1e6 / customers:0} ns per customer){(warmUp > 0 ? $", after a warm-up of {warmUp:N0} customers" : "")}"));
        }

        /// <summary>What a run measured. Times in seconds except <see cref="Wall"/>.</summary>
        public sealed record Report(int Customers, double MeanWait, double StandardError, double ErlangCWait, double End, TimeSpan Wall);

        /// <summary>Simulates <paramref name="customers"/> customers on the calling thread and prints the result (all but the wall time, so a seed always prints the same).</summary>
        public static Report Run(int customers, int tellers, double arrivalRate, double serviceRate, int seed, TextWriter output)
        {
            double erlangC = ErlangC.MeanWait(tellers, arrivalRate, serviceRate); // also rejects an unstable queue
            Scheduler.VirtualTime = true;
            TimeSpan start = Scheduler.Now;
            var random = new PythonRandom(seed); // Python's generator: the SimPy model draws the same numbers
            var waits = new WaitStatistics(customers);
            var counter = new Channel<TimeSpan>();
            for (int t = 0; t < tellers; t++)
                SpawnTeller(counter, serviceRate, random);
            SpawnArrivals(customers, arrivalRate, counter, waits, random);

            var wall = Stopwatch.StartNew();
            Scheduler.Run(); // until the last customer is served and the tellers go home
            wall.Stop();

            double end = (Scheduler.Now - start).TotalSeconds;
            var report = new Report(waits.Count, waits.Mean, waits.StandardError, erlangC, end, wall.Elapsed);
            output.WriteLine(FormattableString.Invariant(
                $"M/M/{tellers} bank: {customers:N0} customers, arrival rate {arrivalRate}/s, service rate {serviceRate}/s per teller (utilisation {arrivalRate / (tellers * serviceRate):0.000}), seed {seed}"));
            output.WriteLine(FormattableString.Invariant(
                $"mean wait in queue: {report.MeanWait:0.0000} s ± {report.StandardError:0.0000} (simulated; standard error by {WaitStatistics.Batches} batch means)"));
            output.WriteLine(FormattableString.Invariant(
                $"Erlang C:           {erlangC:0.0000} s (exact){(erlangC == 0 ? "" : $", simulated/exact = {report.MeanWait / erlangC:0.000}")}"));
            output.WriteLine(FormattableString.Invariant($"bank time simulated: {end:N1} s"));
            return report;
        }

        /// <summary>Exponentially distributed, mean 1/<paramref name="rate"/>, in whole ticks (100 ns): the clock's resolution.</summary>
        private static TimeSpan Exponential(PythonRandom random, double rate)
            => TimeSpan.FromTicks((long)Math.Round(random.Exponential(rate) * TimeSpan.TicksPerSecond));

        /// <summary>The door: a new customer after each exponential gap (a Poisson process).</summary>
        [Tasklet]
        private static void Arrivals(int customers, double arrivalRate, Channel<TimeSpan> counter, WaitStatistics waits, PythonRandom random)
        {
            for (int i = 0; i < customers; i++)
            {
                Scheduler.Sleep(Exponential(random, arrivalRate));
                SpawnCustomer(counter, waits);
            }
        }

        /// <summary>A customer: queues at the counter until a teller takes it, and notes how long that took.</summary>
        [Tasklet]
        private static void Customer(Channel<TimeSpan> counter, WaitStatistics waits)
        {
            TimeSpan arrived = Scheduler.Now;
            counter.Send(arrived); // blocks behind the customers already waiting, first come first served
            waits.Add(Scheduler.Now - arrived);
            if (waits.AllServed)
                counter.Close(); // the last customer is at a teller: idle tellers go home, busy ones after this service
        }

        /// <summary>A teller: takes the next customer and serves it for an exponential time, until the counter closes.</summary>
        [Tasklet]
        private static void Teller(Channel<TimeSpan> counter, double serviceRate, PythonRandom random)
        {
            foreach (TimeSpan _ in counter)
                Scheduler.Sleep(Exponential(random, serviceRate));
        }
    }
}
