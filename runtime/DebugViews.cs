using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace Stackless
{
    // What a debugger shows for tasklets, channels and the scheduler. A debugger evaluates these on the thread it stopped,
    // which may not own the object: the views then say so instead of throwing, and read nothing another thread could be changing.

    [DebuggerDisplay("{DebuggerDisplay,nq}")]
    [DebuggerTypeProxy(typeof(ChannelDebugView))]
    public sealed partial class Channel<T>
    {
        [DebuggerBrowsable(DebuggerBrowsableState.Never)]
        private string DebuggerDisplay =>
            $"Channel<{TypeNames.Friendly(typeof(T))}> balance {balance}" +
            (balance > 0 ? $" ({balance} sender{(balance == 1 ? "" : "s")} waiting)" : balance < 0 ? $" ({-balance} receiver{(balance == -1 ? "" : "s")} waiting)" : "") +
            (closing ? (balance == 0 ? ", closed" : ", closing") : "");
    }

    [DebuggerDisplay("{DebuggerDisplay,nq}")]
    [DebuggerTypeProxy(typeof(SchedulerDebugView))]
    internal sealed partial class ThreadScheduler
    {
        [DebuggerBrowsable(DebuggerBrowsableState.Never)]
        private string DebuggerDisplay => $"scheduler of thread {ThreadId}: {runCount} runnable, {timers.Count} timer{(timers.Count == 1 ? "" : "s")}, {pendingExternal} pending";
    }

    /// <summary>The debugger's view of a tasklet: its wait, its frames, its scheduler.</summary>
    internal sealed class TaskletDebugView
    {
        private readonly Tasklet tasklet;

        public TaskletDebugView(Tasklet tasklet) => this.tasklet = tasklet;

        public int Id => tasklet.Id;

        public string? Name => tasklet.Name;

        public string State => tasklet.ToString();

        /// <summary>The wait, or why it cannot be read here.</summary>
        public object? WaitingOn => OnOwnThread(out string? why) ? tasklet.WaitingOn : why;

        /// <summary>The frames, innermost first.</summary>
        public TaskletFrameInfo[] Frames => OnOwnThread(out _) ? new List<TaskletFrameInfo>(tasklet.Frames).ToArray() : Array.Empty<TaskletFrameInfo>();

        /// <summary>The tasklet's scheduler (shown through its own view).</summary>
        public object? Scheduler => tasklet.scheduler;

        private bool OnOwnThread(out string? why)
        {
            ThreadScheduler? s = tasklet.scheduler;
            if (tasklet.status != TaskletStatus.Alive || s == null || s.ThreadId == Environment.CurrentManagedThreadId)
            {
                why = null;
                return true;
            }
            why = $"(on thread {s.ThreadId}; the debugger is on thread {Environment.CurrentManagedThreadId})";
            return false;
        }
    }

    /// <summary>The debugger's view of a channel: its balance and the tasklets waiting on it, first first.</summary>
    internal sealed class ChannelDebugView
    {
        private readonly ChannelCore channel;

        public ChannelDebugView(ChannelCore channel) => this.channel = channel;

        public int Balance => channel.balance;

        public string Waiting => channel.balance > 0 ? "senders" : channel.balance < 0 ? "receivers" : "nobody";

        public bool IsClosing => channel.closing;

        public Tasklet[] Waiters
        {
            get
            {
                ThreadScheduler? s = channel.owner;
                if (s != null && s.ThreadId != Environment.CurrentManagedThreadId)
                    return Array.Empty<Tasklet>(); // another thread's ring may be changing
                var waiters = new List<Tasklet>();
                channel.CollectWaiters(waiters);
                return waiters.ToArray();
            }
        }
    }

    /// <summary>The debugger's view of a thread's scheduler: its tasklets and the dump.</summary>
    internal sealed class SchedulerDebugView
    {
        private readonly ThreadScheduler scheduler;

        public SchedulerDebugView(ThreadScheduler scheduler) => this.scheduler = scheduler;

        public int ThreadId => scheduler.ThreadId;

        public int RunCount => scheduler.runCount;

        public Tasklet Current => scheduler.Current;

        /// <summary>The leak count (on another thread: as the scheduler's last census left it).</summary>
        public long CollectedWhileBlocked => scheduler.ThreadId == Environment.CurrentManagedThreadId ? scheduler.CountCollectedWhileBlocked() : scheduler.collectedWhileBlocked;

        /// <summary>Every reachable tasklet (on the scheduler's own thread only).</summary>
        public Tasklet[] Tasklets => scheduler.ThreadId == Environment.CurrentManagedThreadId ? scheduler.Census() : Array.Empty<Tasklet>();

        /// <summary>The <see cref="Stackless.Scheduler.Dump"/> text, or why it cannot be read here.</summary>
        public string Dump
        {
            get
            {
                try
                {
                    var w = new StringWriter();
                    scheduler.Dump(w);
                    return w.ToString();
                }
                catch (InvalidOperationException e)
                {
                    return e.Message;
                }
            }
        }

        /// <summary>The dump itself, throwing on another thread (for tests of that rule).</summary>
        internal void DumpTo(TextWriter writer) => scheduler.Dump(writer);
    }
}
