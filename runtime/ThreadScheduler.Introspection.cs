using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;

namespace Stackless
{
    // Seeing inside a scheduler: every reachable tasklet, where each waits, the dump, the leak count.
    //
    // Invariants (what makes Tasklets complete at no cost to spawn, switch or park):
    // - An alive tasklet is in exactly one of: the run queue (links, or the spawn queue), the timer heap (a sleeper, or a select/timed operation
    //   through its TimedWake), the parked awaits (awaits list), the waiter ring of a channel that has ever had a waiter
    //   (watched, weakly), or nowhere the scheduler looks (paused, sleeping forever, a select on nothing but an infinite
    //   timeout), which are rare parks registered in rareParks when they happen. The census is the union of those.
    // - Nothing here keeps a tasklet alive that was collectable before, except parked awaits (their task's continuation held
    //   them already, and the scheduler waits for them as pending work). A channel is watched through a weak table whose value,
    //   a ChannelWatch, has a finalizer: when the channel becomes garbage with tasklets still waiting in it, the finalizer
    //   counts them (they are garbage too: a reachable waiter would keep its channel reachable through blockedOn). The
    //   rare parks are counted the same way. So a leaked tasklet still goes away, one collection later, and is counted.
    // - Watching a channel costs one table entry the first time a tasklet waits on it (its waiter ring grows from empty);
    //   a rare park costs one entry when it happens. Spawn, switch, block and wake cost nothing more.
    internal sealed partial class ThreadScheduler
    {
        /// <summary>The parked awaits, newest first (linked through the nodes, so no allocation).</summary>
        internal AwaitNode? awaits;

        /// <summary>Every channel a tasklet of this scheduler has waited on, weakly: the census reads their waiters.</summary>
        private ConditionalWeakTable<ChannelCore, ParkWatch>? watchedChannels;

        /// <summary>Tasklets parked where the scheduler does not look (paused, sleeping forever), weakly, once each.</summary>
        private ConditionalWeakTable<Tasklet, ParkWatch>? rareParks;

        /// <summary>Tasklets collected while blocked on a channel nobody could reach, paused or sleeping forever (finalizer thread: Interlocked).</summary>
        internal long collectedWhileBlocked;

        internal void AddParkedAwait(AwaitNode node)
        {
            node.prevParked = null;
            node.nextParked = awaits;
            if (awaits != null)
                awaits.prevParked = node;
            awaits = node;
        }

        internal void RemoveParkedAwait(AwaitNode node)
        {
            if (node.prevParked != null)
                node.prevParked.nextParked = node.nextParked;
            else if (awaits == node)
                awaits = node.nextParked;
            if (node.nextParked != null)
                node.nextParked.prevParked = node.prevParked;
            node.prevParked = node.nextParked = null;
        }

        /// <summary>The first time a tasklet waits on <paramref name="channel"/> (its waiter ring grows from empty): watch it.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal void WatchChannel(ChannelCore channel)
        {
            ConditionalWeakTable<ChannelCore, ParkWatch> table = watchedChannels ??= new ConditionalWeakTable<ChannelCore, ParkWatch>();
            if (!table.TryGetValue(channel, out _))
                table.Add(channel, new ParkWatch(this, channel));
        }

        /// <summary>
        /// <paramref name="t"/> was just parked where the scheduler does not look: paused (<see cref="Tasklet.Remove"/>, a frame's
        /// <c>ScheduleRemove</c>, a watchdog's interruption), asleep forever, or in a select that only an infinite timeout ends.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal void NoteRarePark(Tasklet t)
        {
            if (t == Main || t.id <= 0)
                return; // main is always listed; the poller and other threads' async operations are no tasklets to the user
            ConditionalWeakTable<Tasklet, ParkWatch> table = rareParks ??= new ConditionalWeakTable<Tasklet, ParkWatch>();
            if (!table.TryGetValue(t, out _))
                table.Add(t, new ParkWatch(this, t));
        }

        // ---- the census ----

        /// <summary>Every alive tasklet of this scheduler that is still reachable, main first, then by id.</summary>
        internal Tasklet[] Census()
        {
            RequireOwnThread("Scheduler.Tasklets");
            var seen = new HashSet<Tasklet>(ReferenceEqualityComparer.Instance);
            var found = new List<Tasklet>();
            void Add(Tasklet? t)
            {
                if (t != null && t.status == TaskletStatus.Alive && t.scheduler == this && !t.nested && (t == Main || t.id > 0) && seen.Add(t))
                    found.Add(t);
            }

            Add(Main);
            for (int i = 0; i < slotCount && i < links.Length; i++)
                Add(links[i].tasklet);
            if (spawnQueue != null && spawnQueue.count > 0)
            {
                var queued = new List<Tasklet>();
                spawnQueue.CollectQueued(queued);
                foreach (Tasklet t in queued)
                    Add(t);
            }
            var targets = new List<object>();
            timers.CollectTargets(targets);
            foreach (object target in targets)
                Add(target as Tasklet ?? (target as TimedWake)?.WaitingTasklet);
            for (AwaitNode? n = awaits; n != null; n = n.nextParked)
                Add(n.Waiter);
            if (watchedChannels != null)
            {
                var waiters = new List<Tasklet>();
                foreach (KeyValuePair<ChannelCore, ParkWatch> kv in (IEnumerable<KeyValuePair<ChannelCore, ParkWatch>>)watchedChannels)
                {
                    if (kv.Value.Counted)
                        continue; // garbage already, being finalized
                    waiters.Clear();
                    kv.Key.CollectWaiters(waiters);
                    foreach (Tasklet t in waiters)
                        Add(t);
                }
            }
            if (rareParks != null)
            {
                foreach (KeyValuePair<Tasklet, ParkWatch> kv in (IEnumerable<KeyValuePair<Tasklet, ParkWatch>>)rareParks)
                    if (!kv.Value.Counted)
                        Add(kv.Key);
            }
            if (tracked != null)
            {
                foreach (Tasklet t in tracked)
                    Add(t);
            }
            found.Sort(static (a, b) => a.IsMain ? (b.IsMain ? 0 : -1) : b.IsMain ? 1 : a.id.CompareTo(b.id));
            return found.ToArray();
        }

        private void RequireOwnThread(string what)
        {
            if (Environment.CurrentManagedThreadId != ThreadId)
                throw new InvalidOperationException($"{what} reads the scheduler of thread {ThreadId} and must be called on that thread (this is thread {Environment.CurrentManagedThreadId}).");
        }

        // ---- where a tasklet waits ----

        /// <summary>Where <paramref name="t"/>, an alive tasklet of this scheduler, waits; null when it is runnable or running.</summary>
        internal TaskletWait? WaitOf(Tasklet t)
        {
            Debug.Assert(t.status == TaskletStatus.Alive);
            if (t.inRunQueue || t == Current)
                return null;
            return WaitOfParked(t);
        }

        /// <summary>Where <paramref name="t"/>, which is neither runnable nor running, waits.</summary>
        internal TaskletWait WaitOfParked(Tasklet t)
        {
            if (t.transferKind == TransferKind.Select && t.transferObj is Select select)
                return select.DescribeWait(this);
            if (t.blockedOn is ChannelCore channel)
                return new TaskletWait(channel.balance > 0 ? TaskletWaitKind.Send : TaskletWaitKind.Receive, channel, null, null);
            if (t.IsSleeping)
            {
                TimeSpan? until = t.slot == SleepingForever ? null : TimeSpan.FromTicks(timers.DueOf(-2 - t.slot));
                return new TaskletWait(TaskletWaitKind.Sleep, null, null, until);
            }
            if (t.transferKind == TransferKind.Await && t.transferObj is AwaitNode node)
                return new TaskletWait(TaskletWaitKind.Await, null, TimeSpan.FromTicks(node.parkedAt), null);
            return new TaskletWait(TaskletWaitKind.Paused, null, null, null);
        }

        // ---- the dump ----

        /// <summary>Writes every reachable tasklet Go-style (state, wait, frames), then the leak count.</summary>
        internal void Dump(TextWriter writer)
        {
            if (writer is null) throw new ArgumentNullException(nameof(writer));
            RequireOwnThread("Scheduler.Dump");
            Tasklet[] all = Census();
            writer.WriteLine($"Stackless scheduler of thread {ThreadId}: {all.Length} tasklet{(all.Length == 1 ? "" : "s")}, clock {TimeSpan.FromTicks(NowTicks)}{(virtualTime ? " (virtual)" : "")}");
            foreach (Tasklet t in all)
            {
                writer.WriteLine();
                writer.Write(Header(t));
                writer.WriteLine(t.IsMain ? "" : ":");
                foreach (TaskletFrameInfo f in t.Frames)
                {
                    writer.WriteLine(f.Method);
                    if (f.File != null)
                        writer.WriteLine(f.Line > 0 ? $"\t{f.File}:{f.Line}" : $"\t{f.File}");
                }
            }
            writer.WriteLine();
            long collected = Interlocked.Read(ref collectedWhileBlocked);
            writer.WriteLine($"collected while blocked: {collected} tasklet{(collected == 1 ? "" : "s")} (parked where nothing could wake them: a channel nobody could reach, paused, or asleep forever)");
        }

        /// <summary><c>tasklet #3 "worker" [Receive on Channel&lt;Int32&gt; #1a2b3c]</c>.</summary>
        private string Header(Tasklet t)
        {
            var sb = new StringBuilder(t.IsMain ? "main tasklet" : "tasklet #" + t.id);
            string? name = t.Name;
            if (name != null)
                sb.Append(" \"").Append(name).Append('"');
            sb.Append(" [").Append(StateOf(t)).Append(']');
            return sb.ToString();
        }

        private string StateOf(Tasklet t)
        {
            if (t == Current)
                return "running";
            TaskletWait? wait = WaitOf(t);
            if (wait == null)
                return "runnable";
            if (wait.Kind == TaskletWaitKind.Select && t.transferObj is Select select)
            {
                string text = "Select: " + select.DescribeCases();
                if (wait.Until is TimeSpan u) text += "; until " + u;
                return text;
            }
            if (wait.Kind == TaskletWaitKind.Sleep && wait.Until == null)
                return "Sleep forever";
            return wait.ToString();
        }

        // ---- deadlock reports ----

        /// <summary>A deadlock of main: <paramref name="message"/> (what main waits on), then the blocked tasklets and their innermost frames.</summary>
        internal DeadlockException Deadlock(string message)
        {
            const int Shown = 20;
            var sb = new StringBuilder(message);
            var blocked = new List<Tasklet>();
            foreach (Tasklet t in Census())
                if (!t.IsMain && WaitOf(t) != null)
                    blocked.Add(t);
            if (blocked.Count == 0)
            {
                sb.Append(" No other tasklet is blocked.");
            }
            else
            {
                sb.Append(" Blocked tasklets (").Append(blocked.Count).Append("):");
                for (int i = 0; i < blocked.Count && i < Shown; i++)
                {
                    Tasklet t = blocked[i];
                    sb.AppendLine().Append("  ").Append(Header(t));
                    IReadOnlyList<TaskletFrameInfo> frames = t.Frames;
                    if (frames.Count > 0)
                        sb.Append(" in ").Append(frames[0].ToString());
                }
                if (blocked.Count > Shown)
                    sb.AppendLine().Append("  … and ").Append(blocked.Count - Shown).Append(" more (Scheduler.Dump lists them all).");
            }
            return new DeadlockException(sb.ToString());
        }
    }

    /// <summary>
    /// Watches a channel (or a tasklet parked where the scheduler does not look) from a weak table: when that becomes garbage,
    /// this becomes garbage with it and its finalizer counts the tasklets that were still parked there.
    /// </summary>
    internal sealed class ParkWatch
    {
        private readonly ThreadScheduler scheduler;
        private readonly object watched;
        private volatile bool counted;

        internal ParkWatch(ThreadScheduler scheduler, object watched)
        {
            this.scheduler = scheduler;
            this.watched = watched;
        }

        /// <summary>The watched object is garbage (its finalizer ran or runs): the census must no longer read it.</summary>
        internal bool Counted => counted;

        ~ParkWatch()
        {
            // Unreachable from everywhere but this finalizer: nothing else reads or writes the watched object now.
            counted = true;
            int parked = 0;
            if (watched is ChannelCore channel)
            {
                var waiters = new List<Tasklet>();
                channel.CollectWaiters(waiters);
                foreach (Tasklet t in waiters)
                {
                    // A select waits in several rings and names one of them in blockedOn: counted there only, so once.
                    if (t.blockedOn == channel && t.id > 0 && t.status == TaskletStatus.Alive)
                        parked++;
                }
            }
            else if (watched is Tasklet t && t.status == TaskletStatus.Alive && !t.inRunQueue && t.blockedOn == null && t.transferKind != TransferKind.Await
                     && (t.slot == -1 || t.slot == ThreadScheduler.SleepingForever))
            {
                parked = 1;
            }
            if (parked > 0)
                Interlocked.Add(ref scheduler.collectedWhileBlocked, parked);
        }
    }
}
