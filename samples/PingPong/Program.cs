using System;
using System.IO;

namespace Stackless.Samples.PingPong
{
    /// <summary>
    /// The smallest complete Stackless program: two tasklets bat a ball back and forth over one
    /// rendezvous channel. Each Send waits until the other side receives, so the lines alternate.
    /// </summary>
    public static partial class Program
    {
        public static void Main(string[] args)
        {
            int rounds = args.Length > 0 ? int.Parse(args[0]) : 5;
            Play(rounds, Console.Out);
        }

        /// <summary>Plays <paramref name="rounds"/> rounds and returns how many messages crossed the channel.</summary>
        public static int Play(int rounds, TextWriter output)
        {
            var table = new Channel<string>();
            Tasklet<int> ping = SpawnPing(table, rounds, output);
            Tasklet<int> pong = SpawnPong(table, rounds, output);
            Scheduler.Run();                          // runs both until neither can go on
            return ping.Result + pong.Result;
        }

        [Tasklet]
        static int Ping(Channel<string> table, int rounds, TextWriter output)
        {
            int sent = 0;
            for (int i = 1; i <= rounds; i++)
            {
                table.Send("ping " + i);              // suspends until Pong receives it
                sent++;
                output.WriteLine(table.Receive());    // suspends until Pong answers
            }
            return sent;
        }

        [Tasklet]
        static int Pong(Channel<string> table, int rounds, TextWriter output)
        {
            int sent = 0;
            for (int i = 1; i <= rounds; i++)
            {
                output.WriteLine(table.Receive());
                table.Send("pong " + i);
                sent++;
            }
            return sent;
        }
    }
}
