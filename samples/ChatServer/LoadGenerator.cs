using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Stackless.Samples.ChatServer
{
    /// <summary>What one load run measured.</summary>
    public sealed record LoadResult(int Connections, long Expected, long Delivered, int Duplicates, double Seconds,
        double MessagesPerSecond, double P50Ms, double P99Ms, bool TimedOut, double CpuMicrosPerMessage = double.NaN);

    /// <summary>
    /// Opens N loopback connections (127.0.0.1 only), joins each to room (i mod R), waits until all have joined,
    /// then every client sends M lines "client seq timestamp" and reads until it has every line of its room:
    /// each must arrive exactly once. Latency is measured on each client's own lines coming back.
    /// Bounded: it gives up after <c>limit</c> and closes every connection.
    /// </summary>
    public static class LoadGenerator
    {
        public static async Task<(Socket[] clients, LineReader[] readers)> ConnectAsync(IPEndPoint server, int connections, int rooms, TimeSpan? limit = null)
        {
            using var cts = new CancellationTokenSource(limit ?? TimeSpan.FromMinutes(2)); // bounded: a connection that never gets its OK ends the run
            if (!IPAddress.IsLoopback(server.Address))
                throw new ArgumentException("the load generator connects to loopback addresses only", nameof(server));
            var clients = new Socket[connections];
            var readers = new LineReader[connections];
            using var gate = new SemaphoreSlim(200); // do not flood the listen backlog
            await Task.WhenAll(Enumerable.Range(0, connections).Select(async c =>
            {
                await gate.WaitAsync(cts.Token);
                try
                {
                    var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    clients[c] = s;
                    await s.ConnectAsync(server, cts.Token);
                    await s.SendAsync(Encoding.ASCII.GetBytes($"JOIN room{c % rooms}\n"), SocketFlags.None, cts.Token);
                    var reader = new LineReader(256);
                    byte[] ok = await ReadLineAsync(s, reader, cts.Token) ?? throw new InvalidOperationException("the server closed the connection before OK");
                    if (LineReader.Text(ok) != "OK")
                        throw new InvalidOperationException("expected OK, got " + LineReader.Text(ok));
                    readers[c] = reader;
                }
                finally
                {
                    gate.Release();
                }
            })).ContinueWith(t =>
            {
                if (t.IsFaulted || t.IsCanceled)
                    Close(clients); // nothing is left open behind a failed run
                t.GetAwaiter().GetResult();
            });
            return (clients, readers);
        }

        public static async Task<LoadResult> ExchangeAsync(Socket[] clients, LineReader[] readers, int rooms, int messages, TimeSpan limit)
        {
            int n = clients.Length;
            int[] members = new int[rooms];
            for (int c = 0; c < n; c++) members[c % rooms]++;
            var latencies = new List<double>[n];
            long delivered = 0, expected = 0;
            int duplicates = 0;
            for (int c = 0; c < n; c++) expected += (long)members[c % rooms] * messages;
            using var cts = new CancellationTokenSource(limit);
            var clock = Stopwatch.StartNew();
            TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var all = Enumerable.Range(0, n).Select(async c =>
            {
                Socket s = clients[c];
                var mine = latencies[c] = new List<double>(messages);
                var send = Task.Run(async () =>
                {
                    for (int m = 0; m < messages; m++)
                        await s.SendAsync(Encoding.ASCII.GetBytes($"{c} {m} {Stopwatch.GetTimestamp()}\n"), SocketFlags.None, cts.Token);
                });
                var seen = new bool[members[c % rooms] * messages]; // by (sender's place in the room, sequence number)
                long want = (long)members[c % rooms] * messages;
                LineReader reader = readers[c];
                for (long got = 0; got < want;)
                {
                    int arrived = TakeArrived(reader, c, rooms, messages, seen, mine, ref duplicates);
                    got += arrived;
                    Interlocked.Add(ref delivered, arrived);
                    if (got >= want) break;
                    int bytes = await s.ReceiveAsync(reader.Free, SocketFlags.None, cts.Token);
                    if (bytes == 0) break;
                    reader.Filled(bytes);
                }
                await send;
            }).ToArray();
            bool timedOut = false;
            try { await Task.WhenAll(all); }
            catch (OperationCanceledException) { timedOut = true; }
            double seconds = clock.Elapsed.TotalSeconds;
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds * 1000; // the server's and the clients' (the same clients for both servers)
            var sorted = latencies.Where(l => l != null).SelectMany(l => l).OrderBy(x => x).ToArray();
            double Pct(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
            return new LoadResult(n, expected, delivered, duplicates, seconds, delivered / seconds, Pct(0.5), Pct(0.99), timedOut, delivered == 0 ? double.NaN : cpu / delivered);
        }

        /// <summary>
        /// Client <paramref name="c"/>: takes every whole line "from seq timestamp" that has arrived, parsing the bytes in
        /// place (the generator shares the cores with the server it measures, so it allocates nothing per line).
        /// Returns how many were new; a line seen before counts in <paramref name="duplicates"/>.
        /// </summary>
        private static int TakeArrived(LineReader reader, int c, int rooms, int messages, bool[] seen, List<double> mine, ref int duplicates)
        {
            int fresh = 0;
            while (reader.TryTakeLine(out ReadOnlySpan<byte> line))
            {
                if (!Utf8Parser.TryParse(line, out int from, out int used) || line[used] != (byte)' ')
                    throw new InvalidOperationException("malformed line: " + Encoding.ASCII.GetString(line));
                line = line.Slice(used + 1);
                if (!Utf8Parser.TryParse(line, out int seq, out used) || line[used] != (byte)' ')
                    throw new InvalidOperationException("malformed line: " + Encoding.ASCII.GetString(line));
                int place = from / rooms; // members of room r are the clients r, r + rooms, r + 2·rooms, …
                if (from % rooms != c % rooms || seq < 0 || seq >= messages || place * messages + seq >= seen.Length)
                    throw new InvalidOperationException($"client {c} got a line of client {from} (seq {seq}) from another room");
                if (seen[place * messages + seq])
                {
                    Interlocked.Increment(ref duplicates);
                    continue;
                }
                seen[place * messages + seq] = true;
                fresh++;
                if (from == c && Utf8Parser.TryParse(line.Slice(used + 1), out long stamp, out _))
                    mine.Add((Stopwatch.GetTimestamp() - stamp) * 1000.0 / Stopwatch.Frequency);
            }
            return fresh;
        }

        public static void Close(Socket[] clients)
        {
            foreach (Socket s in clients)
                s?.Dispose();
        }

        private static async Task<byte[]?> ReadLineAsync(Socket s, LineReader reader, CancellationToken token = default)
        {
            byte[]? line;
            while ((line = reader.TryTakeLine()) == null)
            {
                int got = await s.ReceiveAsync(reader.Free, SocketFlags.None, token);
                if (got == 0) return null;
                reader.Filled(got);
            }
            return line;
        }
    }
}
