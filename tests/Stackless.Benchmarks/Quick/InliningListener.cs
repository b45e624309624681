using System;
using System.Diagnostics.Tracing;

namespace Stackless.Benchmarks.Quick
{
    /// <summary>
    /// <c>--inlining TEXT</c> (with <c>--watchdog --schedule-shape</c>): prints the JIT's inlining decisions whose inlinee
    /// name contains TEXT (runtime events MethodJitInliningSucceeded/Failed, keyword JitTracing), with the reason a failed
    /// one gives, e.g. whether a generated MoveNext is inlined into Pump.
    /// </summary>
    internal sealed class InliningListener : EventListener
    {
        private readonly string filter;

        public InliningListener(string filter) => this.filter = filter;

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
                EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1000); // JitTracing
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName is not ("MethodJitInliningFailed" or "MethodJitInliningSucceeded" or "MethodJitInliningFailedAnsi") || e.Payload == null || filter == null)
                return;
            string text = "";
            for (int i = 0; i < e.Payload.Count; i++)
                text += e.PayloadNames![i] + "=" + e.Payload[i] + " ";
            if (text.Contains(filter, StringComparison.Ordinal))
                Console.WriteLine(e.EventName + ": " + text);
        }
    }
}
