using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Stackless
{
    // The channels a scheduler's census knows, so that Scheduler.Tasklets finds the tasklets parked in them (nothing else
    // refers to those: only their channel).
    //
    // Invariants:
    // - Every channel that has waiters (holes of killed ones included) is known: noted (in `noted`, strongly, until the next
    //   flush) or watched (a weak GC handle in `handles`, until it is collected); ChannelCore.watch says which. A channel the
    //   census does not know has an empty queue and a capacity of 0, so its next waiter takes ChannelCore.EnqueueSlow, which
    //   notes it: the block path itself tests nothing.
    // - A flush forgets the channels noted at their first waiter that are empty again (a reply channel made for one
    //   request: it cost a store and a test, no handle, no table entry, no finalizer) and watches the others. A forgotten
    //   channel that gets a waiter again is noted again and then watched even if empty at the next flush: a channel used
    //   again and again (a thread-ring's) is noted at most twice, not at every flush (forgetting every channel found empty
    //   made the thread-ring ~35% slower: its channels are empty half the time).
    // - Nothing here keeps a tasklet alive for longer than until the next flush (main's turn, when a trampoline returns; at
    //   most NotedLength channels later; a census): watched channels are weak, and a channel nobody else reaches is collected with its waiters. Nothing
    //   counts them as they go: the census counts the tasklets it no longer finds (ThreadScheduler.Census).
    internal sealed class ChannelCensus
    {
        /// <summary>How many channels wait for a flush at most: a bound on how long a leaked tasklet stays reachable.</summary>
        private const int NotedLength = 256;

        /// <summary>Below this many watched channels a flush never sweeps.</summary>
        private const int MinSweepAt = 64;

        /// <summary>Channels newly waited on since the last flush (strong: few, and briefly).</summary>
        private readonly NotedChannel[] noted = new NotedChannel[NotedLength];
        private int notedCount;

        /// <summary>Weak handles of the watched channels (a handle each: no finalizer per channel, no table, no lock).</summary>
        private GCHandle[] handles = new GCHandle[16];
        private int handleCount;

        /// <summary>A flush sweeps when this many channels are watched (twice as many as the last sweep left): amortized O(1) per channel.</summary>
        private int sweepAt = MinSweepAt;

        /// <summary>The leak count of the scheduler's last census (kept here, not in the scheduler: see ThreadScheduler.endedCount).</summary>
        internal long collectedWhileBlocked;

        /// <summary>
        /// A tasklet is about to wait on <paramref name="channel"/>, which the census does not know: note it until the next
        /// flush. <paramref name="again"/>: it was forgotten before.
        /// </summary>
        internal void Note(ChannelCore channel, bool again)
        {
            Debug.Assert(channel.watch == ChannelWatch.None && channel.QueueEmpty);
            if (notedCount == noted.Length)
                Flush();
            channel.watch = again ? ChannelWatch.NotedAgain : ChannelWatch.Noted;
            noted[notedCount++].channel = channel;
        }

        /// <summary>Channels wait for a flush.</summary>
        internal bool HasNoted => notedCount != 0;

        /// <summary>Forgets the noted channels that were waited on once and are empty again; watches the others (weakly).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal void Flush()
        {
            for (int i = 0; i < notedCount; i++)
            {
                ChannelCore channel = noted[i].channel!;
                noted[i].channel = null;
                Debug.Assert(channel.watch is ChannelWatch.Noted or ChannelWatch.NotedAgain);
                if (channel.watch == ChannelWatch.Noted && channel.QueueEmpty)
                {
                    channel.Forget();
                    continue;
                }
                channel.watch = ChannelWatch.Watched;
                if (handleCount == handles.Length)
                    Array.Resize(ref handles, handles.Length * 2);
                handles[handleCount++] = GCHandle.Alloc(channel, GCHandleType.Weak);
            }
            notedCount = 0;
            if (handleCount >= sweepAt)
                Sweep(null);
        }

        /// <summary>Drops the watched channels that were collected; adds the waiters of the others to <paramref name="into"/> if it is not null.</summary>
        private void Sweep(List<Tasklet>? into)
        {
            int kept = 0;
            for (int i = 0; i < handleCount; i++)
            {
                GCHandle handle = handles[i];
                var channel = (ChannelCore?)handle.Target;
                if (channel == null)
                {
                    handle.Free();
                    continue;
                }
                Debug.Assert(channel.watch == ChannelWatch.Watched);
                handles[kept++] = handle;
                if (into != null)
                    channel.CollectWaiters(into);
            }
            Array.Clear(handles, kept, handleCount - kept);
            handleCount = kept;
            sweepAt = Math.Max(MinSweepAt, 2 * kept);
        }

        /// <summary>The waiters of every channel the census knows (after a flush, every one of them is watched).</summary>
        internal void CollectWaiters(List<Tasklet> into)
        {
            Flush();
            Sweep(into);
        }

        /// <summary>The scheduler is garbage (its thread ended): the handles go with it.</summary>
        ~ChannelCensus()
        {
            for (int i = 0; i < handleCount; i++)
                handles[i].Free();
        }

        /// <summary>A place of <see cref="noted"/> (a struct, so a store needs no array type check: channels are of derived types).</summary>
        private struct NotedChannel
        {
            internal ChannelCore? channel;
        }
    }
}
