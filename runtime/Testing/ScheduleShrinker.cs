using System;
using System.Linq;

namespace Stackless.Testing
{
    /// <summary>
    /// Shrinks a failing run's schedule: the shortest prefix of its choices that, followed by FIFO, still fails with the
    /// same type of exception; then each remaining choice set back to FIFO where the failure stays.
    /// </summary>
    /// <remarks>
    /// Failing is not monotone in the prefix length, so the search (doubling, then bisecting between a passing and a
    /// failing length) finds a short failing prefix, not always the shortest; every schedule it reports failed when replayed.
    /// A choice replayed where the run now has fewer options is taken modulo their number, so any list is a schedule.
    /// </remarks>
    internal static class ScheduleShrinker
    {
        /// <summary>The shrunk schedule (null if the failure does not replay) and the number of replays it took.</summary>
        internal static (ExplorationSchedule? Schedule, int Replays) Shrink(ExplorationRun failing, Func<int[], ExplorationRun> replay)
        {
            Type failure = failing.Exception!.GetType();
            int[] full = failing.Schedule.Choices();
            int replays = 0;
            ExplorationRun? best = null;

            bool Fails(int[] choices)
            {
                replays++;
                ExplorationRun run = replay(choices);
                if (run.Exception?.GetType() != failure)
                    return false;
                best = run;
                return true;
            }

            // The shortest failing prefix: 0, 1, 2, 4, … choices, then bisect.
            int passing = -1, failingLength = -1;
            for (int k = 0; ; k = k == 0 ? 1 : k * 2)
            {
                int length = Math.Min(k, full.Length);
                if (Fails(full[..length]))
                {
                    failingLength = length;
                    break;
                }
                passing = length;
                if (length == full.Length)
                    return (null, replays); // not even the whole schedule fails again: the scenario is not deterministic
            }
            ExplorationRun atFailing = best!;
            while (failingLength - passing > 1)
            {
                int mid = passing + (failingLength - passing) / 2;
                if (Fails(full[..mid]))
                {
                    failingLength = mid;
                    atFailing = best!;
                }
                else
                {
                    passing = mid;
                }
            }
            best = atFailing;

            // Each choice left back to FIFO, last first, while the failure stays.
            int[] prefix = best.Schedule.Choices().Take(failingLength).ToArray();
            for (int i = prefix.Length - 1; i >= 0; i--)
            {
                if (prefix[i] == 0)
                    continue;
                int[] trial = (int[])prefix.Clone();
                trial[i] = 0;
                if (Fails(trial))
                    prefix = best!.Schedule.Choices().Take(prefix.Length).ToArray();
            }

            // What the last failing replay chose, without the FIFO tail (a schedule replays its choices, then FIFO).
            var decisions = best!.Schedule.Decisions.Take(prefix.Length).ToList();
            while (decisions.Count > 0 && decisions[^1].Choice == 0)
                decisions.RemoveAt(decisions.Count - 1);
            return (new ExplorationSchedule(decisions), replays);
        }
    }
}
