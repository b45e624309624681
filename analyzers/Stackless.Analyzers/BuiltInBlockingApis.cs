using Microsoft.CodeAnalysis;

namespace Stackless.Analyzers
{
    /// <summary>
    /// The framework APIs that block the calling thread, by family (one diagnostic ID each).
    /// Members are written as a space-separated list of names: <c>Name</c> is every overload,
    /// <c>Name*</c> every non-async member whose name starts with <c>Name</c>, and <c>Name~</c> only the
    /// overloads that take a timeout (the ones without a timeout return at once).
    /// A call matches when it binds to one of these members or to an override of one (so <c>FileStream.Read</c>
    /// matches <c>Stream.Read</c>), on the type or any type derived from it.
    /// </summary>
    internal static class BuiltInBlockingApis
    {
        internal readonly struct Entry
        {
            public Entry(DiagnosticDescriptor rule, string typeMetadataName, string members)
            {
                Rule = rule;
                TypeMetadataName = typeMetadataName;
                Members = members;
            }

            public DiagnosticDescriptor Rule { get; }
            public string TypeMetadataName { get; }
            public string Members { get; }
        }

        public static readonly Entry[] Entries =
        {
            new(Descriptors.SleepOrJoin, "System.Threading.Thread", "Sleep Join"),

            new(Descriptors.TaskWait, "System.Threading.Tasks.Task", "Wait WaitAll WaitAny"),
            new(Descriptors.TaskWait, "System.Threading.Tasks.Task`1", "Result"),
            new(Descriptors.TaskWait, "System.Threading.Tasks.ValueTask`1", "Result"),
            new(Descriptors.TaskWait, "System.Runtime.CompilerServices.TaskAwaiter", "GetResult"),
            new(Descriptors.TaskWait, "System.Runtime.CompilerServices.TaskAwaiter`1", "GetResult"),
            new(Descriptors.TaskWait, "System.Runtime.CompilerServices.ValueTaskAwaiter", "GetResult"),
            new(Descriptors.TaskWait, "System.Runtime.CompilerServices.ValueTaskAwaiter`1", "GetResult"),
            new(Descriptors.TaskWait, "System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter", "GetResult"),
            new(Descriptors.TaskWait, "System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter", "GetResult"),
            new(Descriptors.TaskWait, "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable+ConfiguredValueTaskAwaiter", "GetResult"),
            new(Descriptors.TaskWait, "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1+ConfiguredValueTaskAwaiter", "GetResult"),

            new(Descriptors.SynchronizationWait, "System.Threading.Monitor", "Enter Wait TryEnter~"),
            new(Descriptors.SynchronizationWait, "System.Threading.Lock", "Enter EnterScope TryEnter~"),
            new(Descriptors.SynchronizationWait, "System.Threading.WaitHandle", "WaitOne WaitAll WaitAny SignalAndWait"),
            new(Descriptors.SynchronizationWait, "System.Threading.ManualResetEventSlim", "Wait"),
            new(Descriptors.SynchronizationWait, "System.Threading.SemaphoreSlim", "Wait"),
            new(Descriptors.SynchronizationWait, "System.Threading.CountdownEvent", "Wait"),
            new(Descriptors.SynchronizationWait, "System.Threading.Barrier", "SignalAndWait"),
            new(Descriptors.SynchronizationWait, "System.Threading.SpinWait", "SpinUntil"),
            new(Descriptors.SynchronizationWait, "System.Threading.ReaderWriterLockSlim",
                "EnterReadLock EnterWriteLock EnterUpgradeableReadLock TryEnterReadLock~ TryEnterWriteLock~ TryEnterUpgradeableReadLock~"),

            new(Descriptors.BlockingCollection, "System.Collections.Concurrent.BlockingCollection`1",
                "Take Add TakeFromAny AddToAny GetConsumingEnumerable TryTake~ TryAdd~ TryTakeFromAny~ TryAddToAny~"),

            new(Descriptors.ConsoleInput, "System.Console", "Read ReadLine ReadKey"),

            new(Descriptors.ProcessWait, "System.Diagnostics.Process", "WaitForExit WaitForInputIdle"),

            new(Descriptors.FileAndStreamIO, "System.IO.File", "Read* Write* Append*"),
            new(Descriptors.FileAndStreamIO, "System.IO.Stream", "Read Write CopyTo ReadByte WriteByte Flush ReadExactly ReadAtLeast"),
            new(Descriptors.FileAndStreamIO, "System.IO.StreamReader", "Read ReadLine ReadToEnd ReadBlock"),
            new(Descriptors.FileAndStreamIO, "System.IO.RandomAccess", "Read Write"),

            new(Descriptors.NetworkIO, "System.Net.Sockets.Socket",
                "Accept Connect Disconnect Receive ReceiveFrom ReceiveMessageFrom Send SendTo SendFile Poll Select"),
            new(Descriptors.NetworkIO, "System.Net.Sockets.TcpClient", "Connect"),
            new(Descriptors.NetworkIO, "System.Net.Sockets.TcpListener", "AcceptSocket AcceptTcpClient"),
            new(Descriptors.NetworkIO, "System.Net.Sockets.UdpClient", "Receive Send"),
            new(Descriptors.NetworkIO, "System.Net.Http.HttpMessageInvoker", "Send"),
            new(Descriptors.NetworkIO, "System.Net.Http.HttpClient", "Send"),
            new(Descriptors.NetworkIO, "System.Net.Http.HttpContent", "ReadAsStream CopyTo LoadIntoBuffer"),
            new(Descriptors.NetworkIO, "System.Net.Dns", "GetHostEntry GetHostAddresses"),
        };

        /// <summary>
        /// Streams whose synchronous I/O is a memory copy: a call on a receiver statically typed as one of these
        /// is not reported (a <see cref="System.IO.Stream"/>-typed receiver still is: it may be a file or a socket).
        /// </summary>
        public static readonly string[] InMemoryStreams =
        {
            "System.IO.MemoryStream",
            "System.IO.UnmanagedMemoryStream",
        };
    }
}
