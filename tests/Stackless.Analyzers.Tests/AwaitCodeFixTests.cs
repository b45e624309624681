using System.Threading;
using System.Threading.Tasks;
using Stackless.Analyzers.CodeFixes;
using Stackless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Stackless.Analyzers.Tests
{
    /// <summary>
    /// The TSK102/TSK107/TSK108 fix: a blocking wait or blocking I/O in tasklet code parks the tasklet instead,
    /// <c>t.Result</c> → <c>Tasklet.Await(t)</c>, <c>s.Read(…)</c> → <c>Tasklet.Await(s.ReadAsync(…))</c>.
    /// </summary>
    public class AwaitCodeFixTests
    {
        private static Task VerifyAsync(string code, string fixedCode) =>
            new GeneratedCodeFixTest<TaskletAnalyzer, AwaitCodeFixProvider> { TestCode = code, FixedCode = fixedCode }.RunAsync(CancellationToken.None);

        [Fact]
        public Task NoFixWhereNoAwaitableCounterpartCompilesOrMeansTheSame()
        {
            const string code = """
                using System;
                using System.IO;
                using System.Net.Sockets;
                using System.Threading.Tasks;
                using Stackless;

                partial class C
                {
                    [Tasklet]
                    static void M(Stream stream, Socket socket, Task<int> a, Task b, byte[] buffer)
                    {
                        int x = stream.{|TSK107:ReadByte()|};
                        x += stream.{|TSK107:Read(buffer.AsSpan())|};
                        socket.{|TSK108:Poll(1000, SelectMode.SelectRead)|};
                        socket.{|TSK108:Receive(buffer, 0, 4, SocketFlags.None)|};
                        b.{|TSK102:Wait(100)|};
                        Task.{|TSK102:WaitAll(a, b)|};
                        b.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().{|TSK102:GetResult()|};
                        x += a?.{|TSK102:Result|} ?? 0;
                        Task.Delay(1).{|TSK102:Wait()|};
                    }
                }
                """;
            // ReadByte has no async twin; spans cannot cross into ReadAsync; Poll has none; Receive(buffer, offset, size, flags)
            // has no ReceiveAsync twin; a bounded wait and WaitAll mean something else; SuppressThrowing would start throwing;
            // a conditional access would change shape; Task.Delay(d).Wait() is Scheduler.Sleep's fix.
            return VerifyAsync(code, code);
        }

        [Fact]
        public Task NoFixWhereASuspensionPointCannotGo()
        {
            const string code = """
                using System;
                using System.IO;
                using System.Threading.Tasks;
                using Stackless;

                partial class C
                {
                    static readonly object Gate = new object();

                    [Tasklet]
                    static int M(Stream stream, Task<int> a, byte[] buffer)
                    {
                        lock (Gate)
                        {
                            stream.{|TSK107:Flush()|};
                        }
                        try
                        {
                            stream.Dispose();
                        }
                        catch (Exception) when (a.{|TSK102:Result|} > 0)
                        {
                        }
                        Span<byte> header = stackalloc byte[2];
                        int n = stream.{|TSK107:Read(buffer, 0, 2)|};
                        return header[0] + n;
                    }
                }
                """;
            // TSK005 inside a lock, TSK006 in an exception filter, TSK004 with a span declared before.
            return VerifyAsync(code, code);
        }
    }
}
