using Microsoft.CodeAnalysis;

namespace Stackless.Analyzers
{
    /// <summary>Every diagnostic the analyzers report. Each message says what to do about it.</summary>
    public static class Descriptors
    {
        /// <summary>Where each diagnostic's page lives: docs/diagnostics/TSKnnn.md in the repository.</summary>
        public const string HelpLinkBase = "https://github.com/stackless-csharp/stackless/blob/main/docs/diagnostics/";

        private const string Reliability = "Reliability";
        private const string Usage = "Usage";
        private const string Configuration = "Configuration";

        public static readonly DiagnosticDescriptor SleepOrJoin = Warning(
            DiagnosticIds.SleepOrJoin, Reliability,
            "Thread.Sleep or Thread.Join inside a tasklet",
            "'{0}' blocks the thread, and every tasklet of its scheduler stalls while it waits; sleep the tasklet with Scheduler.Sleep(…), yield with Scheduler.Schedule(), or wait on a Channel<T>");

        public static readonly DiagnosticDescriptor TaskWait = Warning(
            DiagnosticIds.TaskWait, Reliability,
            "Waiting for a Task inside a tasklet",
            "'{0}' blocks the thread until the task completes, and every tasklet of its scheduler stalls meanwhile; use Tasklet.Await(task), which parks only this tasklet, or wait outside tasklet code");

        public static readonly DiagnosticDescriptor SynchronizationWait = Warning(
            DiagnosticIds.SynchronizationWait, Reliability,
            "Blocking synchronization primitive inside a tasklet",
            "'{0}' blocks the thread, and every tasklet of its scheduler stalls while it waits; tasklets of one scheduler share a thread and need no locks: coordinate them through a Channel<T>");

        public static readonly DiagnosticDescriptor BlockingCollection = Warning(
            DiagnosticIds.BlockingCollection, Reliability,
            "BlockingCollection operation inside a tasklet",
            "'{0}' can block the thread, and every tasklet of its scheduler stalls while it waits; pass items between tasklets through a Channel<T>");

        public static readonly DiagnosticDescriptor ConsoleInput = Warning(
            DiagnosticIds.ConsoleInput, Reliability,
            "Console input inside a tasklet",
            "'{0}' blocks the thread until the user types, and every tasklet of its scheduler stalls meanwhile; read input in main and send it to the tasklet through a Channel<T>");

        public static readonly DiagnosticDescriptor ProcessWait = Warning(
            DiagnosticIds.ProcessWait, Reliability,
            "Waiting for a process inside a tasklet",
            "'{0}' blocks the thread until the process is done, and every tasklet of its scheduler stalls meanwhile; use Tasklet.Await(process.WaitForExitAsync()), or poll Process.HasExited with Scheduler.Sleep(…) between polls");

        public static readonly DiagnosticDescriptor FileAndStreamIO = Warning(
            DiagnosticIds.FileAndStreamIO, Reliability,
            "Synchronous file or stream I/O inside a tasklet",
            "'{0}' blocks the thread on I/O, and every tasklet of its scheduler stalls meanwhile; await its async counterpart with Tasklet.Await (Tasklet.Await(stream.ReadAsync(…))), or do the I/O outside tasklet code (or lower TSK107's severity where short local I/O is acceptable)");

        public static readonly DiagnosticDescriptor NetworkIO = Warning(
            DiagnosticIds.NetworkIO, Reliability,
            "Synchronous network I/O inside a tasklet",
            "'{0}' blocks the thread on the network, and every tasklet of its scheduler stalls meanwhile; await its async counterpart with Tasklet.Await (Tasklet.Await(socket.ReceiveAsync(…))), or do network I/O outside tasklet code");

        public static readonly DiagnosticDescriptor UserListedBlockingApi = Warning(
            DiagnosticIds.UserListedBlockingApi, Reliability,
            "API listed as blocking inside a tasklet",
            "'{0}' is listed as blocking in {1}, and every tasklet of its scheduler stalls while it runs; call it outside tasklet code");

        public static readonly DiagnosticDescriptor BlockingThroughCall = Warning(
            DiagnosticIds.BlockingThroughCall, Reliability,
            "Call to a method that blocks",
            "'{0}' blocks: {1}; every tasklet of the scheduler stalls while it waits: remove the blocking call from it, or call it outside tasklet code");

        public static readonly DiagnosticDescriptor SuspensionOutsideTasklet = Warning(
            DiagnosticIds.SuspensionOutsideTasklet, Usage,
            "Suspension point in a method that is not [Tasklet]",
            "'{0}' suspends ({1}) but is not a [Tasklet] method, so called from a tasklet it throws InvalidOperationException at run time; mark '{0}' [Tasklet]");

        public static readonly DiagnosticDescriptor SuspendingMethodAsDelegate = Warning(
            DiagnosticIds.SuspendingMethodAsDelegate, Usage,
            "Suspending method used as a delegate inside a tasklet",
            "'{0}' suspends the tasklet only when called directly; invoked through a delegate it runs as an ordinary call and throws InvalidOperationException inside a tasklet: call it directly, or spawn it as its own tasklet");

        public static readonly DiagnosticDescriptor SchedulerRunInTasklet = Warning(
            DiagnosticIds.SchedulerRunInTasklet, Usage,
            "Scheduler.Run() inside a tasklet",
            "Scheduler.Run() throws when a tasklet calls it, because only the main tasklet runs the scheduler; use Scheduler.Schedule() to let the other tasklets run");

        public static readonly DiagnosticDescriptor InvalidBlockingListEntry = Warning(
            DiagnosticIds.InvalidBlockingListEntry, Configuration,
            "Entry of the blocking-API list names no API",
            "'{0}' names no method, property or type of this compilation or its references; write a documentation-comment ID such as 'M:Ns.Type.Method(System.Int32)', 'M:Ns.Type.Method' (every overload), 'P:Ns.Type.Property' or 'T:Ns.Type' (every member)");

        public static readonly DiagnosticDescriptor NonTaskletOverride = new DiagnosticDescriptor(
            DiagnosticIds.NonTaskletOverride,
            "Override of a [Tasklet] method that is not [Tasklet]",
            "'{0}' overrides [Tasklet] method '{1}' but is not [Tasklet], so a tasklet calling '{1}' through the base type would not run this override; mark '{0}' [Tasklet]",
            Usage,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: null,
            helpLinkUri: HelpLinkBase + DiagnosticIds.NonTaskletOverride + ".md");

        public static readonly DiagnosticDescriptor TaskletCallInClosure = Warning(
            DiagnosticIds.TaskletCallInClosure, Usage,
            "[Tasklet] method called inside a lambda, local function or query",
            "'{0}' is called inside a {1}, where nothing can suspend: it runs as ordinary code on the native stack, and inside a tasklet it throws InvalidOperationException if it tries to suspend; call it in the [Tasklet] method's own body (a nested frame) if it may suspend");

        // Info: most such loops are short and a budgeted run is opt-in; a build with warnings as errors must not fail on them.
        public static readonly DiagnosticDescriptor UninterruptibleLoop = new DiagnosticDescriptor(
            DiagnosticIds.UninterruptibleLoop,
            "Loop the watchdog cannot interrupt",
            "The watchdog cannot interrupt this loop: it is in {0}, which runs as ordinary code whenever it is invoked, maybe outside any tasklet, so its steps are neither checked nor counted; if a budgeted Scheduler.Run must be able to stop it, move the loop into the [Tasklet] method's body or into a local function the body only calls",
            Usage,
            DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            description: null,
            helpLinkUri: HelpLinkBase + DiagnosticIds.UninterruptibleLoop + ".md");

        private static DiagnosticDescriptor Warning(string id, string category, string title, string message) =>
            new DiagnosticDescriptor(
                id,
                title,
                message,
                category,
                DiagnosticSeverity.Warning,
                isEnabledByDefault: true,
                description: null,
                helpLinkUri: HelpLinkBase + id + ".md");
    }
}
