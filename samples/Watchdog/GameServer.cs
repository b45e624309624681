using System.Collections.Generic;
using System.IO;

namespace Stackless.Samples.Watchdog
{
    /// <summary>
    /// A tick-based game server: every entity is a tasklet that waits for the next tick on its inbox, updates the
    /// world and waits again. The server wakes them all each tick and runs the scheduler under a step budget, so a
    /// buggy entity that never yields is stopped instead of freezing the whole server.
    /// </summary>
    public sealed partial class GameServer
    {
        private readonly TextWriter log;
        private readonly List<Entity> entities = new();

        public GameServer(TextWriter log) => this.log = log;

        /// <summary>Gold mined so far, where the guard stands, and how many paths the scout has walked.</summary>
        public int Gold { get; private set; }
        public int GuardPost { get; private set; }
        public int Paths { get; private set; }

        /// <summary>The entities that were stopped by the watchdog, in order.</summary>
        public List<string> Stopped { get; } = new();

        public void Add(string name, Tasklet tasklet, Channel<int> inbox)
        {
            tasklet.Name = name; // shown by Scheduler.Dump
            entities.Add(new Entity(name, tasklet, inbox));
        }

        /// <summary>
        /// One tick: wake every live entity (TrySend never blocks the server: it only hands the tick to an entity that
        /// waits for it), then run them all, under a budget of <paramref name="steps"/> steps for each without a switch.
        /// </summary>
        public void Tick(int tick, int steps)
        {
            foreach (Entity e in entities)
                if (e.Tasklet.IsAlive)
                    e.Inbox.TrySend(tick);
            Tasklet? stuck;
            while ((stuck = Scheduler.Run(steps)) != null)
            {
                string name = stuck.Name ?? stuck.ToString();
                log.WriteLine($"tick {tick}: watchdog: '{name}' ran {steps:N0} steps without yielding; it was here:");
                Scheduler.Dump(log);
                stuck.Kill(); // raises TaskletExit where it was interrupted: its finally blocks run
                Stopped.Add(name);
                // The others carry on: the loop runs the rest of this tick.
            }
            log.WriteLine($"tick {tick}: gold {Gold}, guard at post {GuardPost}, paths walked {Paths}");
        }

        private sealed record Entity(string Name, Tasklet Tasklet, Channel<int> Inbox);

        // ---- the entities ----

        [Tasklet]
        private void Miner(Channel<int> inbox, int rate)
        {
            foreach (int tick in inbox)
                Gold += rate;
        }

        [Tasklet]
        private void Guard(Channel<int> inbox)
        {
            foreach (int tick in inbox)
                GuardPost = (GuardPost + 1) % 4;
        }

        /// <summary>Walks to a new place every tick. Its bug: on tick 3 it is sent to a place that is not on the map.</summary>
        [Tasklet]
        private void Scout(Channel<int> inbox)
        {
            try
            {
                foreach (int tick in inbox)
                {
                    int target = tick == 3 ? Map.Size : tick % Map.Size;
                    WalkTo(0, target);
                    Paths++;
                }
            }
            finally
            {
                log.WriteLine("scout: finally ran, the scout is gone");
            }
        }

        /// <summary>One hop at a time along the ring-shaped map: never arrives at a place that is not on it.</summary>
        [Tasklet]
        private static int WalkTo(int from, int to)
        {
            int at = from, hops = 0;
            while (at != to)
            {
                at = Map.NextHop(at);
                hops++;
            }
            return hops;
        }

        private static partial class Map
        {
            public const int Size = 8;

            [Tasklet]
            public static int NextHop(int at) => (at + 1) % Size;
        }

        /// <summary>Spawns the entities of the sample's world.</summary>
        public void Populate()
        {
            foreach ((string name, int rate) in new[] { ("miner 1", 1), ("miner 2", 10) })
            {
                var inbox = new Channel<int>();
                Add(name, SpawnMiner(inbox, rate), inbox);
            }
            var guardInbox = new Channel<int>();
            Add("guard", SpawnGuard(guardInbox), guardInbox);
            var scoutInbox = new Channel<int>();
            Add("scout", SpawnScout(scoutInbox), scoutInbox);
        }
    }
}
