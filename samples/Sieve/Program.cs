using System;
using System.Collections.Generic;
using System.IO;

namespace Stackless.Samples.Sieve
{
    /// <summary>
    /// Go's concurrent prime sieve, as tasklets: a generator tasklet sends 2, 3, 4, … down a channel;
    /// each prime found adds a filter tasklet to the chain that drops the multiples of that prime.
    /// </summary>
    public static partial class Program
    {
        public static void Main(string[] args)
        {
            int count = args.Length > 0 ? int.Parse(args[0]) : 100;
            int[] primes = FirstPrimes(count, out int tasklets);
            Console.WriteLine(string.Join(" ", primes));
            Console.WriteLine($"{primes.Length} primes, {tasklets} tasklets in the chain, all stopped.");
        }

        /// <summary>The first <paramref name="count"/> primes; <paramref name="tasklets"/> is the length of the chain that found them.</summary>
        public static int[] FirstPrimes(int count, out int tasklets)
        {
            var spawned = new List<Tasklet>();
            var numbers = new Channel<int>();
            spawned.Add(SpawnGenerate(numbers));
            var primes = new int[count];
            for (int i = 0; i < count; i++)
            {
                // Main is a tasklet too: its Receive runs the chain until a number reaches the end.
                int prime = numbers.Receive();
                primes[i] = prime;
                var filtered = new Channel<int>();
                spawned.Add(SpawnFilter(numbers, filtered, prime));
                numbers = filtered;
            }

            // Go leaves its goroutines running; here the chain is stopped: Kill raises TaskletExit
            // where each tasklet is blocked, and it ends.
            foreach (Tasklet t in spawned)
                t.Kill();
            foreach (Tasklet t in spawned)
                if (t.IsAlive)
                    throw new InvalidOperationException($"tasklet {t.Id} is still alive after Kill");
            tasklets = spawned.Count;
            return primes;
        }

        /// <summary>Sends 2, 3, 4, … to <paramref name="output"/>, forever.</summary>
        [Tasklet]
        static void Generate(Channel<int> output)
        {
            for (int i = 2; ; i++)
                output.Send(i);
        }

        /// <summary>Passes on the numbers that <paramref name="prime"/> does not divide.</summary>
        [Tasklet]
        static void Filter(Channel<int> input, Channel<int> output, int prime)
        {
            foreach (int i in input)
            {
                if (i % prime != 0)
                    output.Send(i);
            }
        }
    }
}
