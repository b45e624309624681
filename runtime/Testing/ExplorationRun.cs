using System;

namespace Stackless.Testing
{
    /// <summary>What one exploration run did: its schedule, its steps, and how it ended.</summary>
    public sealed class ExplorationRun
    {
        internal ExplorationRun(int? seed, ExplorationSchedule schedule, int steps, Exception? exception)
        {
            Seed = seed;
            Schedule = schedule;
            Steps = steps;
            Exception = exception;
        }

        /// <summary>The run's seed, or null when it replayed a given schedule.</summary>
        public int? Seed { get; }

        /// <summary>Every decision the run made, in order.</summary>
        public ExplorationSchedule Schedule { get; }

        /// <summary>The steps it took (switches and timer firings).</summary>
        public int Steps { get; }

        /// <summary>The exception the scenario ended with (or a tasklet left unreported), or null if it passed.</summary>
        public Exception? Exception { get; }

        /// <summary>True if the scenario threw.</summary>
        public bool Failed => Exception != null;
    }
}
