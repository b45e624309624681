using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Stackless.Samples.ChatServer
{
    /// <summary>
    /// A TCP chat server with tasklets for each connection (and one per room) on one TaskletThread per core, under load, beside the same server
    /// written with async/await and Tasks, in the same run. Loopback only; bounded in connections and time.
    /// <c>dotnet run -c Release --project samples/ChatServer -- [--connections N] [--rooms R] [--messages M] [--seconds S] [--threads T] [--repeat K]</c>
    /// (T: the tasklet server's threads, default one per core; K rounds, alternating which server goes first, then the medians).
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            int connections = 1000, rooms = 100, messages = 10, seconds = 120, threads = Environment.ProcessorCount, repeat = 1;
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                int v = int.Parse(args[i + 1]);
                switch (args[i])
                {
                    case "--connections": connections = Math.Clamp(v, 1, 20_000); break;
                    case "--rooms": rooms = Math.Max(1, v); break;
                    case "--messages": messages = Math.Clamp(v, 1, 10_000); break;
                    case "--seconds": seconds = Math.Clamp(v, 1, 600); break;
                    case "--threads": threads = Math.Clamp(v, 1, 64); break;
                    case "--repeat": repeat = Math.Clamp(v, 1, 20); break;
                    default: Console.Error.WriteLine("unknown option " + args[i]); return 2;
                }
            }
            rooms = Math.Min(rooms, connections);
            int fits = (OpenFileLimit() - 256) / 2; // clients and server share this process: two sockets per connection
            if (connections > fits)
            {
                Console.WriteLine($"(the open-file limit allows {fits:N0} loopback connections in one process; using that many)");
                connections = fits;
            }
            Console.WriteLine($"chat load: {connections:N0} connections in {rooms:N0} rooms, {messages} messages each, loopback; {Environment.ProcessorCount} cores, load average {LoadAverage()}");
            Console.WriteLine();
            Console.WriteLine("| server | delivered / expected | messages/s | p50 ms | p99 ms | process CPU µs per message | heap per connection (server's share) |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            var servers = new (string name, Func<Socket, IDisposable> start)[]
            {
                ($"tasklets ({threads} TaskletThread{(threads == 1 ? "" : "s")})", listener => TaskletHost.Start(listener, threads)),
                ("async/await Tasks", TaskHost.Start),
            };
            foreach (var (_, start) in servers) // warm-up (not shown): the code of both servers and the clients is compiled before anything is measured
                Measure(start, Math.Min(connections, 100), Math.Min(rooms, 10), 2, TimeSpan.FromSeconds(seconds));
            bool ok = true;
            var results = new List<(LoadResult r, long heap, long share)>[servers.Length];
            var holds = new List<long>();
            for (int round = 0; round < repeat; round++)
            {
                long hold = HeapPerConnection(connections, rooms, HoldServer.Start); // each round: the heap is noisy at a few hundred bytes per connection
                holds.Add(hold);
                for (int k = 0; k < servers.Length; k++)
                {
                    int which = round % 2 == 0 ? k : servers.Length - 1 - k; // alternate who goes first
                    (LoadResult r, long heap) = Measure(servers[which].start, connections, rooms, messages, TimeSpan.FromSeconds(seconds));
                    (results[which] ??= new()).Add((r, heap, heap - hold));
                    ok &= r.Delivered == r.Expected && r.Duplicates == 0 && !r.TimedOut;
                    Console.WriteLine($"| {servers[which].name} | {r.Delivered:N0} / {r.Expected:N0}{(r.Duplicates > 0 ? $" ({r.Duplicates} duplicated)" : "")}{(r.TimedOut ? " (timed out)" : "")} | {r.MessagesPerSecond:N0} | {r.P50Ms:F2} | {r.P99Ms:F2} | {r.CpuMicrosPerMessage:F1} | {heap:N0} B ({heap - hold:N0} B) |");
                }
            }
            if (repeat > 1)
            {
                for (int k = 0; k < servers.Length; k++)
                {
                    double Median(Func<(LoadResult r, long heap, long share), double> f)
                    {
                        double[] v = results[k].Select(f).OrderBy(x => x).ToArray();
                        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
                    }
                    Console.WriteLine($"| **median of {repeat}: {servers[k].name}** | | **{Median(x => x.r.MessagesPerSecond):N0}** | {Median(x => x.r.P50Ms):F2} | {Median(x => x.r.P99Ms):F2} | {Median(x => x.r.CpuMicrosPerMessage):F1} | {Median(x => x.heap):N0} B (**{Median(x => x.share):N0} B**) |");
                }
            }
            Console.WriteLine($"(load average at the end: {LoadAverage()})");
            Console.WriteLine();
            Console.WriteLine("process CPU per message: the process's user + system CPU time during the exchange (server and clients) divided by the messages delivered.");
            Console.WriteLine($"heap per connection: GC heap growth from before the server started to all clients joined, divided by connections; it includes the in-process clients, so \"server's share\" subtracts the same for a server that only accepts and holds the sockets (measured at the start of each round: {string.Join(", ", holds.Select(h => h.ToString("N0")))} B).");
            return ok ? 0 : 1;
        }

        /// <summary>Runs one server under the load: (what the clients saw, heap bytes per joined connection).</summary>
        public static (LoadResult result, long heapPerConnection) Measure(Func<Socket, IDisposable> start, int connections, int rooms, int messages, TimeSpan limit)
        {
            using var listener = Listen(connections);
            long before = Heap();
            using IDisposable server = start(listener);
            var (clients, readers) = LoadGenerator.ConnectAsync((IPEndPoint)listener.LocalEndPoint!, connections, rooms).GetAwaiter().GetResult();
            long joined = Heap();
            try
            {
                LoadResult r = LoadGenerator.ExchangeAsync(clients, readers, rooms, messages, limit).GetAwaiter().GetResult();
                return (r, (joined - before) / connections);
            }
            finally
            {
                LoadGenerator.Close(clients);
            }
        }

        private static long HeapPerConnection(int connections, int rooms, Func<Socket, IDisposable> start)
        {
            using var listener = Listen(connections);
            long before = Heap();
            using IDisposable server = start(listener);
            var (clients, _) = LoadGenerator.ConnectAsync((IPEndPoint)listener.LocalEndPoint!, connections, rooms).GetAwaiter().GetResult();
            long joined = Heap();
            LoadGenerator.Close(clients);
            return (joined - before) / connections;
        }

        private static Socket Listen(int backlog)
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(Math.Max(backlog, 512));
            return listener;
        }

        private static long Heap()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return GC.GetTotalMemory(true);
        }

        /// <summary>The soft limit on open files (Linux: /proc/self/limits), or a large number where it cannot be read.</summary>
        private static int OpenFileLimit()
        {
            try
            {
                foreach (string line in System.IO.File.ReadAllLines("/proc/self/limits"))
                    if (line.StartsWith("Max open files", StringComparison.Ordinal))
                        return int.TryParse(line.Substring(26).Trim().Split(' ')[0], out int n) ? n : int.MaxValue;
            }
            catch (Exception) { }
            return int.MaxValue;
        }

        private static string LoadAverage()
        {
            try { return string.Join(" ", System.IO.File.ReadAllText("/proc/loadavg").Split(' ')[0..3]); }
            catch (Exception) { return "?"; }
        }
    }

    /// <summary>
    /// The tasklet server on N TaskletThreads (default: one per core), each accepting on the listener and running its
    /// share of the rooms; disposing it kills every tasklet (their finally blocks close the sockets).
    /// </summary>
    public sealed class TaskletHost : IDisposable
    {
        private readonly TaskletThread[] threads;
        public readonly TaskletServer.Server Server;

        private TaskletHost(int threadCount)
        {
            threads = new TaskletThread[threadCount];
            for (int i = 0; i < threadCount; i++)
                threads[i] = TaskletThread.Start("chat server " + i);
            Server = new TaskletServer.Server(threads);
        }

        /// <summary>Connections that ended with an error (logged); the server kept serving.</summary>
        public int Dropped => Volatile.Read(ref Server.Dropped);

        public static IDisposable Start(Socket listener) => Start(listener, Environment.ProcessorCount);

        public static TaskletHost Start(Socket listener, int threadCount)
        {
            var host = new TaskletHost(Math.Max(1, threadCount));
            foreach (TaskletServer.Shard shard in host.Server.Shards)
                shard.Thread.Post(() => TaskletServer.SpawnAccept(listener, shard));
            return host;
        }

        public void Dispose()
        {
            var errors = new List<Exception>();
            foreach (TaskletThread t in threads)
            {
                try { t.Dispose(); }
                catch (AggregateException e) { errors.AddRange(e.InnerExceptions); }
            }
            if (errors.Count > 0)
                throw new AggregateException(errors);
        }
    }

    /// <summary>The async/await server; disposing it stops accepting (connections end when their clients close).</summary>
    public sealed class TaskHost : IDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private Task? accept;

        public static IDisposable Start(Socket listener)
        {
            var host = new TaskHost();
            host.accept = new TaskServer().AcceptAsync(listener, host.stop.Token);
            return host;
        }

        public void Dispose()
        {
            stop.Cancel();
            accept?.Wait(TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>Accepts, answers the JOIN and holds the socket: what a connection costs with no server logic (clients included).</summary>
    public sealed class HoldServer : IDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly List<Socket> held = new();

        public static IDisposable Start(Socket listener)
        {
            var host = new HoldServer();
            _ = host.AcceptAsync(listener);
            return host;
        }

        private async Task AcceptAsync(Socket listener)
        {
            try
            {
                while (true)
                {
                    Socket s = await listener.AcceptAsync(stop.Token);
                    lock (held) held.Add(s);
                    _ = AnswerAsync(s);
                }
            }
            catch (OperationCanceledException) { }
            catch (ObjectDisposedException) { }
        }

        private static async Task AnswerAsync(Socket s)
        {
            var reader = new LineReader(64);
            while (reader.TryTakeLine() == null)
            {
                int n = await s.ReceiveAsync(reader.Free, SocketFlags.None);
                if (n == 0) return;
                reader.Filled(n);
            }
            await s.SendAsync(System.Text.Encoding.ASCII.GetBytes("OK\n"), SocketFlags.None);
        }

        public void Dispose()
        {
            stop.Cancel();
            lock (held)
                foreach (Socket s in held) s.Dispose();
        }
    }
}
