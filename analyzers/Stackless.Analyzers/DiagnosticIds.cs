namespace Stackless.Analyzers
{
    /// <summary>
    /// The analyzers' diagnostic IDs (TSK100–TSK199; the generator owns TSK001–TSK099).
    /// One ID per family of blocking API, so each family's severity can be tuned in <c>.editorconfig</c>.
    /// </summary>
    public static class DiagnosticIds
    {
        /// <summary><c>Thread.Sleep</c>, <c>Thread.Join</c>.</summary>
        public const string SleepOrJoin = "TSK101";

        /// <summary><c>Task.Wait/WaitAll/WaitAny</c>, <c>.Result</c>, <c>GetAwaiter().GetResult()</c>.</summary>
        public const string TaskWait = "TSK102";

        /// <summary>Monitor, wait handles, slim primitives, barrier, spin-wait, reader-writer locks.</summary>
        public const string SynchronizationWait = "TSK103";

        /// <summary><c>BlockingCollection&lt;T&gt;</c> take and add.</summary>
        public const string BlockingCollection = "TSK104";

        /// <summary><c>Console.Read/ReadLine/ReadKey</c>.</summary>
        public const string ConsoleInput = "TSK105";

        /// <summary><c>Process.WaitForExit/WaitForInputIdle</c>.</summary>
        public const string ProcessWait = "TSK106";

        /// <summary>Synchronous file and stream I/O.</summary>
        public const string FileAndStreamIO = "TSK107";

        /// <summary>Synchronous network I/O: sockets, TCP/UDP clients, HTTP, DNS.</summary>
        public const string NetworkIO = "TSK108";

        /// <summary>An API the user listed in <c>stackless.blocking.txt</c>.</summary>
        public const string UserListedBlockingApi = "TSK109";

        /// <summary>A call to a method of the compilation that blocks, directly or through its callees.</summary>
        public const string BlockingThroughCall = "TSK110";

        /// <summary>A call to a non-[Tasklet] method that reaches a suspension point.</summary>
        public const string SuspensionOutsideTasklet = "TSK111";

        /// <summary>A [Tasklet] method or a suspending API turned into a delegate inside tasklet code.</summary>
        public const string SuspendingMethodAsDelegate = "TSK112";

        /// <summary><c>Scheduler.Run()</c> inside a [Tasklet] method.</summary>
        public const string SchedulerRunInTasklet = "TSK113";

        /// <summary>An entry of <c>stackless.blocking.txt</c> that names no API.</summary>
        public const string InvalidBlockingListEntry = "TSK114";

        /// <summary>A non-[Tasklet] override of a [Tasklet] method (tasklets calling through the base would run the base's body).</summary>
        public const string NonTaskletOverride = "TSK115";

        /// <summary>A [Tasklet] method called inside a lambda, local function or query of a [Tasklet] method: an ordinary call there.</summary>
        public const string TaskletCallInClosure = "TSK116";

        /// <summary>A loop of a [Tasklet] method in a lambda or a local function that may run later: the watchdog cannot interrupt it.</summary>
        public const string UninterruptibleLoop = "TSK117";

        /// <summary>The generator's "the type containing a [Tasklet] method is not partial" (fixed by the code fix here).</summary>
        public const string GeneratorTypeNotPartial = "TSK001";
    }
}
