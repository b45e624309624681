using System.Threading.Tasks;
using Stackless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Stackless.Analyzers.Tests
{
    /// <summary>TSK101–TSK108: blocking framework APIs called directly in a [Tasklet] method, one family per ID.</summary>
    public class BlockingCallTests
    {
        // Each statement is placed in a [Tasklet] method that has a variable of every type the statements use.
        private static string InTasklet(string statement) => $$"""
            using System;
            using System.Collections.Concurrent;
            using System.Diagnostics;
            using System.IO;
            using System.Net;
            using System.Net.Http;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void M(
                    Channel<int> ch, Task task, Task<int> taskOfInt, ValueTask<int> valueTask, ValueTask plainValueTask,
                    Tasklet<int> tasklet, object gate, Lock newLock, Thread thread,
                    Mutex mutex, ManualResetEvent manualEvent, AutoResetEvent autoEvent, Semaphore semaphore,
                    ManualResetEventSlim slimEvent, SemaphoreSlim slimSemaphore, CountdownEvent countdown, Barrier barrier,
                    ReaderWriterLockSlim rwLock, BlockingCollection<int> queue, Process process,
                    FileStream file, Stream stream, MemoryStream memory, StreamReader reader, NetworkStream network,
                    Socket socket, TcpClient tcp, TcpListener listener, HttpClient http, HttpRequestMessage request, byte[] buffer)
                {
                    {{statement}}
                    ch.Send(0);
                }
            }
            """;

        [Theory]
        // TSK101: sleep and join
        [InlineData("Thread.{|TSK101:Sleep(10)|};")]
        [InlineData("Thread.{|TSK101:Sleep(TimeSpan.FromSeconds(1))|};")]
        [InlineData("thread.{|TSK101:Join()|};")]
        [InlineData("bool joined = thread.{|TSK101:Join(100)|};")]
        // TSK102: task waits, .Result, GetAwaiter().GetResult()
        [InlineData("task.{|TSK102:Wait()|};")]
        [InlineData("task.{|TSK102:Wait(100)|};")]
        [InlineData("Task.{|TSK102:WaitAll(task, taskOfInt)|};")]
        [InlineData("Task.{|TSK102:WaitAny(task)|};")]
        [InlineData("taskOfInt.{|TSK102:Wait()|};")]
        [InlineData("int r = taskOfInt.{|TSK102:Result|};")]
        [InlineData("int r = valueTask.{|TSK102:Result|};")]
        [InlineData("task.GetAwaiter().{|TSK102:GetResult()|};")]
        [InlineData("int r = taskOfInt.GetAwaiter().{|TSK102:GetResult()|};")]
        [InlineData("int r = taskOfInt.ConfigureAwait(false).GetAwaiter().{|TSK102:GetResult()|};")]
        [InlineData("task.ConfigureAwait(false).GetAwaiter().{|TSK102:GetResult()|};")]
        [InlineData("int r = valueTask.GetAwaiter().{|TSK102:GetResult()|};")]
        [InlineData("plainValueTask.GetAwaiter().{|TSK102:GetResult()|};")]
        [InlineData("int r = Task.Run(() => 1).{|TSK102:Result|};")]
        // TSK103: monitors, wait handles and their subclasses, slim primitives, barrier, spin-wait, locks
        [InlineData("Monitor.{|TSK103:Enter(gate)|};")]
        [InlineData("Monitor.{|TSK103:Wait(gate)|};")]
        [InlineData("bool taken = Monitor.{|TSK103:TryEnter(gate, 100)|};")]
        [InlineData("bool taken = Monitor.{|TSK103:TryEnter(gate, TimeSpan.FromSeconds(1))|};")]
        [InlineData("newLock.{|TSK103:Enter()|};")]
        [InlineData("mutex.{|TSK103:WaitOne()|};")]
        [InlineData("manualEvent.{|TSK103:WaitOne()|};")]
        [InlineData("autoEvent.{|TSK103:WaitOne(100)|};")]
        [InlineData("semaphore.{|TSK103:WaitOne()|};")]
        [InlineData("WaitHandle.{|TSK103:WaitAll(new WaitHandle[] { manualEvent, autoEvent })|};")]
        [InlineData("WaitHandle.{|TSK103:WaitAny(new WaitHandle[] { mutex })|};")]
        [InlineData("slimEvent.{|TSK103:Wait()|};")]
        [InlineData("slimSemaphore.{|TSK103:Wait()|};")]
        [InlineData("countdown.{|TSK103:Wait()|};")]
        [InlineData("barrier.{|TSK103:SignalAndWait()|};")]
        [InlineData("SpinWait.{|TSK103:SpinUntil(() => true)|};")]
        [InlineData("rwLock.{|TSK103:EnterWriteLock()|};")]
        [InlineData("rwLock.{|TSK103:EnterReadLock()|};")]
        // TSK104: blocking collections
        [InlineData("int item = queue.{|TSK104:Take()|};")]
        [InlineData("queue.{|TSK104:Add(1)|};")]
        [InlineData("queue.{|TSK104:TryTake(out int item, 100)|};")]
        [InlineData("foreach (int item in queue.{|TSK104:GetConsumingEnumerable()|}) { }")]
        // TSK105: console input
        [InlineData("string? line = Console.{|TSK105:ReadLine()|};")]
        [InlineData("Console.{|TSK105:ReadKey()|};")]
        [InlineData("int c = Console.{|TSK105:Read()|};")]
        // TSK106: process waits
        [InlineData("process.{|TSK106:WaitForExit()|};")]
        [InlineData("bool exited = process.{|TSK106:WaitForExit(1000)|};")]
        // TSK107: file and stream I/O, including overrides (FileStream.Read overrides Stream.Read)
        [InlineData("string text = File.{|TSK107:ReadAllText(\"a.txt\")|};")]
        [InlineData("string[] lines = File.{|TSK107:ReadAllLines(\"a.txt\")|};")]
        [InlineData("File.{|TSK107:WriteAllBytes(\"a.bin\", buffer)|};")]
        [InlineData("File.{|TSK107:AppendAllText(\"a.txt\", \"b\")|};")]
        [InlineData("int n = file.{|TSK107:Read(buffer, 0, 1)|};")]
        [InlineData("file.{|TSK107:Write(buffer, 0, 1)|};")]
        [InlineData("int n = file.{|TSK107:Read(buffer.AsSpan())|};")]
        [InlineData("stream.{|TSK107:Write(buffer, 0, 1)|};")]
        [InlineData("int b = stream.{|TSK107:ReadByte()|};")]
        [InlineData("stream.{|TSK107:Flush()|};")]
        [InlineData("stream.{|TSK107:CopyTo(file)|};")]
        [InlineData("memory.{|TSK107:CopyTo(file)|};")]
        [InlineData("int n = network.{|TSK107:Read(buffer, 0, 1)|};")]
        [InlineData("string? line = reader.{|TSK107:ReadLine()|};")]
        [InlineData("string all = reader.{|TSK107:ReadToEnd()|};")]
        // TSK108: network I/O
        [InlineData("int n = socket.{|TSK108:Receive(buffer)|};")]
        [InlineData("int n = socket.{|TSK108:Send(buffer)|};")]
        [InlineData("Socket client = socket.{|TSK108:Accept()|};")]
        [InlineData("socket.{|TSK108:Connect(\"example.invalid\", 80)|};")]
        [InlineData("tcp.{|TSK108:Connect(\"example.invalid\", 80)|};")]
        [InlineData("TcpClient client = listener.{|TSK108:AcceptTcpClient()|};")]
        [InlineData("HttpResponseMessage response = http.{|TSK108:Send(request)|};")]
        [InlineData("IPHostEntry entry = Dns.{|TSK108:GetHostEntry(\"example.invalid\")|};")]
        public Task BlockingApiInTaskletIsReported(string statement) => AnalyzerVerifier.VerifyAsync(InTasklet(statement));

        [Theory]
        // Same families, but calls that do not block, or are not blocking APIs at all.
        [InlineData("bool taken = Monitor.TryEnter(gate);")]
        [InlineData("Monitor.Exit(gate);")]
        [InlineData("bool taken = queue.TryTake(out int item);")]
        [InlineData("bool added = queue.TryAdd(1);")]
        [InlineData("int n = memory.Read(buffer, 0, 1);")]
        [InlineData("memory.Write(buffer, 0, 1);")]
        [InlineData("bool exists = File.Exists(\"a.txt\");")]
        [InlineData("Task<string> pending = File.ReadAllTextAsync(\"a.txt\");")]
        [InlineData("Console.WriteLine(\"hello\");")]
        [InlineData("Task delay = Task.Delay(10);")]
        [InlineData("bool done = taskOfInt.IsCompleted;")]
        [InlineData("int r = tasklet.Result;")]
        [InlineData("manualEvent.Set();")]
        [InlineData("slimSemaphore.Release();")]
        [InlineData("Thread.Yield();")]
        // Blocking calls inside lambdas and local functions are not tasklet code: they run wherever they are invoked.
        [InlineData("Task background = Task.Run(() => Thread.Sleep(10));")]
        [InlineData("Action read = () => Console.ReadLine();")]
        [InlineData("void Local() => Thread.Sleep(10);")]
        [InlineData("Func<int> get = delegate { return taskOfInt.Result; };")]
        public Task NonBlockingCallInTaskletIsNotReported(string statement) => AnalyzerVerifier.VerifyAsync(InTasklet(statement));

        [Fact]
        public Task BlockingCallOutsideTaskletsIsNotReported() => AnalyzerVerifier.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Stackless;

            partial class C
            {
                static void Main()
                {
                    Thread.Sleep(10);
                    Console.ReadLine();
                    Task.Delay(1).Wait();
                }

                static int Ordinary(Task<int> task) => task.Result;

                [Tasklet]
                static void Fine(Channel<int> ch) => ch.Send(1);
            }
            """);

        [Fact]
        public Task OverrideInTheCompilationIsMatchedThroughTheMemberItOverrides() => AnalyzerVerifier.VerifyAsync("""
            using System.IO;
            using Stackless;

            class LogStream : FileStream
            {
                public LogStream() : base("log.txt", FileMode.Open) { }
                public override int Read(byte[] buffer, int offset, int count) => 0;
            }

            partial class C
            {
                [Tasklet]
                static void M(LogStream log, byte[] buffer, Channel<int> ch)
                {
                    ch.Send(log.{|TSK107:Read(buffer, 0, 1)|});
                }
            }
            """);

        [Fact]
        public Task ExpressionBodiedTaskletAndNullConditionalCallsAreReported() => AnalyzerVerifier.VerifyAsync("""
            using System.Threading.Tasks;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static int M(Task<int> task) => task.{|TSK102:Result|} + 1;

                [Tasklet]
                static void N(Task? task) => task?.{|TSK102:Wait()|};
            }
            """);

        [Fact]
        public Task MessageNamesTheApiAndTheFix() => AnalyzerVerifier.VerifyAsync(
            """
            using System.Threading;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void M() => Thread.{|#0:Sleep(100)|};
            }
            """,
            AnalyzerVerifier.Diagnostic("TSK101").WithLocation(0).WithArguments("Thread.Sleep"));
    }
}
