using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Stackless.Testing
{
    /// <summary>
    /// The decisions of one exploration run, in order. Replayed by <see cref="TaskletExplorer.Replay(Action, ExplorationSchedule)"/>:
    /// these choices, then FIFO (choice 0) at every later decision. <see cref="ToString"/> and <see cref="Parse"/> round-trip,
    /// so a schedule can be pasted into a test.
    /// </summary>
    public sealed class ExplorationSchedule
    {
        private readonly ScheduleDecision[] decisions;

        /// <summary>A schedule of these decisions.</summary>
        public ExplorationSchedule(IEnumerable<ScheduleDecision> decisions)
        {
            if (decisions is null) throw new ArgumentNullException(nameof(decisions));
            this.decisions = decisions.ToArray();
        }

        /// <summary>The decisions, in the order they were made.</summary>
        public IReadOnlyList<ScheduleDecision> Decisions => decisions;

        /// <summary>The number of decisions.</summary>
        public int Count => decisions.Length;

        /// <summary>How many decisions differ from what the ordinary FIFO scheduler does (choice ≠ 0).</summary>
        public int Deviations => decisions.Count(d => d.Choice != 0);

        /// <summary>The choices alone, in order.</summary>
        public int[] Choices() => decisions.Select(d => d.Choice).ToArray();

        /// <summary>The choices, comma-separated (<c>0,2,1</c>); empty for the ordinary schedule. <see cref="Parse"/> reads it back.</summary>
        public override string ToString() => string.Join(",", decisions.Select(d => d.Choice.ToString(CultureInfo.InvariantCulture)));

        /// <summary>Reads choices written by <see cref="ToString"/> (<c>0,2,1</c>): a schedule that replays them, then FIFO.</summary>
        /// <exception cref="FormatException">Not a comma-separated list of non-negative integers.</exception>
        public static ExplorationSchedule Parse(string choices)
        {
            if (choices is null) throw new ArgumentNullException(nameof(choices));
            if (choices.Trim().Length == 0)
                return new ExplorationSchedule(Array.Empty<ScheduleDecision>());
            var list = new List<ScheduleDecision>();
            foreach (string part in choices.Split(','))
            {
                if (!int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int c))
                    throw new FormatException($"'{part.Trim()}' is not a choice: a schedule is a comma-separated list of non-negative integers, like \"0,2,1\".");
                list.Add(new ScheduleDecision(ScheduleDecisionKind.Switch, c, c + 1)); // kind and options are the run's to say
            }
            return new ExplorationSchedule(list);
        }
    }
}
