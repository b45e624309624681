using System;
using System.Diagnostics;
using System.IO;

namespace Stackless.Samples.ThreadRing
{
    /// <summary>
    /// The Benchmarks Game's thread-ring: 503 tasklets in a ring, each linked to the next by a
    /// channel. A token N is passed around; each member decrements it; the member that receives 0
    /// is the last holder, and its id (1-based) is printed.
    /// </summary>
    public static partial class Program
    {
        public const int RingSize = 503;

        public static void Main(string[] args)
        {
            int n = args.Length > 0 ? int.Parse(args[0]) : 50_000_000;
            var clock = Stopwatch.StartNew();
            int holder = LastHolder(n);
            clock.Stop();
            Console.WriteLine(holder);
            Console.Error.WriteLine($"{n:N0} passes in {clock.Elapsed.TotalMilliseconds:N0} ms ({clock.Elapsed.TotalMilliseconds * 1e6 / Math.Max(n, 1):N1} ns a pass)");
        }

        /// <summary>Passes the token <paramref name="n"/> times around the ring; returns the id of the member holding it at 0.</summary>
        public static int LastHolder(int n)
        {
            var links = new Channel<int>[RingSize];
            for (int i = 0; i < RingSize; i++)
                links[i] = new Channel<int>();
            var members = new Tasklet<int>[RingSize];
            for (int i = 0; i < RingSize; i++)
                members[i] = SpawnMember(i + 1, links[i], links[(i + 1) % RingSize]);

            links[0].Send(n);                         // main hands the token to member 1
            Scheduler.Run();                          // the ring runs until every member has stopped

            int holder = 0;
            foreach (Tasklet<int> member in members)
                if (member.Result != 0)
                    holder = member.Result;
            return holder;
        }

        /// <summary>One ring member: passes the token on, decremented, until it receives 0.</summary>
        /// <returns>Its own id if it was the last holder, else 0.</returns>
        [Tasklet]
        static int Member(int id, Channel<int> input, Channel<int> output)
        {
            int holder = 0;
            foreach (int token in input)
            {
                if (token == 0)
                {
                    holder = id;
                    break;
                }
                output.Send(token - 1);
            }
            // Closing wakes the next member, whose foreach ends, and which closes its own output:
            // the whole ring stops.
            output.Close();
            return holder;
        }
    }
}
