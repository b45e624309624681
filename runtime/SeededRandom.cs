using System.Diagnostics;

namespace Stackless
{
    /// <summary>
    /// The scheduler's random source (<see cref="Scheduler.Seed"/>): SplitMix64, so a seed replays the same
    /// choices. Not for security; cheap enough to draw once per select that has a choice to make.
    /// </summary>
    internal struct SeededRandom
    {
        private ulong state;

        internal SeededRandom(int seed)
        {
            Seed = seed;
            state = (ulong)(uint)seed;
        }

        /// <summary>The seed this source started from (it replays when set again).</summary>
        internal int Seed { get; }

        /// <summary>A number in [0, <paramref name="n"/>), uniform up to 2⁻³² (Lemire's multiply-shift of the high half).</summary>
        internal int Next(int n)
        {
            Debug.Assert(n > 0);
            ulong z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(((z >> 32) * (ulong)(uint)n) >> 32);
        }
    }
}
