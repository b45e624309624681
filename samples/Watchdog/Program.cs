using System;
using System.IO;

namespace Stackless.Samples.Watchdog
{
    /// <summary>
    /// The watchdog (issue 14): a game server ticks its entities under a step budget; one entity gets stuck in an
    /// endless loop on tick 3, the budget interrupts it, the server prints where it was, kills it and carries on.
    /// </summary>
    public static class Program
    {
        public static void Main() => Run(Console.Out);

        /// <summary>Runs the server for <paramref name="ticks"/> ticks, logging to <paramref name="log"/>.</summary>
        public static GameServer Run(TextWriter log, int ticks = 5, int steps = 10_000)
        {
            var server = new GameServer(log);
            server.Populate();
            Scheduler.Run(); // every entity runs to its first wait for a tick
            for (int tick = 1; tick <= ticks; tick++)
                server.Tick(tick, steps);
            return server;
        }
    }
}
