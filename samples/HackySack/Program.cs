using System;
using System.Diagnostics;
using System.IO;

namespace Stackless.Samples.HackySack
{
    /// <summary>
    /// The classic Stackless demo: a circle of players kick a hacky sack to one another. Every player
    /// is a tasklet waiting on its own channel; whoever receives the sack kicks it to a random other
    /// player. When the agreed number of kicks is reached, the last kicker closes every channel and
    /// all players go home.
    /// </summary>
    public static class Program
    {
        public static void Main(string[] args)
        {
            int players = 1_000, seed = 1;
            long kicks = 1_000_000;
            bool verbose = false;
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--players": players = int.Parse(args[++i]); break;
                    case "--kicks": kicks = long.Parse(args[++i]); break;
                    case "--seed": seed = int.Parse(args[++i]); break;
                    case "--verbose": verbose = true; break;
                    default:
                        Console.Error.WriteLine("usage: HackySack [--players 10..100000] [--kicks N] [--seed S] [--verbose]");
                        return;
                }
            }
            Play(players, kicks, seed, Console.Out, verbose);
        }

        /// <summary>Plays one game; returns the circle, whose counters tell what happened.</summary>
        public static Circle Play(int players, long kicks, int seed, TextWriter output, bool verbose = false)
        {
            if (players < 2)
                throw new ArgumentOutOfRangeException(nameof(players), players, "a game needs at least 2 players");
            var circle = new Circle(players, kicks, seed, verbose ? output : null);
            var clock = Stopwatch.StartNew();
            circle.Start();
            Scheduler.Run();
            clock.Stop();
            output.WriteLine($"{players:N0} players, {circle.Kicks:N0} kicks in {clock.Elapsed.TotalMilliseconds:N1} ms " +
                             $"({clock.Elapsed.TotalMilliseconds * 1e6 / Math.Max(circle.Kicks, 1):N0} ns a kick, spawning included)");
            output.WriteLine($"{circle.Stopped:N0} of {players:N0} players stopped.");
            return circle;
        }
    }

    /// <summary>The players and what they share: their channels, the dice and the score.</summary>
    public sealed partial class Circle
    {
        private readonly Channel<int>[] inboxes;
        private readonly long kicksToPlay;
        private readonly Random random;
        private readonly TextWriter? trace;

        public Circle(int players, long kicksToPlay, int seed, TextWriter? trace)
        {
            inboxes = new Channel<int>[players];
            for (int i = 0; i < players; i++)
                inboxes[i] = new Channel<int>();
            this.kicksToPlay = kicksToPlay;
            random = new Random(seed);
            this.trace = trace;
        }

        public int Players => inboxes.Length;

        /// <summary>Kicks made so far.</summary>
        public long Kicks { get; private set; }

        /// <summary>Players whose tasklet has ended.</summary>
        public int Stopped { get; private set; }

        /// <summary>Spawns every player and tosses the sack to player 0 (main is "player -1").</summary>
        public void Start()
        {
            for (int i = 0; i < inboxes.Length; i++)
                SpawnPlayer(i);
            inboxes[0].Send(-1);
        }

        [Tasklet]
        private void Player(int me)
        {
            foreach (int from in inboxes[me])
            {
                if (Kicks == kicksToPlay)
                {
                    trace?.WriteLine($"player {me} got the sack from {from}: game over");
                    EndGame();
                    break;
                }
                int to = random.Next(inboxes.Length - 1);
                if (to >= me)
                    to++;                             // anyone but me
                trace?.WriteLine($"player {me} got the sack from {from}, kicks it to {to}");
                Kicks++;
                inboxes[to].Send(me);                 // suspends until player `to` takes it
            }
            Stopped++;
        }

        /// <summary>Closing a channel wakes the player waiting on it; its foreach ends.</summary>
        private void EndGame()
        {
            foreach (Channel<int> inbox in inboxes)
                inbox.Close();
        }
    }
}
