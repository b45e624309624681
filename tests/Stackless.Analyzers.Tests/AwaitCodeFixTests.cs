using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
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
        public Task TaskWaitsBecomeAwaits() => VerifyAsync(
            """
            using System.Threading.Tasks;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static int M(Task work, Task<int> count, ValueTask<string> name, ValueTask done)
                {
                    work.{|TSK102:Wait()|};
                    count.{|TSK102:Wait()|};
                    int n = count.{|TSK102:Result|} + 1;
                    string s = name.{|TSK102:Result|};
                    done.GetAwaiter().{|TSK102:GetResult()|};
                    n += count.ConfigureAwait(false).GetAwaiter().{|TSK102:GetResult()|};
                    return (count).{|TSK102:Result|} * n; // the count
                }
            }
            """,
            """
            using System.Threading.Tasks;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static int M(Task work, Task<int> count, ValueTask<string> name, ValueTask done)
                {
                    Tasklet.Await(work);
                    Tasklet.Await(count);
                    int n = Tasklet.Await(count) + 1;
                    string s = Tasklet.Await(name);
                    Tasklet.Await(done);
                    n += Tasklet.Await(count);
                    return Tasklet.Await(count) * n; // the count
                }
            }
            """);

        [Fact]
        public Task StreamCallsAwaitTheirAsyncCounterparts() => VerifyAsync(
            """
            using System.IO;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void Copy(Stream input, FileStream output, byte[] buffer)
                {
                    int n;
                    while ((n = input.{|TSK107:Read(buffer, 0, buffer.Length)|}) > 0)
                        output.{|TSK107:Write(buffer, 0, n)|};
                    output.{|TSK107:Flush()|};
                    input.{|TSK107:CopyTo(output)|};
                    foreach (string line in File.{|TSK107:ReadAllLines("in.txt")|})
                        File.{|TSK107:AppendAllText("out.txt", line)|};
                    input.{|TSK107:ReadExactly(buffer, 0, 4)|};
                    n = input.{|TSK107:ReadAtLeast(buffer, 4)|};
                    n += input.{|TSK107:ReadAtLeast(buffer, 4, throwOnEndOfStream: false)|};
                }
            }
            """,
            """
            using System.IO;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void Copy(Stream input, FileStream output, byte[] buffer)
                {
                    int n;
                    while ((n = Tasklet.Await(input.ReadAsync(buffer, 0, buffer.Length))) > 0)
                        Tasklet.Await(output.WriteAsync(buffer, 0, n));
                    Tasklet.Await(output.FlushAsync());
                    Tasklet.Await(input.CopyToAsync(output));
                    foreach (string line in Tasklet.Await(File.ReadAllLinesAsync("in.txt")))
                        Tasklet.Await(File.AppendAllTextAsync("out.txt", line));
                    Tasklet.Await(input.ReadExactlyAsync(buffer, 0, 4));
                    n = Tasklet.Await(input.ReadAtLeastAsync(buffer, 4));
                    n += Tasklet.Await(input.ReadAtLeastAsync(buffer, 4, throwOnEndOfStream: false));
                }
            }
            """);

        [Fact]
        public Task ReaderAndSocketCallsAwaitTheirAsyncCounterparts() => VerifyAsync(
            """
            using System.IO;
            using System.Net;
            using System.Net.Http;
            using System.Net.Sockets;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static string Serve(Socket listener, Socket peer, EndPoint at, StreamReader reader, byte[] buffer, HttpClient http)
                {
                    IPAddress[] addresses = Dns.{|TSK108:GetHostAddresses("localhost")|};
                    using HttpResponseMessage response = http.{|TSK108:Send(new HttpRequestMessage(HttpMethod.Get, "http://localhost/"))|};
                    peer.{|TSK108:Connect(at)|};
                    Socket client = listener.{|TSK108:Accept()|};
                    int n = client.{|TSK108:Receive(buffer)|};
                    client.{|TSK108:Send(buffer, SocketFlags.None)|};
                    return reader.{|TSK107:ReadLine()|} ?? "";
                }
            }
            """,
            """
            using System.IO;
            using System.Net;
            using System.Net.Http;
            using System.Net.Sockets;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static string Serve(Socket listener, Socket peer, EndPoint at, StreamReader reader, byte[] buffer, HttpClient http)
                {
                    IPAddress[] addresses = Tasklet.Await(Dns.GetHostAddressesAsync("localhost"));
                    using HttpResponseMessage response = Tasklet.Await(http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://localhost/")));
                    Tasklet.Await(peer.ConnectAsync(at));
                    Socket client = Tasklet.Await(listener.AcceptAsync());
                    int n = Tasklet.Await(client.ReceiveAsync(buffer));
                    Tasklet.Await(client.SendAsync(buffer, SocketFlags.None));
                    return Tasklet.Await(reader.ReadLineAsync()) ?? "";
                }
            }
            """);

        [Fact]
        public Task SemaphoreAndProcessWaitsAwaitTheirAsyncCounterparts() => new GeneratedCodeFixTest<TaskletAnalyzer, AwaitCodeFixProvider>
        {
            TestCode = """
                using System.Diagnostics;
                using System.Threading;
                using Stackless;

                partial class C
                {
                    [Tasklet]
                    static bool M(SemaphoreSlim gate, Process tool, object monitor)
                    {
                        gate.{|TSK103:Wait()|};
                        bool entered = gate.{|TSK103:Wait(100)|};
                        tool.{|TSK106:WaitForExit()|};
                        Monitor.{|TSK103:Enter(monitor)|};
                        return entered && tool.{|TSK106:WaitForExit(1000)|};
                    }
                }
                """,
            FixedCode = """
                using System.Diagnostics;
                using System.Threading;
                using Stackless;

                partial class C
                {
                    [Tasklet]
                    static bool M(SemaphoreSlim gate, Process tool, object monitor)
                    {
                        Tasklet.Await(gate.WaitAsync());
                        bool entered = Tasklet.Await(gate.WaitAsync(100));
                        Tasklet.Await(tool.WaitForExitAsync());
                        Monitor.{|TSK103:Enter(monitor)|};
                        return entered && tool.{|TSK106:WaitForExit(1000)|};
                    }
                }
                """,
            // Monitor has no async twin; WaitForExit(int) has none taking an int.
            FixedState = { MarkupHandling = MarkupMode.Allow },
        }.RunAsync(CancellationToken.None);

        [Fact]
        public Task AUserListedApiAwaitsItsAsyncCounterpart()
        {
            const string library = """
                namespace Legacy
                {
                    public class Db
                    {
                        public int Query(string sql) => 0;
                        public System.Threading.Tasks.Task<int> QueryAsync(string sql, System.Threading.CancellationToken token = default) => System.Threading.Tasks.Task.FromResult(0);
                        public void Vacuum() { }
                        public System.Threading.Tasks.Task VacuumAsync(bool full = false) => System.Threading.Tasks.Task.CompletedTask;
                        public int Fetch() => 0;
                        [System.Obsolete("use FetchNowAsync")]
                        public System.Threading.Tasks.Task<int> FetchAsync() => System.Threading.Tasks.Task.FromResult(0);
                    }
                }
                """;
            var test = new GeneratedCodeFixTest<TaskletAnalyzer, AwaitCodeFixProvider>
            {
                TestCode = """
                    partial class C
                    {
                        [Stackless.Tasklet]
                        static int M(Legacy.Db db)
                        {
                            db.{|TSK109:Vacuum()|};
                            return db.{|TSK109:Query("select 1")|} + db.{|TSK109:Fetch()|};
                        }
                    }

                    """ + library,
                FixedCode = """
                    using Stackless;

                    partial class C
                    {
                        [Stackless.Tasklet]
                        static int M(Legacy.Db db)
                        {
                            db.{|TSK109:Vacuum()|};
                            return Tasklet.Await(db.QueryAsync("select 1")) + db.{|TSK109:Fetch()|};
                        }
                    }

                    """ + library,
            };
            test.FixedState.MarkupHandling = MarkupMode.Allow; // Vacuum and Fetch stay reported
            const string list = "M:Legacy.Db.Query(System.String)\nM:Legacy.Db.Vacuum\nM:Legacy.Db.Fetch\n";
            test.TestState.AdditionalFiles.Add(("stackless.blocking.txt", list));
            test.FixedState.AdditionalFiles.Add(("stackless.blocking.txt", list));
            // VacuumAsync would take a default (full: false) that Vacuum does not have, FetchAsync is obsolete: no fix.
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task AStaticallyImportedCallKeepsItsShortName() => VerifyAsync(
            """
            using Stackless;
            using static System.IO.File;

            partial class C
            {
                [Tasklet]
                static string M(string path) => {|TSK107:ReadAllText(path)|}.Trim();
            }
            """,
            """
            using Stackless;
            using static System.IO.File;

            partial class C
            {
                [Tasklet]
                static string M(string path) => Tasklet.Await(ReadAllTextAsync(path)).Trim();
            }
            """);

        [Fact]
        public Task UsingStacklessIsAddedWhenMissing() => VerifyAsync(
            """
            using System.Threading.Tasks;

            namespace App
            {
                partial class C
                {
                    [Stackless.Tasklet]
                    static int M(Task<int> count) => count.{|TSK102:Result|};
                }
            }
            """,
            """
            using System.Threading.Tasks;
            using Stackless;

            namespace App
            {
                partial class C
                {
                    [Stackless.Tasklet]
                    static int M(Task<int> count) => Tasklet.Await(count);
                }
            }
            """);

        [Fact]
        public Task FixAllRewritesNestedWaitsInsideOut() => new GeneratedCodeFixTest<TaskletAnalyzer, AwaitCodeFixProvider>
        {
            NumberOfFixAllIterations = 1,
            TestCode = """
                using System.IO;
                using System.Threading.Tasks;
                using Stackless;

                partial class C
                {
                    [Tasklet]
                    static void M(Stream output, byte[] buffer, Task<int> length, Task<Task<int>> nested)
                    {
                        output.{|TSK107:Write(buffer, 0, length.{|TSK102:Result|})|};
                        int n = nested.{|TSK102:Result|}.{|TSK102:Result|};
                    }
                }
                """,
            FixedCode = """
                using System.IO;
                using System.Threading.Tasks;
                using Stackless;

                partial class C
                {
                    [Tasklet]
                    static void M(Stream output, byte[] buffer, Task<int> length, Task<Task<int>> nested)
                    {
                        Tasklet.Await(output.WriteAsync(buffer, 0, Tasklet.Await(length)));
                        int n = Tasklet.Await(Tasklet.Await(nested));
                    }
                }
                """,
        }.RunAsync(CancellationToken.None);

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
