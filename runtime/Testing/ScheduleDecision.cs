namespace Stackless.Testing
{
    /// <summary>What an exploration run chose at one point where the scheduler had a choice.</summary>
    public enum ScheduleDecisionKind
    {
        /// <summary>Which runnable tasklet runs next, at a switch.</summary>
        Switch,

        /// <summary>Which of a select's ready cases fires.</summary>
        Select,

        /// <summary>Which of the timers that fall due together fires first (the clock stays; the others fire at the next idle).</summary>
        Timer,

        /// <summary>The place of one await completion among those delivered together.</summary>
        Await,
    }

    /// <summary>One choice of an exploration run: <see cref="Choice"/> among <see cref="Options"/> (0 is what the ordinary, FIFO scheduler does).</summary>
    /// <param name="Kind">What was chosen.</param>
    /// <param name="Choice">The option taken, from 0: for a switch, how far down the run queue the tasklet that ran was.</param>
    /// <param name="Options">How many options there were (always at least 2: a point with one option is no decision).</param>
    public readonly record struct ScheduleDecision(ScheduleDecisionKind Kind, int Choice, int Options)
    {
        /// <summary>Like <c>switch 1/3</c>.</summary>
        public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} {Choice}/{Options}";
    }
}
