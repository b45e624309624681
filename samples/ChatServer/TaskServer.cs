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
    /// The baseline: the same chat server with async/await and Tasks. Each connection is an async reader and an
    /// async writer draining an unbounded System.Threading.Channels outbox; a room is a locked member list.
    /// </summary>
    public sealed class TaskServer
    {
        private readonly Dictionary<string, List<ChannelWriter<byte[]>>> rooms = new();
        private static readonly byte[] Ok = Encoding.ASCII.GetBytes("OK\n");
        public int Dropped;

        public async Task AcceptAsync(Socket listener, CancellationToken stop)
        {
            try
            {
                while (true)
                {
                    Socket socket = await listener.AcceptAsync(stop);
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
                var reader = new LineReader();
                byte[]? first = await ReadLineAsync(socket, reader);
                if (first == null)
                    return;
                string join = LineReader.Text(first);
                if (!join.StartsWith("JOIN ", StringComparison.Ordinal))
                    throw new InvalidOperationException("expected JOIN, got: " + join);
                room = Room(join.Substring(5));
                lock (room)
                    room.Add(outbox.Writer);
                outbox.Writer.TryWrite(Ok);
                byte[]? line;
                while ((line = await ReadLineAsync(socket, reader)) != null)
                {
                    lock (room)
                        foreach (ChannelWriter<byte[]> member in room)
                            member.TryWrite(line);
                }
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

        private static async Task<byte[]?> ReadLineAsync(Socket socket, LineReader reader)
        {
            byte[]? line;
            while ((line = reader.TryTakeLine()) == null)
            {
                int n = await socket.ReceiveAsync(reader.Free, SocketFlags.None);
                if (n == 0)
                    return null;
                reader.Filled(n);
            }
            return line;
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
