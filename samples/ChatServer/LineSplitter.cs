using System;
using System.Net.Sockets;

namespace Stackless.Samples.ChatServer
{
    /// <summary>
    /// A server connection's reading side, with no buffer of its own while it waits: the caller waits for data with a
    /// zero-byte receive (<c>socket.ReceiveAsync(Memory&lt;byte&gt;.Empty, …)</c>, which completes when bytes have
    /// arrived and holds no buffer meanwhile), then <see cref="Receive"/> reads what is there into a buffer shared by
    /// every connection of the calling thread and takes every whole line out at once. Only the start of a line the
    /// network cut in two is kept, until its end arrives. Both servers read this way (it is what lets 10,000 idle
    /// connections cost no 10,000 receive buffers).
    /// </summary>
    /// <remarks>
    /// The socket must be non-blocking (<see cref="Socket.Blocking"/> false): <see cref="Receive"/> never waits. The
    /// shared buffer is used only inside <see cref="Receive"/>, which never suspends or awaits, so one buffer per
    /// thread serves every connection on it.
    /// </remarks>
    public sealed class LineSplitter
    {
        /// <summary>A line longer than this ends the connection (a peer cannot make the server hold unbounded memory).</summary>
        public const int MaxLine = 64 * 1024;

        /// <summary>The start of a line whose '\n' has not arrived yet; null (the usual case) when none.</summary>
        private byte[]? partial;

        /// <summary>
        /// Reads what has arrived, without waiting. Returns the whole lines (each with its '\n'; maybe none, when only
        /// part of a line came); null when nothing has arrived (wait with a zero-byte receive, then call again).
        /// <paramref name="closed"/> is true (and the result null) when the peer has closed the connection.
        /// </summary>
        /// <exception cref="SocketException">The connection failed (reset, …).</exception>
        /// <exception cref="InvalidOperationException">A line longer than <see cref="MaxLine"/>.</exception>
        public byte[][]? Receive(Socket socket, byte[] shared, out bool closed)
        {
            // The socket is non-blocking, so this receive never waits (the analyzers cannot know: TSK108 is off here).
#pragma warning disable TSK108
            int n = socket.Receive(shared, 0, shared.Length, SocketFlags.None, out SocketError error);
#pragma warning restore TSK108
            closed = false;
            if (error == SocketError.WouldBlock)
                return null;
            if (error != SocketError.Success)
                throw new SocketException((int)error);
            if (n == 0)
            {
                closed = true;
                return null;
            }
            return Split(shared.AsSpan(0, n));
        }

        /// <summary>The whole lines in <paramref name="received"/> (after the kept start of a line); keeps the rest.</summary>
        public byte[][] Split(ReadOnlySpan<byte> received)
        {
            int count = received.Count((byte)'\n');
            if (count == 0)
            {
                Keep(received);
                return Array.Empty<byte[]>();
            }
            var lines = new byte[count][];
            for (int i = 0; i < count; i++)
            {
                int nl = received.IndexOf((byte)'\n');
                lines[i] = Take(received.Slice(0, nl + 1));
                received = received.Slice(nl + 1);
            }
            if (!received.IsEmpty)
                Keep(received);
            return lines;
        }

        /// <summary>A whole line: the kept start (if any) and its end.</summary>
        private byte[] Take(ReadOnlySpan<byte> end)
        {
            if (partial == null)
                return end.ToArray();
            byte[] line = new byte[partial.Length + end.Length];
            partial.CopyTo(line, 0);
            end.CopyTo(line.AsSpan(partial.Length));
            partial = null;
            return line;
        }

        private void Keep(ReadOnlySpan<byte> start)
        {
            int had = partial?.Length ?? 0;
            if (had + start.Length > MaxLine)
                throw new InvalidOperationException($"a line longer than {MaxLine} bytes");
            byte[] kept = new byte[had + start.Length];
            partial?.CopyTo(kept, 0);
            start.CopyTo(kept.AsSpan(had));
            partial = kept;
        }
    }
}
