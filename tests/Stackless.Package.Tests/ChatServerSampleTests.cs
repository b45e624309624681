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
                SpinWait.SpinUntil(() => Volatile.Read(ref host.Rooms.Dropped) > 0, 10_000);
                Assert.Equal(1, Volatile.Read(ref host.Rooms.Dropped));

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
    }
}
