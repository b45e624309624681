using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Stackless.Samples.ChatServer
{
    /// <summary>
    /// The chat server as tasklets on one <see cref="TaskletThread"/>: one tasklet reads each connection and one
    /// writes to it (both wait on the socket with <see cref="Tasklet.Await(System.Threading.Tasks.Task)"/>), and each
    /// room is a tasklet that receives joins, leaves and messages on its channel and hands every message to each
    /// member's outbox channel. Protocol: "JOIN room\n" (answered "OK\n"), then lines broadcast to the room.
    /// </summary>
    public static partial class TaskletServer
    {
        /// <summary>What a room tasklet receives: a member's outbox joining or leaving, or a line to broadcast.</summary>
        public sealed record RoomEvent(Channel<byte[]>? Joined, Channel<byte[]>? Left, byte[]? Line);

        /// <summary>Rooms by name; used only by the server's own thread.</summary>
        public sealed class Rooms
        {
            private readonly Dictionary<string, Channel<RoomEvent>> byName = new();
            public int Dropped; // connections that ended with an error (logged), the server kept serving

            public Channel<RoomEvent> Get(string name)
            {
                if (!byName.TryGetValue(name, out var events))
                {
                    byName[name] = events = new Channel<RoomEvent>();
                    SpawnRoom(events);
                }
                return events;
            }
        }

        [Tasklet]
        public static void Accept(Socket listener, Rooms rooms)
        {
            while (true)
            {
                Socket socket = Tasklet.Await(listener.AcceptAsync(CancellationToken.None));
                SpawnConnection(socket, rooms);
            }
        }

        [Tasklet]
        static void Room(Channel<RoomEvent> events)
        {
            var members = new List<Channel<byte[]>>();
            foreach (RoomEvent e in events)
            {
                if (e.Joined != null)
                {
                    members.Add(e.Joined);
                    e.Joined.Send(Ok);
                }
                else if (e.Left != null)
                {
                    members.Remove(e.Left);
                }
                else
                {
                    foreach (Channel<byte[]> member in members)
                        member.Send(e.Line!);
                }
            }
        }

        private static readonly byte[] Ok = Encoding.ASCII.GetBytes("OK\n");

        [Tasklet]
        static void Connection(Socket socket, Rooms rooms)
        {
            var outbox = new Channel<byte[]>();
            Channel<RoomEvent>? room = null;
            try
            {
                var reader = new LineReader();
                byte[]? first = ReadLine(socket, reader);
                if (first == null)
                    return;
                string join = LineReader.Text(first);
                if (!join.StartsWith("JOIN ", StringComparison.Ordinal))
                    throw new InvalidOperationException("expected JOIN, got: " + join);
                SpawnWriter(socket, outbox);
                room = rooms.Get(join.Substring(5));
                room.Send(new RoomEvent(outbox, null, null));
                byte[]? line;
                while ((line = ReadLine(socket, reader)) != null)
                    room.Send(new RoomEvent(null, null, line));
            }
            catch (Exception e) when (e is SocketException or InvalidOperationException or ObjectDisposedException)
            {
                // A connection that drops mid-message ends only its own tasklets; the server keeps serving.
                rooms.Dropped++;
                Console.Error.WriteLine("connection dropped: " + e.Message);
            }
            finally
            {
                room?.Send(new RoomEvent(null, outbox, null));
                outbox.Close();
            }
        }

        /// <summary>The next line from the socket, or null when the peer has closed it.</summary>
        [Tasklet]
        static byte[]? ReadLine(Socket socket, LineReader reader)
        {
            byte[]? line;
            while ((line = reader.TryTakeLine()) == null)
            {
                int n = Tasklet.Await(socket.ReceiveAsync(reader.Free, SocketFlags.None));
                if (n == 0)
                    return null;
                reader.Filled(n);
            }
            return line;
        }

        [Tasklet]
        static void Writer(Socket socket, Channel<byte[]> outbox)
        {
            bool failed = false;
            try
            {
                foreach (byte[] line in outbox)
                    Tasklet.Await(socket.SendAsync(line, SocketFlags.None));
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                failed = true; // the reader sees the same failure and reports it
            }
            finally
            {
                socket.Dispose();
            }
            if (failed)
                foreach (byte[] _ in outbox) { } // keep taking the room's lines until the connection leaves it
        }
    }
}
