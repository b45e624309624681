namespace Stackless.Fuzz.Tests.Oracle
{
    /// <summary>
    /// The budget of a program's watchdog run: a step budget and per-tasklet or total, picked from the program's name
    /// (a stable hash: the same program gets the same budget in every process), so programs spread over small budgets
    /// (an interruption at nearly every slice) and larger ones (deep into long loops).
    /// </summary>
    public sealed class WatchdogBudget
    {
        private static readonly int[] s_steps = { 1, 2, 3, 4, 5, 7, 10, 16, 40, 100, 300 };

        public WatchdogBudget(int steps, bool total)
        {
            Steps = steps;
            Total = total;
        }

        public int Steps { get; }
        public bool Total { get; }

        /// <summary>How many times the run interrupted the program (set by the run).</summary>
        public int Interruptions { get; set; }

        public static WatchdogBudget For(string programName)
        {
            uint h = 2166136261;
            foreach (char ch in programName) h = (h ^ ch) * 16777619;
            return new WatchdogBudget(s_steps[h % (uint)s_steps.Length], (h >> 16) % 3 == 0);
        }

        public override string ToString() => $"budget {Steps} steps{(Total ? " in total" : " per slice")}, {Interruptions} interruptions";
    }
}
