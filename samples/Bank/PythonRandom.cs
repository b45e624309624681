using System;

namespace Stackless.Samples.Bank
{
    /// <summary>
    /// The random numbers of Python's <c>random.Random(seed)</c>: the Mersenne Twister MT19937, seeded as CPython seeds
    /// it from an integer (<c>init_by_array</c> over the seed's 32-bit words), and <see cref="NextDouble"/> as its
    /// <c>random()</c> (53 bits from two draws). Why the sample does not use <see cref="Random"/>: the SimPy version of
    /// this model (<c>tests/peers/simpy/bank.py</c>) then draws exactly the same numbers for the same seed, so the two
    /// simulate the same customers and their mean waits agree to the clock's resolution — the comparison checks that
    /// both ran the same model, not just two models with the same statistics.
    /// </summary>
    /// <remarks>Invariant: <c>next</c> is in [0, 624]; at 624 the state is used up and the next draw regenerates it.</remarks>
    public sealed class PythonRandom
    {
        private const int N = 624;
        private const int M = 397;
        private const uint MatrixA = 0x9908b0df;
        private const uint UpperMask = 0x80000000;
        private const uint LowerMask = 0x7fffffff;

        private readonly uint[] state = new uint[N];
        private int next;

        /// <summary>As Python's <c>random.Random(seed)</c> for a non-negative integer seed.</summary>
        public PythonRandom(int seed)
        {
            if (seed < 0) throw new ArgumentOutOfRangeException(nameof(seed), "Python seeds by the absolute value; use a non-negative seed");
            // A non-negative int below 2^32 is one 32-bit word (0 included: CPython's key is then [0]).
            SeedByArray((uint)seed);
        }

        /// <summary>Python's <c>random()</c>: a double in [0, 1) with 53 random bits.</summary>
        public double NextDouble()
        {
            uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
            return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
        }

        /// <summary>Python's <c>expovariate(rate)</c>: <c>-log(1 - random()) / rate</c>.</summary>
        public double Exponential(double rate) => -Math.Log(1.0 - NextDouble()) / rate;

        private uint NextUInt32()
        {
            if (next >= N)
                Regenerate();
            uint y = state[next++];
            // Tempering.
            y ^= y >> 11;
            y ^= (y << 7) & 0x9d2c5680;
            y ^= (y << 15) & 0xefc60000;
            y ^= y >> 18;
            return y;
        }

        private void Regenerate()
        {
            uint[] mt = state;
            int k;
            for (k = 0; k < N - M; k++)
                mt[k] = mt[k + M] ^ Twist(mt[k], mt[k + 1]);
            for (; k < N - 1; k++)
                mt[k] = mt[k + (M - N)] ^ Twist(mt[k], mt[k + 1]);
            mt[N - 1] = mt[M - 1] ^ Twist(mt[N - 1], mt[0]);
            next = 0;
        }

        private static uint Twist(uint upper, uint lower)
        {
            uint y = (upper & UpperMask) | (lower & LowerMask);
            return (y >> 1) ^ ((0u - (y & 1)) & MatrixA); // MatrixA if y is odd, without a branch on a random bit
        }

        private void InitByValue(uint s)
        {
            uint[] mt = state;
            mt[0] = s;
            for (int i = 1; i < N; i++)
                mt[i] = 1812433253u * (mt[i - 1] ^ (mt[i - 1] >> 30)) + (uint)i;
            next = N;
        }

        /// <summary>MT19937's <c>init_by_array</c> with a one-word key, as CPython's <c>random_seed</c> calls it.</summary>
        private void SeedByArray(uint key)
        {
            InitByValue(19650218u);
            uint[] mt = state;
            int i = 1;
            for (int k = N; k > 0; k--)
            {
                // The key has one word, so its index j is always 0.
                mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525u)) + key;
                if (++i >= N)
                {
                    mt[0] = mt[N - 1];
                    i = 1;
                }
            }
            for (int k = N - 1; k > 0; k--)
            {
                mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941u)) - (uint)i;
                if (++i >= N)
                {
                    mt[0] = mt[N - 1];
                    i = 1;
                }
            }
            mt[0] = 0x80000000u; // nonzero initial state
        }
    }
}
