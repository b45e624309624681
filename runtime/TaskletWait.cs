using System;
using System.Text;

namespace Stackless
{
    /// <summary>
    /// Where a tasklet waits (<see cref="Tasklet.WaitingOn"/>): a snapshot taken when it was asked for, on the scheduler's clock
    /// (<see cref="Scheduler.Now"/>).
    /// </summary>
    public sealed class TaskletWait
    {
        internal TaskletWait(TaskletWaitKind kind, object? channel, TimeSpan? since, TimeSpan? until)
        {
            Kind = kind;
            Channel = channel;
            Since = since;
            Until = until;
        }

        /// <summary>What it waits for.</summary>
        public TaskletWaitKind Kind { get; }

        /// <summary>The <see cref="Channel{T}"/> of a <see cref="TaskletWaitKind.Send"/> or <see cref="TaskletWaitKind.Receive"/>, and of a select over one channel; else null.</summary>
        public object? Channel { get; }

        /// <summary>
        /// When the wait began, where that is known without a cost on the switch path: an await (recorded when it parks, which
        /// already allocates), a select with a timeout and a timed <c>TryReceive</c>/<c>TrySend</c> (its due time less its
        /// timeout). Null for plain channel waits, sleeps and pauses: recording a time there would read the clock on every park.
        /// </summary>
        public TimeSpan? Since { get; }

        /// <summary>When a timer ends the wait: a sleep's wake-up, a select's or a timed operation's timeout. Null when no timer will.</summary>
        public TimeSpan? Until { get; }

        /// <summary>Describes the wait: <c>Receive on Channel&lt;Int32&gt;</c>, <c>Sleep until 00:00:01.5000000</c>, <c>Await since 00:00:00.2000000</c>.</summary>
        public override string ToString()
        {
            var sb = new StringBuilder(Kind.ToString());
            if (Channel != null)
                sb.Append(" on ").Append(TypeNames.Describe(Channel));
            if (Since is TimeSpan s)
                sb.Append(" since ").Append(s.ToString());
            if (Until is TimeSpan u)
                sb.Append(" until ").Append(u.ToString());
            return sb.ToString();
        }
    }
}
