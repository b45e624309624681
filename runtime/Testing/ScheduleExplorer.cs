using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace Stackless.Testing
{
    /// <summary>
    /// The decision source of one exploration run, consulted by its thread's scheduler: random choices from the run's
    /// seed, or a given list of choices followed by FIFO (choice 0). Records every decision, and counts steps
    /// (switches and timer firings) against the run's budget.
    /// </summary>
    /// <remarks>
    /// Invariants: used only on the run's thread, except <see cref="Abandon"/> (the controlling thread, once the run's
    /// real-time limit has passed). A point with a single option is no decision and draws nothing, so a replayed
    /// list of choices lines up with the run that recorded it.
    /// </remarks>
    internal sealed class ScheduleExplorer
    {
        private SeededRandom random;
        private readonly int[]? choices;
        private readonly int maxSteps;
        private readonly TimeSpan timeLimit;
        private volatile bool abandoned;

        internal readonly List<ScheduleDecision> Decisions = new List<ScheduleDecision>();

        /// <summary>The tasklet the trampoline resumed last (null after an idle): another at the head means a switch.</summary>
        internal Tasklet? lastRan;

        /// <param name="seed">The run's seed: its random choices, and the scheduler's <see cref="Scheduler.Seed"/>.</param>
        /// <param name="choices">When not null, these choices (each taken modulo the options there) and then 0 for every later decision, instead of random ones.</param>
        /// <param name="maxSteps">The step budget (switches and timer firings).</param>
        /// <param name="timeLimit">The real-time limit the controlling thread enforces (for the message).</param>
        /// <param name="maxStepsWithoutSwitch">The watchdog's steps (loop back-edges, [Tasklet] entries) a tasklet may take between two switches.</param>
        internal ScheduleExplorer(int seed, int[]? choices, int maxSteps, TimeSpan timeLimit, int maxStepsWithoutSwitch = int.MaxValue)
        {
            MaxStepsWithoutSwitch = maxStepsWithoutSwitch;
            Debug.Assert(maxSteps > 0);
            Seed = seed;
            random = new SeededRandom(seed);
            this.choices = choices;
            this.maxSteps = maxSteps;
            this.timeLimit = timeLimit;
        }

        /// <summary>The target of an explicit switch (<c>Run()</c>, <c>Throw()</c>, <c>Kill()</c>): it runs next, with no decision.</summary>
        internal Tasklet? forced;

        /// <summary><paramref name="target"/> was put at the head by an explicit switch: the next switch runs it.</summary>
        internal void RunsNext(Tasklet target) => forced = target;

        internal int Seed { get; }

        /// <summary>The watchdog's steps (loop back-edges, [Tasklet] entries) a tasklet may take between two switches.</summary>
        internal int MaxStepsWithoutSwitch { get; }

        /// <summary>Steps taken so far (switches and timer firings).</summary>
        internal int Steps { get; private set; }

        internal bool Abandoned => abandoned;

        /// <summary>The controlling thread gives up on the run (its real-time limit passed): the next step fails.</summary>
        internal void Abandon() => abandoned = true;

        /// <summary>Counts a step; false when the budget is spent (or the run was abandoned), and the run must end.</summary>
        internal bool Step()
        {
            if (abandoned || Steps >= maxSteps)
                return false;
            Steps++;
            return true;
        }

        /// <summary>Chooses one of <paramref name="options"/> (0 = FIFO) and records it if there was a choice.</summary>
        internal int Choose(int options, ScheduleDecisionKind kind)
        {
            if (options <= 1)
                return 0;
            int i = Decisions.Count;
            int c;
            if (choices == null)
                c = random.Next(options);
            else
                c = i < choices.Length ? choices[i] % options : 0;
            Decisions.Add(new ScheduleDecision(kind, c, options));
            return c;
        }

        /// <summary>The error of a run whose tasklet <paramref name="t"/> never switched, raised in its main tasklet.</summary>
        internal Exception NoSwitchError(Tasklet t) =>
            new TimeoutException($"The scenario did not finish: {t} took {MaxStepsWithoutSwitch:N0} steps (loop back-edges and [Tasklet] calls) without a switch; it is paused. " +
                "(ExplorationOptions.MaxStepsWithoutSwitch)");

        /// <summary>The error a run that did not finish ends with, raised in its main tasklet.</summary>
        internal Exception StepLimitError() => abandoned
            ? new TimeoutException($"The scenario did not finish in {timeLimit.TotalSeconds:0.###} s of real time (after {Steps:N0} steps and {Decisions.Count:N0} decisions).")
            : new TimeoutException($"The scenario did not finish in {maxSteps:N0} steps (switches and timer firings; {Decisions.Count:N0} decisions): it runs forever under this schedule, or longer than ExplorationOptions.MaxSteps.");
    }
}
