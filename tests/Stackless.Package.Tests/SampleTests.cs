using System;
using System.IO;
using System.Linq;
using Stackless.Samples.HackySack;
using Stackless.Samples.Swarm;
using Xunit;
using HackySackProgram = Stackless.Samples.HackySack.Program;
using SwarmProgram = Stackless.Samples.Swarm.Program;
using DeepRecursionSample = Stackless.Samples.DeepRecursion.Program;
using PingPongSample = Stackless.Samples.PingPong.Program;
using SieveSample = Stackless.Samples.Sieve.Program;
using ThreadRingSample = Stackless.Samples.ThreadRing.Program;
using WorkshopSample = Stackless.Samples.Workshop.Program;
using WorkersSample = Stackless.Samples.Workers.Program;
using BankSample = Stackless.Samples.Bank.Program;

namespace Stackless.Package.Tests
{
    /// <summary>Each sample, run in-process at a small size, with its output checked against what it must be.</summary>
    public sealed class SampleTests
    {
        [Fact]
        public void PingPongAlternatesOverOneChannel()
        {
            var output = new StringWriter();
            int messages = OnFreshThread.Run(() => PingPongSample.Play(3, output));
            Assert.Equal(6, messages);
            // Pong prints what Ping sent, Ping prints Pong's answer: a rendezvous channel forces strict turns.
            Assert.Equal(new[] { "ping 1", "pong 1", "ping 2", "pong 2", "ping 3", "pong 3" }, Lines(output));
        }

        [Fact]
        public void WorkersServeOrDropEveryJobOnce_AndARunReplays()
        {
            var output = new StringWriter();
            WorkersSample.Report report = OnFreshThread.Run(() => WorkersSample.Run(3, 20, output));
            string[] lines = Lines(output);
            // Jobs arrive every 0.5 s and take 1-4 s; three workers cannot keep up, so some jobs find no worker within 1 s.
            Assert.Equal(20, report.Served + report.TimedOut);
            Assert.True(report.Served > 0 && report.TimedOut > 0, $"{report.Served} served, {report.TimedOut} timed out");
            int[] finished = lines.Where(l => l.Contains(" finished job ")).Select(l => int.Parse(l.Split(' ')[^1])).ToArray();
            int[] dropped = lines.Where(l => l.Contains(" timed out")).Select(l => int.Parse(l.Split(' ')[^7])).ToArray();
            Assert.Equal(report.Served, finished.Length);
            Assert.Equal(Enumerable.Range(1, 20), finished.Concat(dropped).OrderBy(j => j)); // each job exactly once
            // The ticker ticks every virtual second until quit closes 5 s after the last job was offered.
            Assert.Equal((int)report.End.TotalSeconds, report.Ticks);
            Assert.Equal(report.Ticks / 3, lines.Count(l => l.Contains(" tick ")));

            var again = new StringWriter();
            OnFreshThread.Run(() => WorkersSample.Run(3, 20, again));
            Assert.Equal(lines, Lines(again)); // virtual time and a fixed seed: the same run
        }

        [Fact]
        public void BankMeanWaitMatchesErlangC_AndASeedReplays()
        {
            // M/M/3 at utilisation 0.8 (the sample's default model), 50,000 customers.
            var output = new StringWriter();
            BankSample.Report report = OnFreshThread.Run(() => BankSample.Run(50_000, 3, 2.4, 1.0, 1, output));
            string[] lines = Lines(output);
            Assert.Equal(50_000, report.Customers);
            // Erlang C by hand for c = 3, a = λ/μ = 2.4: Σ_{k<3} a^k/k! = 1 + 2.4 + 2.88 = 6.28; a^3/3! · 1/(1-ρ) = 2.304 · 5 = 11.52;
            // C = 11.52 / (6.28 + 11.52) = 0.64719…; W_q = C / (cμ − λ) = 0.64719 / 0.6 = 1.07865 s.
            Assert.InRange(report.ErlangCWait, 1.07865, 1.07866);
            // Tolerance: successive waits are correlated, so the sample estimates its standard error by 20 batch means
            // (2,500 customers each, far longer than the queue's memory at ρ = 0.8). |mean − exact| ≤ 4 SE: for a t
            // statistic with 19 degrees of freedom that fails about once in 1,000 seeds. And the SE must be small for the
            // sample size, or the check says nothing: at 1,000,000 customers it is 0.85% of W_q (measured), so ≈ 0.85% · √20
            // ≈ 3.8% at 50,000; 10% leaves room for the batch-means estimate's own scatter.
            Assert.True(report.StandardError <= 0.10 * report.ErlangCWait, $"SE {report.StandardError} for W_q {report.ErlangCWait}");
            Assert.True(Math.Abs(report.MeanWait - report.ErlangCWait) <= 4 * report.StandardError,
                $"mean wait {report.MeanWait} ± {report.StandardError}, Erlang C {report.ErlangCWait}");
            // The bank stays open until the last of 50,000 arrivals (mean gap 1/2.4 s) is served: 20,833 s on average,
            // with a relative SD of 1/√50,000 = 0.45%, plus one service; 2% is more than 4 SDs.
            Assert.InRange(report.End, 0.98 * 50_000 / 2.4, 1.02 * 50_000 / 2.4);
            Assert.Equal("M/M/3 bank: 50,000 customers, arrival rate 2.4/s, service rate 1/s per teller (utilisation 0.800), seed 1", lines[0]);
            Assert.StartsWith($"mean wait in queue: {report.MeanWait.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)} s ± ", lines[1]);
            Assert.StartsWith("Erlang C:           1.0787 s (exact)", lines[2]);

            var again = new StringWriter();
            OnFreshThread.Run(() => BankSample.Run(50_000, 3, 2.4, 1.0, 1, again));
            Assert.Equal(lines, Lines(again)); // virtual time and a seeded RNG: the same run, event for event
            var otherSeed = new StringWriter();
            OnFreshThread.Run(() => BankSample.Run(50_000, 3, 2.4, 1.0, 2, otherSeed));
            Assert.NotEqual(lines[1], Lines(otherSeed)[1]);
        }

        [Fact]
        public void BankRandomIsPythonsRandom()
        {
            // Printed by CPython 3.11: random.Random(1).random() three times, then the 704th draw (past the first
            // regeneration of the 624-word state); random.Random(0).random(); random.Random(12345).expovariate(2.4).
            var one = new Stackless.Samples.Bank.PythonRandom(1);
            Assert.Equal(0.13436424411240122, one.NextDouble());
            Assert.Equal(0.8474337369372327, one.NextDouble());
            Assert.Equal(0.763774618976614, one.NextDouble());
            for (int i = 0; i < 700; i++)
                one.NextDouble();
            Assert.Equal(0.3496147426104088, one.NextDouble());
            Assert.Equal(0.8444218515250481, new Stackless.Samples.Bank.PythonRandom(0).NextDouble());
            Assert.Equal(0.2245484522734656, new Stackless.Samples.Bank.PythonRandom(12345).Exponential(2.4));
        }

        [Fact]
        public void BankSimulatesTheSameCustomersAsSimPy()
        {
            // tests/peers/simpy/bank.py's run(50000, 3, 2.4, 1.0, seed) under SimPy 2.3 (an independent simulator, same
            // random numbers) returned mean wait 1.0910882524519254 s, last event at 20828.666970220867 s (seed 1) and
            // 1.1110814503290776 s, 20846.634595578347 s (seed 2). Ours rounds each delay to the clock's 100 ns, so the
            // two agree to ~1e-6 s, not to the last bit; a different model or order of draws would be off by ~1e-2.
            (int seed, double wait, double end)[] simPy = { (1, 1.0910882524519254, 20828.666970220867), (2, 1.1110814503290776, 20846.634595578347) };
            foreach (var (seed, wait, end) in simPy)
            {
                BankSample.Report report = OnFreshThread.Run(() => BankSample.Run(50_000, 3, 2.4, 1.0, seed, TextWriter.Null));
                Assert.InRange(report.MeanWait, wait - 1e-5, wait + 1e-5);
                Assert.InRange(report.End, end - 1e-3, end + 1e-3);
            }
        }

        [Fact]
        public void SieveFindsTheFirstPrimesAndStopsItsChain()
        {
            (int[] primes, int tasklets) = OnFreshThread.Run(() => (SieveSample.FirstPrimes(10, out int t), t));
            Assert.Equal(new[] { 2, 3, 5, 7, 11, 13, 17, 19, 23, 29 }, primes);
            Assert.Equal(11, tasklets);                // the generator and one filter per prime found

            int[] hundred = OnFreshThread.Run(() => SieveSample.FirstPrimes(100, out _));
            Assert.Equal(541, hundred[99]);            // the 100th prime
            Assert.True(hundred.Zip(hundred.Skip(1)).All(p => p.First < p.Second));
        }

        [Theory]
        // The token starts at N in member 1 and loses 1 per pass, so the member holding value N - k is
        // (k mod 503) + 1, and the one holding 0 is (N mod 503) + 1: 1000 mod 503 = 497, so member 498.
        [InlineData(1000, 498)]
        [InlineData(0, 1)]                             // nobody passes: member 1 holds 0
        [InlineData(1, 2)]
        [InlineData(502, 503)]                         // one short of a full turn
        [InlineData(503, 1)]                           // exactly once around
        [InlineData(1006, 1)]                          // twice around
        public void ThreadRingNamesTheLastHolder(int n, int expected)
        {
            Assert.Equal(expected, OnFreshThread.Run(() => ThreadRingSample.LastHolder(n)));
        }

        [Theory]
        [InlineData(10, 1_000)]
        [InlineData(100_000, 200_000)]
        public void HackySackEndsWithEveryPlayerStopped(int players, long kicks)
        {
            var output = new StringWriter();
            Circle circle = OnFreshThread.Run(() => HackySackProgram.Play(players, kicks, seed: 42, output));
            Assert.Equal(kicks, circle.Kicks);
            Assert.Equal(players, circle.Stopped);
            Assert.Contains($"{players:N0} of {players:N0} players stopped.", output.ToString());
        }

        [Fact]
        public void HackySackIsRepeatableForASeedAndKicksToOthersOnly()
        {
            string Trace(int seed)
            {
                var output = new StringWriter();
                OnFreshThread.Run(() => HackySackProgram.Play(7, 50, seed, output, verbose: true));
                return string.Join("\n", Lines(output).Where(l => l.StartsWith("player", StringComparison.Ordinal)));
            }

            string first = Trace(3);
            Assert.Equal(first, Trace(3));
            Assert.NotEqual(first, Trace(4));
            string[] kicks = first.Split('\n').Where(l => l.Contains("kicks it to", StringComparison.Ordinal)).ToArray();
            Assert.Equal(50, kicks.Length);
            foreach (string kick in kicks)
            {
                // "player 3 got the sack from 5, kicks it to 1"
                string[] words = kick.Split(' ', ',');
                Assert.NotEqual(words[1], words[^1]);
            }
            Assert.EndsWith("game over", first);
        }

        [Fact]
        public void DeepRecursionReachesAMillionFramesAndParksThere()
        {
            var output = new StringWriter();
            long reached = OnFreshThread.Run(() => DeepRecursionSample.Run(1_000_000, output));
            Assert.Equal(1_000_000, reached);
            string text = output.ToString();
            Assert.Contains("reached depth 1,000,000", text);
            Assert.Contains("the tasklet returned 1,001,000,000", text);   // 1,000,000,000 sent to the bottom + 1 per frame
            // As ordinary code the same recursion runs out of a 1 MiB stack long before.
            Assert.True(DeepRecursionSample.OrdinaryDepthOnThread(1_000_000, 1 << 20) < 1_000_000);
        }

        [Fact]
        public void SwarmAccountsForEveryAgentAndIsRepeatable()
        {
            const int agents = 2_000, ticks = 25;
            World world = OnFreshThread.Run(() => SwarmProgram.Simulate(agents, ticks, seed: 7, TextWriter.Null));
            Assert.Equal(agents, world.Population[0]);
            for (int t = 0; t + 1 < ticks; t++)
                Assert.Equal(world.Population[t] - world.Deaths[t] + world.Births[t], world.Population[t + 1]);
            Assert.Equal(world.Population[^1] - world.Deaths[^1] + world.Births[^1], world.Survivors);
            Assert.Equal(world.Population.Sum(), world.Turns);
            Assert.Equal(0, world.Running);            // every agent tasklet has ended
            Assert.True(world.Births.Sum() > 0 && world.Deaths.Sum() > 0, "the ecology should both breed and starve");

            World again = OnFreshThread.Run(() => SwarmProgram.Simulate(agents, ticks, seed: 7, TextWriter.Null));
            Assert.Equal(world.Population, again.Population);
            Assert.Equal(world.Births, again.Births);
        }

        private static string[] Lines(StringWriter output) =>
            output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

        [Fact]
        public void WorkshopCallsAndOverridesTheTaskletsOfAnotherAssembly()
        {
            // Built by MSBuild as two projects: samples/Pipelines (the library) and samples/Workshop. Multiples of 3 in
            // 1..30 that the inspector approves (not multiples of 9): 3 + 6 + 12 + 15 + 21 + 24 + 30 = 111.
            var output = new StringWriter();
            WorkshopSample.Report report = OnFreshThread.Run(() => WorkshopSample.Execute(30, output));
            Assert.Equal(111, report.Sum);
            Assert.Equal(30, report.Seen);          // base.Accept (the library's override) ran once per value
            Assert.Equal(7, report.Approved);
            Assert.Equal(10, report.Log.Count);     // one question per multiple of 3, in order
            Assert.Equal("inspector: 3 approved", report.Log[0]);
            Assert.Equal("inspector: 9 rejected", report.Log[2]);
            Assert.Equal("inspector: 30 approved", report.Log[9]);
        }
    }
}
