using System;

namespace Stackless.Testing
{
    /// <summary>How <see cref="TaskletExplorer.Explore(Action, ExplorationOptions)"/> explores.</summary>
    public sealed class ExplorationOptions
    {
        private int runs = 1000;
        private int maxSteps = 100_000;
        private int maxStepsWithoutSwitch = 10_000_000;
        private TimeSpan runTimeout = TimeSpan.FromSeconds(30);

        /// <summary>How many schedules to try (default 1,000); exploration stops at the first that fails.</summary>
        /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
        public int Runs
        {
            get => runs;
            set => runs = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Runs must be positive.");
        }

        /// <summary>The seed every run's own seed is derived from, with the run's number (default 1).</summary>
        public int Seed { get; set; } = 1;

        /// <summary>
        /// A run that takes more steps than this (switches and timer firings) fails with a <see cref="TimeoutException"/>:
        /// it runs forever under that schedule. Default 100,000.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
        public int MaxSteps
        {
            get => maxSteps;
            set => maxSteps = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxSteps must be positive.");
        }

        /// <summary>
        /// A tasklet that takes more steps than this without a switch fails the run with a <see cref="TimeoutException"/>
        /// and is paused. Steps here are the watchdog's (<c>Scheduler.Run(int steps)</c>): the checks the generator puts at
        /// loop back-edges and [Tasklet] method entries (none in <c>[Tasklet(Preemptible = false)]</c> methods nor in
        /// ordinary code, which only <see cref="RunTimeout"/> stops). Default 10,000,000.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
        public int MaxStepsWithoutSwitch
        {
            get => maxStepsWithoutSwitch;
            set => maxStepsWithoutSwitch = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxStepsWithoutSwitch must be positive.");
        }

        /// <summary>
        /// A run that has not ended after this much real time fails (a loop that never reaches a suspension point, or an
        /// await of something that never completes). Default 30 s. Its thread cannot be stopped and is left to run in the background.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
        public TimeSpan RunTimeout
        {
            get => runTimeout;
            set => runTimeout = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "RunTimeout must be positive.");
        }

        /// <summary>After a failure, look for a shorter schedule that fails the same way (default true).</summary>
        public bool Shrink { get; set; } = true;
    }
}
