using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using Stackless.Samples.ChatServer;
using Xunit;
using ChatProgram = Stackless.Samples.ChatServer.Program;

namespace Stackless.Package.Tests
{
    /// <summary>The chat server sample at a small size: every line reaches every member of its room exactly once, with either server.</summary>
    public sealed class ChatServerSampleTests
    {
        [Fact]
        public void TaskletServer_DeliversEveryLineToEveryRoomMember_Once()
        {
            (LoadResult r, _) = ChatProgram.Measure(TaskletHost.Start, connections: 60, rooms: 6, messages: 4, TimeSpan.FromSeconds(60));
            Assert.False(r.TimedOut);
            Assert.Equal(60L * 10 * 4, r.Expected); // each of 60 clients gets the 4 lines of each of its room's 10 members
            Assert.Equal(r.Expected, r.Delivered);
            Assert.Equal(0, r.Duplicates);
        }

        [Fact]
        public void TaskletServer_OnTwoThreads_RoomsOnBoth_DeliversEveryLineOnce()
        {
            // 40 rooms spread over two threads' shards; each connection is accepted on either thread and moves to its room's.
            (LoadResult r, _) = ChatProgram.Measure(listener => TaskletHost.Start(listener, 2), connections: 80, rooms: 40, messages: 5, TimeSpan.FromSeconds(60));
            Assert.False(r.TimedOut);
            Assert.Equal(80L * 2 * 5, r.Expected); // each of 80 clients gets the 5 lines of each of its room's 2 members
            Assert.Equal(r.Expected, r.Delivered);
            Assert.Equal(0, r.Duplicates);
        }

        [Fact]
        public void TaskServerBaseline_DeliversTheSame()
        {
            (LoadResult r, _) = ChatProgram.Measure(TaskHost.Start, connections: 60, rooms: 6, messages: 4, TimeSpan.FromSeconds(60));
            Assert.False(r.TimedOut);
            Assert.Equal(r.Expected, r.Delivered);
            Assert.Equal(0, r.Duplicates);
        }

        [Fact]
        public async System.Threading.Tasks.Task AConnectionDroppedMidMessage_EndsOnlyItsOwnTasklets_TheServerKeepsServing()
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(64);
            var endpoint = (IPEndPoint)listener.LocalEndPoint!;
            var host = (TaskletHost)TaskletHost.Start(listener);
            try
            {
                using (var rude = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
                {
                    rude.Connect(endpoint);
                    rude.Send(Encoding.ASCII.GetBytes("JOIN room0\n"));
                    var ok = new byte[3];
                    Assert.Equal(3, rude.Receive(ok));
                    rude.Send(Encoding.ASCII.GetBytes("half a mess"));   // no end of line
                    rude.LingerState = new LingerOption(true, 0);         // close with a reset, mid-message
                }
                SpinWait.SpinUntil(() => host.Dropped > 0, 10_000);
                Assert.Equal(1, host.Dropped);

                // The same server, the same room: still serving.
                var (clients, readers) = await LoadGenerator.ConnectAsync(endpoint, 4, 1);
                LoadResult r = await LoadGenerator.ExchangeAsync(clients, readers, 1, 3, TimeSpan.FromSeconds(30));
                LoadGenerator.Close(clients);
                Assert.Equal(4L * 4 * 3, r.Delivered);
            }
            finally
            {
                host.Dispose();
            }
        }

        [Fact]
        public void TaskletServer_LinesSentWithTheJoin_BeforeTheOk_AreBroadcastAfterIt()
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(16);
            using TaskletHost host = TaskletHost.Start(listener, 2);
            // Several rooms, so that on two threads some connections move to the other thread with their early lines.
            for (int room = 0; room < 6; room++)
            {
                using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000 };
                client.Connect(listener.LocalEndPoint!);
                client.Send(Encoding.ASCII.GetBytes($"JOIN early{room}\nfirst\nsecond\n")); // one segment: the JOIN and two lines
                var reader = new LineReader(64);
                var got = new System.Collections.Generic.List<string>();
                while (got.Count < 3)
                {
                    byte[]? line;
                    while (got.Count < 3 && (line = reader.TryTakeLine()) != null)
                        got.Add(LineReader.Text(line));
                    if (got.Count < 3)
                    {
                        var free = reader.Free;
                        int n = client.Receive(free.Span);
                        Assert.True(n > 0, "the server closed the connection");
                        reader.Filled(n);
                    }
                }
                Assert.Equal(new[] { "OK", "first", "second" }, got); // the room echoes its only member's lines back to it
            }
            Assert.Equal(0, host.Dropped);
        }

        [Fact]
        public void LineSplitter_TakesWholeLines_KeepsTheStartOfACutLine_UntilItsEndArrives()
        {
            var splitter = new LineSplitter();
            byte[][] first = splitter.Split(Encoding.ASCII.GetBytes("ab\ncd\nef"));
            Assert.Equal(new[] { "ab\n", "cd\n" }, Array.ConvertAll(first, l => Encoding.ASCII.GetString(l)));
            Assert.Empty(splitter.Split(Encoding.ASCII.GetBytes("g"))); // still no end of line
            byte[][] second = splitter.Split(Encoding.ASCII.GetBytes("h\n\nij\n"));
            Assert.Equal(new[] { "efgh\n", "\n", "ij\n" }, Array.ConvertAll(second, l => Encoding.ASCII.GetString(l)));
        }

        [Fact]
        public void LineSplitter_ALineLongerThanTheLimit_Throws()
        {
            var splitter = new LineSplitter();
            splitter.Split(new byte[LineSplitter.MaxLine]); // exactly the limit, no end of line yet: kept
            Assert.Throws<InvalidOperationException>(() => splitter.Split(new byte[] { (byte)'x' }));
        }

        [Fact]
        public async System.Threading.Tasks.Task LineSplitter_Receive_WithNothingArrived_ReturnsNull_ThenTheLines_ThenClosed()
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(listener.LocalEndPoint!);
            using Socket server = listener.Accept();
            server.Blocking = false;
            var splitter = new LineSplitter();
            var buffer = new byte[16];
            Assert.Null(splitter.Receive(server, buffer, out bool closed)); // nothing yet, and it did not wait
            Assert.False(closed);
            client.Send(Encoding.ASCII.GetBytes("hello\nwor"));
            await server.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10)); // the zero-byte receive: data has arrived
            byte[][]? lines = splitter.Receive(server, buffer, out closed);
            Assert.Equal("hello\n", Encoding.ASCII.GetString(Assert.Single(lines!)));
            client.Shutdown(SocketShutdown.Send);
            await server.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Null(splitter.Receive(server, buffer, out closed));
            Assert.True(closed);
        }
    }
}
