using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Stackless;
using Stackless.CompilerServices;
using Xunit;

namespace Stackless.Runtime.Tests
{
    public class LoopbackEchoTests
    {
        [Fact]
        public void EchoServerOfTasklets_OnATaskletThread_ServesAThousandLoopbackConnections()
        {
            Bounded.Run(() =>
            {
                const int connections = 1000, messages = 3;
                using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listener.Bind(new IPEndPoint(IPAddress.Loopback, 0)); // 127.0.0.1 only
                listener.Listen(connections);
                var endpoint = (IPEndPoint)listener.LocalEndPoint!;
                var served = new int[1];
                var server = TaskletThread.Start("echo server");
                Tasklet? acceptor = null;
                server.Post(() => acceptor = TaskletFrame.Spawn(new AcceptLoopFrame(listener, served)));

                var clients = Enumerable.Range(0, connections).Select(async c =>
                {
                    using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    await client.ConnectAsync(endpoint);
                    var buffer = new byte[64];
                    for (int m = 0; m < messages; m++)
                    {
                        byte[] line = Encoding.ASCII.GetBytes($"client {c} message {m}\n");
                        await client.SendAsync(line, SocketFlags.None);
                        int got = 0;
                        while (got < line.Length)
                        {
                            int n = await client.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None);
                            Assert.True(n > 0, "the server closed the connection early");
                            got += n;
                        }
                        Assert.Equal(line, buffer.Take(got).ToArray());
                    }
                    client.Shutdown(SocketShutdown.Send);
                    Assert.Equal(0, await client.ReceiveAsync(buffer.AsMemory(), SocketFlags.None)); // the echo tasklet ended
                }).ToArray();
                Assert.True(Task.WaitAll(clients, TimeSpan.FromSeconds(50)), "clients did not finish in time");
                SpinWait.SpinUntil(() => Volatile.Read(ref served[0]) == connections, 10_000);
                Assert.Equal(connections, Volatile.Read(ref served[0]));
                server.Dispose(); // kills the acceptor, parked in Await(AcceptAsync)
                Assert.False(acceptor!.IsAlive);
            }, seconds: 90);
        }
    }

    /// <summary>[Tasklet] void AcceptLoop(Socket listener, int[] served) { while (true) { Socket s = Tasklet.Await(listener.AcceptAsync()); SpawnEcho(s, served); } }</summary>
    internal sealed class AcceptLoopFrame : TaskletFrame
    {
        private readonly Socket listener;
        private readonly int[] served;

        public AcceptLoopFrame(Socket listener, int[] served)
        {
            this.listener = listener;
            this.served = served;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
        Loop:
            State = 1;
            if (Tasklet.BeginAwait(this, listener.AcceptAsync(CancellationToken.None))) return;
        Resume1:
            Socket s = Tasklet.EndAwait<Socket>(this);
            TaskletFrame.Spawn(new EchoConnectionFrame(s, served));
            goto Loop;
        }
    }

    /// <summary>
    /// [Tasklet] void Echo(Socket s, int[] served)
    /// { using (s) { var buf = new byte[256]; int n; while ((n = Tasklet.Await(s.ReceiveAsync(buf, None))) > 0) Tasklet.Await(s.SendAsync(buf[..n], None)); } Interlocked.Increment(ref served[0]); }
    /// </summary>
    internal sealed class EchoConnectionFrame : TaskletFrame
    {
        private readonly Socket socket;
        private readonly int[] served;
        private readonly byte[] buffer = new byte[256];
        private int n;

        public EchoConnectionFrame(Socket socket, int[] served)
        {
            this.socket = socket;
            this.served = served;
        }

        protected override void MoveNext()
        {
            bool suspending = false;
            try
            {
                switch (State)
                {
                    case 1: goto Resume1;
                    case 2: goto Resume2;
                }
            Loop:
                State = 1;
                if (Tasklet.BeginAwait(this, socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None))) { suspending = true; return; }
            Resume1:
                n = Tasklet.EndAwait<int>(this);
                if (n == 0) goto Done;
                State = 2;
                if (Tasklet.BeginAwait(this, socket.SendAsync(buffer.AsMemory(0, n), SocketFlags.None))) { suspending = true; return; }
            Resume2:
                Tasklet.EndAwait<int>(this);
                goto Loop;
            Done:;
            }
            finally
            {
                if (!suspending) socket.Dispose();
            }
            Interlocked.Increment(ref served[0]);
            Return();
        }
    }
}
