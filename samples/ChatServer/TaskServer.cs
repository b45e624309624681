using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Stackless.Samples.ChatServer
{
    /// <summary>
    /// The baseline: the same chat server with async/await and Tasks on the thread pool (every core). Each connection
    /// is an async reader and an async writer draining an unbounded System.Threading.Channels outbox; a room is a
    /// locked member list. It reads as the tasklet server does (<see cref="LineSplitter"/>: a zero-byte receive, then
    /// the lines taken out of a buffer shared by the thread) and broadcasts what one receive brought at once.
    /// </summary>
    public sealed class TaskServer
    {
        private readonly Dictionary<string, List<ChannelWriter<byte[]>>> rooms = new();
        private static readonly byte[] Ok = Encoding.ASCII.GetBytes("OK\n");
        public int Dropped;

        /// <summary>The receive buffer of the thread-pool thread running a reader's synchronous part (never held across an await).</summary>
        [ThreadStatic] private static byte[]? receiveBuffer;

        public async Task AcceptAsync(Socket listener, CancellationToken stop)
        {
            try
            {
                while (true)
                {
                    Socket socket = await listener.AcceptAsync(stop);
                    socket.Blocking = false; // LineSplitter reads without waiting
                    _ = ConnectionAsync(socket);
                }
            }
            catch (OperationCanceledException) { }
            catch (ObjectDisposedException) { }
        }

        private List<ChannelWriter<byte[]>> Room(string name)
        {
            lock (rooms)
            {
                if (!rooms.TryGetValue(name, out var members))
                    rooms[name] = members = new List<ChannelWriter<byte[]>>();
                return members;
            }
        }

        private async Task ConnectionAsync(Socket socket)
        {
            var outbox = System.Threading.Channels.Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
            List<ChannelWriter<byte[]>>? room = null;
            Task writer = WriterAsync(socket, outbox.Reader);
            try
            {
                var splitter = new LineSplitter();
                byte[][]? lines;
                while ((lines = await ReceiveLinesAsync(socket, splitter)) != null && lines.Length == 0) { }
                if (lines == null)
                    return;
                string join = LineReader.Text(lines[0]);
                if (!join.StartsWith("JOIN ", StringComparison.Ordinal))
                    throw new InvalidOperationException("expected JOIN, got: " + join);
                room = Room(join.Substring(5));
                lock (room)
                    room.Add(outbox.Writer);
                outbox.Writer.TryWrite(Ok);
                lines = lines[1..]; // lines sent before the OK (none from a client that waits for it)
                do
                {
                    if (lines.Length > 0)
                        lock (room)
                            foreach (ChannelWriter<byte[]> member in room)
                                foreach (byte[] line in lines)
                                    member.TryWrite(line);
                }
                while ((lines = await ReceiveLinesAsync(socket, splitter)) != null);
            }
            catch (Exception e) when (e is SocketException or InvalidOperationException or ObjectDisposedException)
            {
                Interlocked.Increment(ref Dropped);
                Console.Error.WriteLine("connection dropped: " + e.Message);
            }
            finally
            {
                if (room != null)
                    lock (room)
                        room.Remove(outbox.Writer);
                outbox.Writer.TryComplete();
                await writer;
            }
        }

        /// <summary>The whole lines that arrived next (maybe none), or null when the peer has closed the connection.</summary>
        private static async ValueTask<byte[][]?> ReceiveLinesAsync(Socket socket, LineSplitter splitter)
        {
            while (true)
            {
                // Wait until bytes have arrived (it completes at once if they have), holding no buffer meanwhile.
                await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
                byte[][]? lines = splitter.Receive(socket, receiveBuffer ??= new byte[TaskletServer.ReceiveBufferSize], out bool closed);
                if (closed)
                    return null;
                if (lines != null)
                    return lines;
            }
        }

        private static async Task WriterAsync(Socket socket, ChannelReader<byte[]> outbox)
        {
            try
            {
                await foreach (byte[] line in outbox.ReadAllAsync())
                    await socket.SendAsync(line, SocketFlags.None);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
            finally
            {
                socket.Dispose();
            }
        }
    }
}
