using System;
using System.Diagnostics;
using System.IO;

namespace Stackless.Samples.Swarm
{
    /// <summary>
    /// A million tiny autonomous agents, each a tasklet with its own little loop: wander the map,
    /// eat, tire, split in two when well fed, die when exhausted. Nobody drives them: every agent
    /// yields with Scheduler.Schedule() at the end of its turn, and the round-robin run queue makes
    /// the turns fair. Deterministic for a given seed (one thread, FIFO scheduling).
    /// </summary>
    public static class Program
    {
        public static void Main(string[] args)
        {
            int agents = 1_000_000, ticks = 20, seed = 1;
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--agents": agents = int.Parse(args[++i]); break;
                    case "--ticks": ticks = int.Parse(args[++i]); break;
                    case "--seed": seed = int.Parse(args[++i]); break;
                    default:
                        Console.Error.WriteLine("usage: Swarm [--agents N] [--ticks T] [--seed S]");
                        return;
                }
            }
            Simulate(agents, ticks, seed, Console.Out);
        }

        /// <summary>Runs the simulation and prints a census per tick; returns the world with its counters.</summary>
        public static World Simulate(int agents, int ticks, int seed, TextWriter output)
        {
            var world = new World(agents, ticks, seed);
            long before = GC.GetTotalMemory(forceFullCollection: true);
            var clock = Stopwatch.StartNew();
            world.Populate();
            double spawnMs = clock.Elapsed.TotalMilliseconds;
            long after = GC.GetTotalMemory(forceFullCollection: false);
            output.WriteLine($"{agents:N0} agents spawned in {spawnMs:N0} ms, {(after - before) / (double)agents:N0} bytes each (world map included)");

            clock.Restart();
            Scheduler.Run();                          // every agent runs until it dies or time is up
            clock.Stop();

            for (int t = 0; t < ticks; t++)
                output.WriteLine($"tick {t,3}: {world.Population[t],10:N0} agents   {world.Births[t],9:N0} born   {world.Deaths[t],9:N0} died");
            output.WriteLine($"{world.Turns:N0} agent turns in {clock.Elapsed.TotalMilliseconds:N0} ms " +
                             $"({clock.Elapsed.TotalMilliseconds * 1e6 / Math.Max(world.Turns, 1):N1} ns a turn, one thread); " +
                             $"{world.Survivors:N0} agents alive at the end, {world.Running:N0} tasklets still running.");
            return world;
        }
    }

    /// <summary>The map, the dice and the census that all agents share.</summary>
    public sealed partial class World
    {
        private const int FoodEnergy = 6;         // energy from one meal
        private const int SplitEnergy = 24;       // a well-fed agent splits in two
        private const int RegrowTicks = 8;        // ticks for a grazed cell to grow food again

        private readonly int side;
        private readonly int[] grazedAt;          // tick a cell was last eaten at (lazy regrowth)
        private readonly Random random;
        private readonly int initialAgents;

        public World(int agents, int ticks, int seed)
        {
            initialAgents = agents;
            Ticks = ticks;
            side = Math.Max(16, (int)Math.Sqrt(agents));   // about one cell per agent: food is scarce
            grazedAt = new int[side * side];
            Array.Fill(grazedAt, -RegrowTicks);
            random = new Random(seed);
            Population = new long[ticks];
            Births = new long[ticks];
            Deaths = new long[ticks];
        }

        public int Ticks { get; }

        /// <summary>Agents that took a turn in each tick.</summary>
        public long[] Population { get; }

        /// <summary>Agents born (split off) in each tick.</summary>
        public long[] Births { get; }

        /// <summary>Agents that died in each tick.</summary>
        public long[] Deaths { get; }

        /// <summary>Turns taken by all agents together.</summary>
        public long Turns { get; private set; }

        /// <summary>Agents that lived through the last tick.</summary>
        public long Survivors { get; private set; }

        /// <summary>Agent tasklets that have started and not yet ended (0 once the scheduler is done).</summary>
        public long Running { get; private set; }

        public void Populate()
        {
            for (int i = 0; i < initialAgents; i++)
                SpawnAgent(random.Next(side), random.Next(side), 4 + random.Next(12), 0);
        }

        [Tasklet]
        private void Agent(int x, int y, int energy, int bornAt)
        {
            Running++;
            for (int tick = bornAt; tick < Ticks; tick++)
            {
                Population[tick]++;
                Turns++;

                // Wander one step (or stay) on the torus.
                x = (x + random.Next(3) - 1 + side) % side;
                y = (y + random.Next(3) - 1 + side) % side;

                // Graze if the cell has grown back since it was last eaten.
                int cell = y * side + x;
                if (tick - grazedAt[cell] >= RegrowTicks)
                {
                    grazedAt[cell] = tick;
                    energy += FoodEnergy;
                }

                if (--energy == 0)
                {
                    Deaths[tick]++;
                    Running--;
                    return;
                }
                if (energy >= SplitEnergy)
                {
                    energy /= 2;
                    Births[tick]++;
                    SpawnAgent(x, y, energy, tick + 1);  // the child starts with the next tick
                }
                Scheduler.Schedule();                   // end of my turn: everyone else moves
            }
            Survivors++;
            Running--;
        }
    }
}
