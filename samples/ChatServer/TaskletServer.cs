using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Stackless.Samples.ChatServer
{
    /// <summary>
    /// The chat server as tasklets on N <see cref="TaskletThread"/>s (one per core). Each room is a tasklet on one
    /// thread (its shard, by the room's name), receiving joins, leaves and lines on its channel and handing every
    /// line to each member without waiting. A connection is read on the thread that accepted it until its
    /// "JOIN room" line, then moves to its room's thread for good (one <see cref="TaskletThread.Post"/>): from then
    /// on every line of a room is read, broadcast and written by tasklets of one thread, with no lock and no
    /// cross-thread hand-off. Per connection: a reader tasklet and a writer tasklet, both waiting on the socket
    /// with <see cref="Tasklet.Await(System.Threading.Tasks.Task)"/>. Protocol: "JOIN room\n" (answered "OK\n"),
    /// then lines broadcast to the room.
    /// </summary>
    public static partial class TaskletServer
    {
        /// <summary>Bytes read at once from a socket that has data; one buffer per thread (see <see cref="LineSplitter"/>).</summary>
        public const int ReceiveBufferSize = 4096;

        private static readonly byte[] Ok = Encoding.ASCII.GetBytes("OK\n");

        /// <summary>The whole server: its shards (one per thread) and what it counts.</summary>
        public sealed class Server
        {
            internal readonly Shard[] Shards;

            /// <summary>Connections that ended with an error (logged); the server kept serving. Any thread (interlocked).</summary>
            public int Dropped;

            public Server(TaskletThread[] threads)
            {
                Shards = new Shard[threads.Length];
                for (int i = 0; i < threads.Length; i++)
                    Shards[i] = new Shard(this, threads[i]);
            }

            /// <summary>The shard whose thread runs room <paramref name="name"/>.</summary>
            internal Shard ShardOf(string name) => Shards[(int)((uint)name.GetHashCode() % (uint)Shards.Length)];

            internal void ConnectionDropped(Exception e)
            {
                Interlocked.Increment(ref Dropped);
                Console.Error.WriteLine("connection dropped: " + e.Message);
            }
        }

        /// <summary>One thread's part of the server: its rooms and its receive buffer. Used only on that thread.</summary>
        public sealed class Shard
        {
            internal readonly Server Server;
            internal readonly TaskletThread Thread;
            internal readonly byte[] ReceiveBuffer = new byte[ReceiveBufferSize];
            private readonly Dictionary<string, Channel<object>> rooms = new();

            internal Shard(Server server, TaskletThread thread)
            {
                Server = server;
                Thread = thread;
            }

            /// <summary>The room's channel; the room's tasklet is spawned on first use.</summary>
            internal Channel<object> Room(string name)
            {
                if (!rooms.TryGetValue(name, out var events))
                {
                    rooms[name] = events = new Channel<object>();
                    SpawnRoom(events);
                }
                return events;
            }

            /// <summary>On this shard's thread: the connection's tasklets start here, in its room.</summary>
            internal void Admit(Socket socket, LineSplitter splitter, string room, byte[][] early)
            {
                var member = new Member(socket);
                SpawnWriter(member);
                SpawnConnection(member, Room(room), this, splitter, early);
            }
        }

        /// <summary>
        /// One connection's sending side, on its room's thread. The room hands it lines with <see cref="Deliver"/>,
        /// which never waits: to the writer tasklet at once if it waits for one, else into a queue the writer empties
        /// (in order) before it waits again. Nothing is dropped unless sending has failed.
        /// </summary>
        public sealed class Member
        {
            internal readonly Socket Socket;

            /// <summary>Where the writer waits when nothing is queued.</summary>
            internal readonly Channel<byte[]> Outbox = new();

            /// <summary>Lines that came while the writer was sending; made on first need.</summary>
            private Queue<byte[]>? queued;
            private bool failed;

            internal Member(Socket socket) => Socket = socket;

            internal void Deliver(byte[] line)
            {
                if (failed)
                    return; // the connection is ending with an error: nobody will read it
                if (!Outbox.TrySend(line))
                    (queued ??= new Queue<byte[]>()).Enqueue(line);
            }

            /// <summary>The next queued line, or null.</summary>
            internal byte[]? TakeQueued() => queued != null && queued.Count > 0 ? queued.Dequeue() : null;

            internal void Failed()
            {
                failed = true;
                queued = null;
            }
        }

        /// <summary>A member leaves its room.</summary>
        internal sealed record Leave(Member Member);

        [Tasklet]
        public static void Accept(Socket listener, Shard shard)
        {
            while (true)
            {
                Socket socket = Tasklet.Await(listener.AcceptAsync(CancellationToken.None));
                socket.Blocking = false; // LineSplitter reads without waiting
                SpawnJoining(socket, shard);
            }
        }

        /// <summary>Reads the JOIN line on the accepting thread, then hands the connection to its room's thread.</summary>
        [Tasklet]
        static void Joining(Socket socket, Shard here)
        {
            var splitter = new LineSplitter();
            bool closed;
            try
            {
                byte[][]? lines;
                while ((lines = splitter.Receive(socket, here.ReceiveBuffer, out closed)) == null || lines.Length == 0)
                {
                    if (closed)
                    {
                        socket.Dispose();
                        return;
                    }
                    if (lines == null)
                        Tasklet.Await(socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None)); // holds no buffer while it waits
                }
                string join = LineReader.Text(lines[0]);
                if (!join.StartsWith("JOIN ", StringComparison.Ordinal))
                    throw new InvalidOperationException("expected JOIN, got: " + join);
                string name = join.Substring(5);
                byte[][] early = lines[1..]; // lines sent before the OK (none from a client that waits for it)
                Shard target = here.Server.ShardOf(name);
                if (target == here)
                    here.Admit(socket, splitter, name, early);
                else
                    target.Thread.Post(() => target.Admit(socket, splitter, name, early));
            }
            catch (Exception e) when (e is SocketException or InvalidOperationException or ObjectDisposedException)
            {
                socket.Dispose();
                here.Server.ConnectionDropped(e);
            }
        }

        [Tasklet]
        static void Room(Channel<object> events)
        {
            var members = new List<Member>();
            foreach (object e in events)
            {
                if (e is byte[][] lines)
                    Broadcast(members, lines);
                else if (e is Member joined)
                {
                    members.Add(joined);
                    joined.Deliver(Ok);
                }
                else
                    members.Remove(((Leave)e).Member);
            }
        }

        private static void Broadcast(List<Member> members, byte[][] lines)
        {
            foreach (Member m in members)
                foreach (byte[] line in lines)
                    m.Deliver(line);
        }

        /// <summary>The reading side of a connection, on its room's thread: joins, then sends the room what the peer says.</summary>
        [Tasklet]
        static void Connection(Member member, Channel<object> room, Shard shard, LineSplitter splitter, byte[][] early)
        {
            Socket socket = member.Socket;
            bool joined = false, closed;
            try
            {
                room.Send(member); // the room answers OK
                joined = true;
                if (early.Length > 0)
                    room.Send(early);
                while (true)
                {
                    // Wait until bytes have arrived (it completes at once if they have), holding no buffer meanwhile.
                    Tasklet.Await(socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None));
                    byte[][]? lines = splitter.Receive(socket, shard.ReceiveBuffer, out closed);
                    if (closed)
                        break;
                    if (lines != null && lines.Length > 0)
                        room.Send(lines);
                }
            }
            catch (Exception e) when (e is SocketException or InvalidOperationException or ObjectDisposedException)
            {
                // A connection that drops mid-message ends only its own tasklets; the server keeps serving.
                shard.Server.ConnectionDropped(e);
            }
            finally
            {
                if (joined)
                    room.Send(new Leave(member));
                member.Outbox.Close();
            }
        }

        /// <summary>The writing side of a connection: sends what the room delivers, in order, until the connection has left.</summary>
        [Tasklet]
        static void Writer(Member member)
        {
            Socket socket = member.Socket;
            try
            {
                foreach (byte[] line in member.Outbox)
                {
                    Tasklet.Await(socket.SendAsync(line, SocketFlags.None));
                    byte[]? next;
                    while ((next = member.TakeQueued()) != null)
                        Tasklet.Await(socket.SendAsync(next, SocketFlags.None));
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                member.Failed(); // the reader sees the same failure and reports it
            }
            finally
            {
                socket.Dispose();
            }
        }
    }
}
