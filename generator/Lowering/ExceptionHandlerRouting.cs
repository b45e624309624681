using System.Collections.Generic;
using System.Globalization;
using Stackless.Generator.Ir;
using Stackless.Generator.Model;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// The exception-handler routing pass (after Roslyn's async exception-handler rewriting): a lowered body whose
    /// try statements with suspending handlers are still structured (<see cref="IrTryWithLoweredCatches"/>,
    /// <see cref="IrTryWithLoweredFinally"/>) and whose jumps say only where they go (<see cref="IrJump"/>,
    /// <see cref="IrJumpHole"/>) in; the body with only real try regions and plain gotos out. C# cannot suspend inside
    /// a catch or finally, so such a handler runs after its try:
    /// <list type="bullet">
    /// <item>catches that suspend: the real catch records which clause caught and the exception; after the try, the
    /// clause that caught runs (its <c>throw;</c> was lowered to rethrow the recorded exception with its trace);</item>
    /// <item>a finally that suspends: the real try records any exception, and every jump leaving it (a pending branch,
    /// numbered here in tree order); after the try, the finally block runs, then the exception is rethrown with its
    /// original trace (<c>ExceptionDispatchInfo</c>), then the pending branch is taken — a jump of the enclosing code,
    /// routed again through the lowered finally blocks further out.</item>
    /// </list>
    /// A jump leaves the tries between it and the region its label is in (a real try's finally runs as C# runs it); the
    /// innermost lowered finally among them takes it as a pending branch. A branch is recorded only at the end of that
    /// try's block, once the finally blocks nested in it have run on the way out: when one of them throws, the exception
    /// replaces the branch, as in C#. <see cref="StateNumbering"/> runs next: resume points keep their tree order (a
    /// handler after its try).
    /// </summary>
    /// <remarks>
    /// Invariant: the output has no <see cref="IrTryWithLoweredCatches"/>, <see cref="IrTryWithLoweredFinally"/> or
    /// <see cref="IrJump"/>, every hole's label is routed, and no resume point is inside a catch or finally clause (what
    /// <see cref="StateDispatch"/> requires). The labels it adds are named after the try's entry label (unique).
    /// Recurses as deep as try statements nest.
    /// </remarks>
    internal sealed class ExceptionHandlerRouting
    {
        /// <summary>The region each label of the body is in: the entry label of the innermost try around it, null at the top.</summary>
        private readonly Dictionary<string, string?> _regionOf = new(System.StringComparer.Ordinal);
        /// <summary>The tries around the node being routed, innermost last.</summary>
        private readonly List<TryContext> _tries = new();
        private bool _anythingToRoute;

        private sealed class TryContext
        {
            public TryContext(string entry, bool loweredFinally)
            {
                Entry = entry;
                LoweredFinally = loweredFinally;
            }

            public readonly string Entry;
            public readonly bool LoweredFinally;
            /// <summary>For a lowered finally: the labels of the jumps leaving it, branch k + 1 at index k.</summary>
            public readonly List<string> Branches = new();

            /// <summary>The label a jump to <paramref name="label"/> leaving this try goes to: the one recording its branch.</summary>
            public string Leave(string label)
            {
                int index = Branches.IndexOf(label);
                if (index < 0)
                {
                    Branches.Add(label);
                    index = Branches.Count - 1;
                }
                return LeaveLabel(index + 1);
            }

            public string LeaveLabel(int branch) => Entry + "_leave" + Number(branch);

            public string SkipLabel(int branch) => Entry + "_nobranch" + Number(branch);
        }

        public static IrBody Route(IrBody body)
        {
            var pass = new ExceptionHandlerRouting();
            pass.FindLabels(body.Statements, null);
            if (!pass._anythingToRoute) return body;
            var routed = new List<IrNode>(body.Statements.Count + 8);
            pass.Route(body.Statements, routed);
            System.Diagnostics.Debug.Assert(pass._tries.Count == 0, "every try left");
            return body with { Statements = routed.ToEquatableArray() };
        }

        /// <summary>Records the region of every label, and whether anything needs routing.</summary>
        private void FindLabels(EquatableArray<IrNode> nodes, string? region)
        {
            foreach (IrNode node in nodes)
            {
                switch (node)
                {
                    case IrLabel l:
                        _regionOf[l.Name] = region;
                        break;
                    case IrJump:
                        _anythingToRoute = true;
                        break;
                    case IrVerbatim { Holes.Count: > 0 }:
                    case IrUserStatement { Holes.Count: > 0 }:
                        _anythingToRoute = true;
                        break;
                    case IrTryRegion t:
                        FindLabels(t.Body, t.EntryLabel);
                        FindLabels(t.Handlers, t.EntryLabel);
                        break;
                    case IrTryWithLoweredCatches t:
                        _anythingToRoute = true;
                        FindLabels(t.Body, t.EntryLabel);
                        foreach (IrLoweredCatch c in t.Catches) FindLabels(c.Body, region); // runs after the try
                        break;
                    case IrTryWithLoweredFinally t:
                        _anythingToRoute = true;
                        FindLabels(t.Body, t.EntryLabel);
                        FindLabels(t.Finally, region); // runs after the try
                        break;
                    case IrBlock b:
                        FindLabels(b.Body, region);
                        break;
                    case IrCatch c:
                        FindLabels(c.Body, region);
                        break;
                    case IrFinally f:
                        FindLabels(f.Body, region);
                        break;
                }
            }
        }

        /// <summary>Where a jump to <paramref name="label"/> from the current try goes.</summary>
        private string Resolve(string label)
        {
            bool known = _regionOf.TryGetValue(label, out string? region);
            System.Diagnostics.Debug.Assert(known, "a jump to a label that is not in the body: " + label);
            for (int i = _tries.Count - 1; i >= 0; i--)
            {
                TryContext t = _tries[i];
                if (t.Entry == region) break;
                if (t.LoweredFinally) return t.Leave(label);
            }
            return label;
        }

        private void Route(EquatableArray<IrNode> nodes, List<IrNode> output)
        {
            foreach (IrNode node in nodes)
            {
                switch (node)
                {
                    case IrJump j:
                        output.Add(new IrGoto(Resolve(j.Label)));
                        break;
                    case IrVerbatim { Holes.Count: > 0 } v:
                    {
                        var holes = new IrJumpHole[v.Holes.Count];
                        for (int i = 0; i < holes.Length; i++) holes[i] = v.Holes[i] with { Label = Resolve(v.Holes[i].Label) };
                        output.Add(v with { Holes = new EquatableArray<IrJumpHole>(holes) });
                        break;
                    }
                    case IrUserStatement { Holes.Count: > 0 } u:
                    {
                        var holes = new IrJumpHole[u.Holes.Count];
                        for (int i = 0; i < holes.Length; i++) holes[i] = u.Holes[i] with { Label = Resolve(u.Holes[i].Label) };
                        output.Add(u with { Holes = new EquatableArray<IrJumpHole>(holes) });
                        break;
                    }
                    case IrTryWithLoweredCatches t:
                        Flatten(t, output);
                        break;
                    case IrTryWithLoweredFinally t:
                        Flatten(t, output);
                        break;
                    case IrTryRegion t:
                        _tries.Add(new TryContext(t.EntryLabel, loweredFinally: false));
                        output.Add(t with { Body = Routed(t.Body), Handlers = Routed(t.Handlers) });
                        _tries.RemoveAt(_tries.Count - 1);
                        break;
                    case IrBlock b:
                        output.Add(b with { Body = Routed(b.Body) });
                        break;
                    case IrCatch c:
                        output.Add(c with { Body = Routed(c.Body) });
                        break;
                    case IrFinally f:
                        output.Add(f with { Body = Routed(f.Body) });
                        break;
                    default:
                        output.Add(node);
                        break;
                }
            }
        }

        private EquatableArray<IrNode> Routed(EquatableArray<IrNode> nodes)
        {
            var output = new List<IrNode>(nodes.Count);
            Route(nodes, output);
            return output.ToEquatableArray();
        }

        /// <summary>Catches that suspend: the real try records the catch; the clause that caught runs after it.</summary>
        private void Flatten(IrTryWithLoweredCatches t, List<IrNode> output)
        {
            output.Add(new IrAssign(GeneratedSyntax.Name(t.CaughtField), GeneratedSyntax.Number(0)));
            var records = new List<IrNode>(t.Catches.Count);
            for (int i = 0; i < t.Catches.Count; i++)
            {
                IrLoweredCatch c = t.Catches[i];
                records.Add(new IrCatch(c.Type, c.ExceptionName, c.Filter, new EquatableArray<IrNode>(new IrNode[]
                {
                    new IrAssign(GeneratedSyntax.Name(t.CaughtField), GeneratedSyntax.Number(i + 1)),
                    new IrAssign(GeneratedSyntax.Name(t.ExceptionField), GeneratedSyntax.Name(c.ExceptionName)),
                })));
            }
            _tries.Add(new TryContext(t.EntryLabel, loweredFinally: false));
            EquatableArray<IrNode> body = Routed(t.Body);
            _tries.RemoveAt(_tries.Count - 1);
            output.Add(new IrTryRegion(t.EntryLabel, IrDispatch.None, body, records.ToEquatableArray()));
            for (int i = 0; i < t.Catches.Count; i++)
            {
                IrLoweredCatch c = t.Catches[i];
                output.Add(new IrConditionalGoto(GeneratedSyntax.NotEqualTo(GeneratedSyntax.Name(t.CaughtField), GeneratedSyntax.Number(i + 1)), c.SkipLabel, -1, 0));
                Route(c.Body, output);
                output.Add(new IrGoto(t.EndLabel));
                output.Add(new IrLabel(c.SkipLabel));
            }
            output.Add(new IrLabel(t.EndLabel));
            output.Add(new IrAssign(GeneratedSyntax.Name(t.ExceptionField), GeneratedSyntax.NullForgiving()));
        }

        /// <summary>
        /// A finally that suspends: the real try records an exception or the branch leaving it; the finally block runs
        /// after it, then the exception is rethrown, then the branch taken.
        /// </summary>
        private void Flatten(IrTryWithLoweredFinally t, List<IrNode> output)
        {
            output.Add(new IrAssign(GeneratedSyntax.Name(t.PendingField), GeneratedSyntax.NullForgiving()));
            output.Add(new IrAssign(GeneratedSyntax.Name(t.BranchField), GeneratedSyntax.Number(0)));
            var context = new TryContext(t.EntryLabel, loweredFinally: true);
            _tries.Add(context);
            var body = new List<IrNode>();
            Route(t.Body, body);
            _tries.RemoveAt(_tries.Count - 1);
            if (context.Branches.Count > 0)
            {
                // Falling out of the block skips the leave labels, each of which records its branch.
                body.Add(new IrGoto(t.ExitLabel));
                for (int b = 1; b <= context.Branches.Count; b++)
                {
                    body.Add(new IrLabel(context.LeaveLabel(b)));
                    body.Add(new IrAssign(GeneratedSyntax.Name(t.BranchField), GeneratedSyntax.Number(b)));
                    body.Add(new IrGoto(t.ExitLabel));
                }
            }
            body.Add(new IrLabel(t.ExitLabel));
            var record = new IrCatch(GeneratedSyntax.GlobalType("System", "Exception"), t.ExceptionName, null, new EquatableArray<IrNode>(new IrNode[]
            {
                new IrAssign(GeneratedSyntax.Name(t.PendingField), GeneratedSyntax.Name(t.ExceptionName), "rethrown after the finally block"),
            }));
            output.Add(new IrTryRegion(t.EntryLabel, IrDispatch.None, body.ToEquatableArray(), new EquatableArray<IrNode>(new IrNode[] { record })));
            output.Add(new IrComment("finally (it suspends, so it runs here, after the try)"));
            Route(t.Finally, output);
            output.Add(new IrRethrowPending(t.PendingField));
            for (int b = 1; b <= context.Branches.Count; b++)
            {
                // The branch goes on from here, out of the tries around this one: routed again.
                output.Add(new IrConditionalGoto(GeneratedSyntax.NotEqualTo(GeneratedSyntax.Name(t.BranchField), GeneratedSyntax.Number(b)), context.SkipLabel(b), -1, 0));
                output.Add(new IrGoto(Resolve(context.Branches[b - 1])));
                output.Add(new IrLabel(context.SkipLabel(b)));
            }
        }

        private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
    }
}
