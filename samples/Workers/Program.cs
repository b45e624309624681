using System;
using System.IO;

namespace Stackless.Samples.Workers
{
    /// <summary>
    /// Go's worker pool, with select: workers take jobs until a quit channel closes; the client gives each job a
    /// deadline to find a free worker (a timed <c>TrySend</c>); a ticker sends a tick every second if someone is
    /// listening (a non-blocking <c>TrySend</c>, like Go's <c>time.Ticker</c>, which drops ticks); a collector selects
    /// over results, ticks and quit. Under virtual time and a fixed seed, every run prints the same lines.
    /// </summary>
    public static partial class Program
    {
        public static void Main(string[] args)
        {
            int jobs = args.Length > 0 ? int.Parse(args[0]) : 20;
            int workers = args.Length > 1 ? int.Parse(args[1]) : 3;
            Report report = Run(workers, jobs, Console.Out);
            Console.WriteLine($"{report.Served} served, {report.TimedOut} timed out waiting for a worker, {report.Ticks} ticks seen; done at {report.End.TotalSeconds} s (virtual)");
        }

        /// <summary>What a run did.</summary>
        public sealed record Report(int Served, int TimedOut, int Ticks, TimeSpan End);

        /// <summary>A job: it takes <see cref="Cost"/> of a worker's time.</summary>
        public readonly record struct Job(int Id, TimeSpan Cost);

        private static TimeSpan Seconds(double s) => TimeSpan.FromSeconds(s);

        /// <summary>Runs the pool under virtual time (seed 1) on the calling thread and prints what happens.</summary>
        public static Report Run(int workers, int jobs, TextWriter output)
        {
            Scheduler.VirtualTime = true;
            Scheduler.Seed = 1;
            TimeSpan start = Scheduler.Now;
            var requests = new Channel<Job>();
            var results = new Channel<string>();
            var ticks = new Channel<TimeSpan>();
            var quit = new Channel<int>();
            for (int w = 1; w <= workers; w++)
                SpawnWorker(w, requests, results, quit);
            SpawnTicker(ticks, quit);
            Tasklet<int> client = SpawnClient(jobs, requests, quit, output, start);
            Tasklet<(int served, int ticks)> collector = SpawnCollect(results, ticks, quit, output, start);
            Scheduler.Run(); // until every tasklet has seen quit close
            return new Report(collector.Result.served, client.Result, collector.Result.ticks, Scheduler.Now - start);
        }

        /// <summary>Offers a job every half second; a job no worker takes within a second is dropped. Then closes quit.</summary>
        [Tasklet]
        private static int Client(int jobs, Channel<Job> requests, Channel<int> quit, TextWriter output, TimeSpan start)
        {
            int timedOut = 0;
            for (int id = 1; id <= jobs; id++)
            {
                var job = new Job(id, Seconds(1 + id % 4));
                if (!requests.TrySend(job, Seconds(1)))
                {
                    timedOut++;
                    output.WriteLine($"{At(start)} job {id} timed out: no worker was free");
                }
                Scheduler.Sleep(Seconds(0.5));
            }
            Scheduler.Sleep(Seconds(5)); // let the last jobs finish
            quit.Close();
            return timedOut;
        }

        /// <summary>Serves jobs until quit closes: <c>select { case job := &lt;-requests: …; case &lt;-quit: return }</c>.</summary>
        [Tasklet]
        private static void Worker(int id, Channel<Job> requests, Channel<string> results, Channel<int> quit)
        {
            var next = new Select();
            int job = next.Receive(requests);
            next.Receive(quit);
            var report = new Select();
            while (next.Wait() == job)
            {
                Job j = next.Value(requests);
                Scheduler.Sleep(j.Cost);
                // Hand the result over, unless quit closes first.
                report.Clear();
                report.Send(results, $"worker {id} finished job {j.Id}");
                int stop = report.Receive(quit);
                if (report.Wait() == stop)
                    return;
            }
        }

        /// <summary>A tick a second for whoever listens; nobody listening drops it (Go's time.Ticker).</summary>
        [Tasklet]
        private static void Ticker(Channel<TimeSpan> ticks, Channel<int> quit)
        {
            var wait = new Select();
            int second = wait.Timeout(Seconds(1));
            wait.Receive(quit);
            while (wait.Wait() == second)
                ticks.TrySend(Scheduler.Now);
        }

        /// <summary>Prints results, and a status line every third tick, until quit closes.</summary>
        [Tasklet]
        private static (int served, int ticks) Collect(Channel<string> results, Channel<TimeSpan> ticks, Channel<int> quit, TextWriter output, TimeSpan start)
        {
            var select = new Select();
            int result = select.Receive(results);
            int tick = select.Receive(ticks);
            int stop = select.Receive(quit);
            int served = 0, seen = 0;
            for (int fired = select.Wait(); fired != stop; fired = select.Wait())
            {
                if (fired == result)
                {
                    served++;
                    output.WriteLine($"{At(start)} {select.Value(results)}");
                }
                else if (fired == tick && ++seen % 3 == 0)
                {
                    output.WriteLine($"{At(start)} tick {seen}: {served} served so far");
                }
            }
            return (served, seen);
        }

        private static string At(TimeSpan start) => $"[{(Scheduler.Now - start).TotalSeconds,5:0.0} s]";
    }
}
