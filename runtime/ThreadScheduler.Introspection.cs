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
    // Invariants (what makes Tasklets complete at no cost to spawn, switch, block or wake):
    // - An alive tasklet is in exactly one of: the run queue (links, or the spawn queue), the timer heap (a sleeper, or a select/timed operation
    //   through its TimedWake), the parked awaits (awaits list), the waiter queue of a channel the census knows (ChannelCensus: noted
    //   on the slow path of its first waiter, watched weakly after a flush), or nowhere the scheduler looks (paused, sleeping forever, a
    //   select on nothing but an infinite timeout), which are rare parks registered weakly in rareParks when they happen. The census is
    //   the union of those.
    // - Nothing here keeps a tasklet alive that was collectable before, except parked awaits (their task's continuation held them
    //   already, and the scheduler waits for them as pending work) and, until the next flush, the waiters of a noted channel.
    //   A tasklet that becomes garbage while parked is counted by what is missing: every tasklet spawned here and not ended is
    //   alive, and the census finds every reachable one, so the rest (spawned − ended − found) were collected while blocked.
    // - Noting a channel costs a store on the slow path of its first waiter; a rare park costs one table entry. No finalizer.
    internal sealed partial class ThreadScheduler
    {
        /// <summary>The parked awaits, newest first (linked through the nodes, so no allocation).</summary>
        internal AwaitNode? awaits;

        /// <summary>The channels the census knows (created at the first waiter of any channel).</summary>
        private ChannelCensus? channelCensus;

        /// <summary>Tasklets parked where the scheduler does not look (paused, sleeping forever), weakly, once each.</summary>
        private ConditionalWeakTable<Tasklet, object>? rareParks;

        /// <summary>The value of every <see cref="rareParks"/> entry: the key is all that matters.</summary>
        private static readonly object s_rarePark = new object();

        /// <summary>
        /// Tasklets spawned here that ended (<see cref="RootFinished"/>): with the ids given (<see cref="nextId"/>), how many
        /// are alive. A long where the leak count was: the scheduler's other fields keep their offsets (see ChannelCensus).
        /// </summary>
        internal long endedCount;

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

        /// <summary>
        /// Main's turn (a trampoline returns): the channels noted meanwhile are flushed, so that a tasklet parked on one that
        /// nobody reaches is garbage once main runs, as it was before the census noted channels.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void FlushNotedChannels()
        {
            ChannelCensus? c = channelCensus;
            if (c != null && c.HasNoted)
                c.Flush();
        }

        /// <summary>A tasklet is about to wait on <paramref name="channel"/>, which the census does not know (ChannelCore.EnqueueSlow).</summary>
        internal void NoteWaited(ChannelCore channel, bool again) => (channelCensus ??= new ChannelCensus()).Note(channel, again);

        /// <summary>
        /// <paramref name="t"/> was just parked where the scheduler does not look: paused (<see cref="Tasklet.Remove"/>, a frame's
        /// <c>ScheduleRemove</c>, a watchdog's interruption), asleep forever, or in a select that only an infinite timeout ends.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal void NoteRarePark(Tasklet t)
        {
            if (t == Main || t.id <= 0)
                return; // main is always listed; the poller and other threads' async operations are no tasklets to the user
            ConditionalWeakTable<Tasklet, object> table = rareParks ??= new ConditionalWeakTable<Tasklet, object>();
            if (!table.TryGetValue(t, out _))
                table.Add(t, s_rarePark);
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
            if (channelCensus != null)
            {
                var waiters = new List<Tasklet>();
                channelCensus.CollectWaiters(waiters);
                foreach (Tasklet t in waiters)
                    Add(t);
            }
            if (rareParks != null)
            {
                foreach (KeyValuePair<Tasklet, object> kv in (IEnumerable<KeyValuePair<Tasklet, object>>)rareParks)
                    Add(kv.Key);
            }
            if (tracked != null)
            {
                foreach (Tasklet t in tracked)
                    Add(t);
            }
            found.Sort(static (a, b) => a.IsMain ? (b.IsMain ? 0 : -1) : b.IsMain ? 1 : a.id.CompareTo(b.id));
            int alive = unchecked(nextId - 1 - (int)endedCount); // ids wrap as an int
            Debug.Assert(alive >= found.Count - 1, "the census found a tasklet that is not alive by the count");
            collectedWhileBlocked = alive - (found.Count - 1); // main is not spawned
            return found.ToArray();
        }

        /// <summary>The leak count of the last census, for a debugger on another thread (which cannot take one).</summary>
        internal long collectedWhileBlocked
        {
            get => channelCensus?.collectedWhileBlocked ?? 0;
            private set => (channelCensus ??= new ChannelCensus()).collectedWhileBlocked = value;
        }

        /// <summary>How many tasklets spawned here became garbage while parked (a census: the alive ones it no longer finds).</summary>
        internal long CountCollectedWhileBlocked()
        {
            Census();
            return collectedWhileBlocked;
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
            if (t.transferKind == TransferKind.Select)
                return t.WaitingSelect.DescribeWait(this);
            if (t.blockedOn is ChannelCore channel)
                return new TaskletWait(channel.balance > 0 ? TaskletWaitKind.Send : TaskletWaitKind.Receive, channel, null, null);
            if (t.IsSleeping)
            {
                TimeSpan? until = t.slot == SleepingForever ? null : TimeSpan.FromTicks(timers.DueOf(-2 - t.slot));
                return new TaskletWait(TaskletWaitKind.Sleep, null, null, until);
            }
            if (t.transferKind == TransferKind.Await && t.WaitingAwait is AwaitNode node)
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
            long collected = collectedWhileBlocked; // of the census just taken
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
            if (wait.Kind == TaskletWaitKind.Select && t.transferKind == TransferKind.Select && t.WaitingSelect is Select select)
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
}
