using System.Collections.Generic;
using System.Globalization;
using Stackless.Generator.Ir;
using Stackless.Generator.Model;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// The exception-handler routing pass (after Roslyn's async exception-handler rewriting): a lowered body whose
    /// try statements with suspending handlers are still structured (<see cref="IrTryWithLoweredCatches"/>,
    /// <see cref="IrTryWithLoweredFinally"/>) in, the body with only real try regions out. C# cannot suspend inside a
    /// catch or finally, so such a handler runs after its try:
    /// <list type="bullet">
    /// <item>catches that suspend: the real catch records which clause caught and the exception; after the try, the
    /// clause that caught runs (its <c>throw;</c> was lowered to rethrow the recorded exception with its trace);</item>
    /// <item>a finally that suspends: the real try records any exception, and every jump leaving it (a pending branch,
    /// by number); after the try, the finally block runs, then the exception is rethrown with its original trace
    /// (<c>ExceptionDispatchInfo</c>), then the pending branch is taken.</item>
    /// </list>
    /// <see cref="StateNumbering"/> runs next: resume points keep their tree order (a handler after its try).
    /// </summary>
    /// <remarks>
    /// Invariant: the output has no <see cref="IrTryWithLoweredCatches"/> or <see cref="IrTryWithLoweredFinally"/>, and
    /// no resume point inside a catch or finally clause (what <see cref="StateDispatch"/> requires). Recurses as deep as
    /// try statements nest.
    /// </remarks>
    internal static class ExceptionHandlerRouting
    {
        public static IrBody Route(IrBody body)
        {
            List<IrNode>? routed = Route(body.Statements);
            return routed is null ? body : body with { Statements = routed.ToEquatableArray() };
        }

        /// <summary>The nodes with every structured try flattened; null when there is none (nothing copied).</summary>
        private static List<IrNode>? Route(EquatableArray<IrNode> nodes)
        {
            List<IrNode>? routed = null;
            for (int i = 0; i < nodes.Count; i++)
            {
                IrNode node = nodes[i];
                switch (node)
                {
                    case IrTryWithLoweredCatches t:
                        routed ??= Prefix(nodes, i);
                        Flatten(t, routed);
                        continue;
                    case IrTryWithLoweredFinally t:
                        routed ??= Prefix(nodes, i);
                        Flatten(t, routed);
                        continue;
                }
                IrNode result = node switch
                {
                    IrTryRegion t => RoutedRegion(t),
                    IrBlock b => Route(b.Body) is { } body ? b with { Body = body.ToEquatableArray() } : b,
                    IrCatch c => Route(c.Body) is { } body ? c with { Body = body.ToEquatableArray() } : c,
                    IrFinally f => Route(f.Body) is { } body ? f with { Body = body.ToEquatableArray() } : f,
                    _ => node,
                };
                if (routed is null && !ReferenceEquals(result, node)) routed = Prefix(nodes, i);
                routed?.Add(result);
            }
            return routed;
        }

        private static IrNode RoutedRegion(IrTryRegion t)
        {
            List<IrNode>? body = Route(t.Body), handlers = Route(t.Handlers);
            if (body is null && handlers is null) return t;
            return t with { Body = body?.ToEquatableArray() ?? t.Body, Handlers = handlers?.ToEquatableArray() ?? t.Handlers };
        }

        private static EquatableArray<IrNode> Routed(EquatableArray<IrNode> nodes) => Route(nodes) is { } routed ? routed.ToEquatableArray() : nodes;

        private static List<IrNode> Prefix(EquatableArray<IrNode> nodes, int count)
        {
            var prefix = new List<IrNode>(nodes.Count + 8);
            for (int i = 0; i < count; i++) prefix.Add(nodes[i]);
            return prefix;
        }

        /// <summary>Catches that suspend: the real try records the catch; the clause that caught runs after it.</summary>
        private static void Flatten(IrTryWithLoweredCatches t, List<IrNode> output)
        {
            output.Add(new IrAssign(t.CaughtField, "0"));
            var records = new List<IrNode>(t.Catches.Count);
            for (int i = 0; i < t.Catches.Count; i++)
            {
                IrLoweredCatch c = t.Catches[i];
                records.Add(new IrCatch(c.Type + " " + c.ExceptionName, c.Filter, new EquatableArray<IrNode>(new IrNode[]
                {
                    new IrAssign(t.CaughtField, Number(i + 1)),
                    new IrAssign(t.ExceptionField, c.ExceptionName),
                })));
            }
            output.Add(new IrTryRegion(t.EntryLabel, IrDispatch.None, Routed(t.Body), records.ToEquatableArray()));
            for (int i = 0; i < t.Catches.Count; i++)
            {
                IrLoweredCatch c = t.Catches[i];
                output.Add(new IrConditionalGoto(t.CaughtField + " != " + Number(i + 1), c.SkipLabel, -1, 0));
                AddRouted(c.Body, output);
                output.Add(new IrGoto(t.EndLabel));
                output.Add(new IrLabel(c.SkipLabel));
            }
            output.Add(new IrLabel(t.EndLabel));
            output.Add(new IrAssign(t.ExceptionField, "null!"));
        }

        /// <summary>
        /// A finally that suspends: the real try records an exception or the branch leaving it; the finally block runs
        /// after it, then the exception is rethrown, then the branch taken.
        /// </summary>
        private static void Flatten(IrTryWithLoweredFinally t, List<IrNode> output)
        {
            output.Add(new IrAssign(t.PendingField, "null!"));
            output.Add(new IrAssign(t.BranchField, "0"));
            var body = new List<IrNode>();
            AddRouted(t.Body, body);
            if (t.Branches.Count > 0)
            {
                // Falling out of the block skips the leave labels, each of which records its branch.
                body.Add(new IrGoto(t.ExitLabel));
                foreach (IrPendingBranch b in t.Branches)
                {
                    body.Add(new IrLabel(b.LeaveLabel));
                    body.Add(new IrAssign(t.BranchField, Number(b.Index)));
                    body.Add(new IrGoto(t.ExitLabel));
                }
            }
            body.Add(new IrLabel(t.ExitLabel));
            var record = new IrCatch("global::System.Exception " + t.ExceptionName, null, new EquatableArray<IrNode>(new IrNode[]
            {
                new IrAssign(t.PendingField, t.ExceptionName, "rethrown after the finally block"),
            }));
            output.Add(new IrTryRegion(t.EntryLabel, IrDispatch.None, body.ToEquatableArray(), new EquatableArray<IrNode>(new IrNode[] { record })));
            output.Add(new IrComment("finally (it suspends, so it runs here, after the try)"));
            AddRouted(t.Finally, output);
            output.Add(new IrRethrowPending(t.PendingField));
            foreach (IrPendingBranch b in t.Branches)
            {
                output.Add(new IrConditionalGoto(t.BranchField + " != " + Number(b.Index), b.SkipLabel, -1, 0));
                output.Add(new IrGoto(b.Target));
                output.Add(new IrLabel(b.SkipLabel));
            }
        }

        private static void AddRouted(EquatableArray<IrNode> nodes, List<IrNode> output)
        {
            if (Route(nodes) is { } routed) output.AddRange(routed);
            else foreach (IrNode n in nodes) output.Add(n);
        }

        private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
    }
}
