using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;
using Stackless.Generator.Ir;
using Stackless.Generator.Model;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// Which resume points of a numbered body (after <see cref="StateNumbering"/>) lie inside a try region: where a
    /// callee's exception, rethrown by <c>TakeResult</c>, could reach a catch, filter or finally of the frame's
    /// <c>MoveNext</c>. Every try that can see such an exception is an <see cref="IrTryRegion"/> by then: the user's trys
    /// and the ones the lowering makes for <c>using</c>, <c>lock</c> and a disposing <c>foreach</c>, with handlers that
    /// suspend routed after them (<see cref="ExceptionHandlerRouting"/>) — a try without a resume point is copied as
    /// written and contains no call. The answer is the frame's <c>MayHandleAt</c> override; the scheduler passes an
    /// exception by a frame resumed outside every region instead of resuming it to rethrow (O(depth), not O(depth²)).
    /// </summary>
    /// <remarks>
    /// Null (no override: the runtime's default reads the IL, which is as good) when the frame calls nothing outside a
    /// region, when the referenced runtime has no <c>MayHandleAt</c> to override, or when its <c>MoveNext</c> can have
    /// no handler at all: no region, no try, <c>using</c>, <c>lock</c> or <c>foreach</c> anywhere in the method, and no
    /// <c>__RightOperand</c> probe (a generated try/catch). Wrong that way costs only speed: a frame without the
    /// override is resumed, as before. Recurses as deep as try regions nest (as <see cref="StateDispatch"/> does).
    /// </remarks>
    internal static class ProtectedRegions
    {
        public static ProtectedResumePoints? Find(IrBody numbered, MethodFacts facts, EquatableArray<FrameHelper> helpers)
        {
            var inside = new List<int>();
            var walk = new Walk();
            Visit(numbered.Statements, inRegion: false, inside, walk);
            if (!walk.CallOutside || !walk.Region && !MayHaveHandler(facts, helpers) || !RuntimeAsks(facts))
                return null;
            inside.Sort();
            var ranges = new List<StateRange>();
            foreach (int state in inside)
            {
                if (ranges.Count > 0 && ranges[ranges.Count - 1].Last == state - 1)
                    ranges[ranges.Count - 1] = ranges[ranges.Count - 1] with { Last = state };
                else
                    ranges.Add(new StateRange(state, state));
            }
            return new ProtectedResumePoints(ranges.ToEquatableArray());
        }

        private sealed class Walk
        {
            public bool Region, CallOutside;
        }

        // Resume points stand in statement lists, blocks and try bodies only (StateDispatch's invariant); a handler is
        // visited anyway, as inside, in case that ever changes: "inside" only ever costs speed.
        private static void Visit(EquatableArray<IrNode> nodes, bool inRegion, List<int> inside, Walk walk)
        {
            foreach (IrNode node in nodes)
            {
                switch (node)
                {
                    case IrResumePoint r:
                        if (inRegion) inside.Add(r.State);
                        else if (r is IrNestedCall) walk.CallOutside = true;
                        break;
                    case IrTryRegion t:
                        walk.Region = true;
                        Visit(t.Body, true, inside, walk);
                        Visit(t.Handlers, true, inside, walk);
                        break;
                    case IrBlock b: Visit(b.Body, inRegion, inside, walk); break;
                    case IrCatch c: Visit(c.Body, inRegion, inside, walk); break;
                    case IrFinally f: Visit(f.Body, inRegion, inside, walk); break;
                }
            }
        }

        /// <summary>Whether the referenced runtime has the virtual to override (an older one does not: no override, as before).</summary>
        private static bool RuntimeAsks(MethodFacts facts)
        {
            for (INamedTypeSymbol? t = facts.Known.TaskletFrame; t != null; t = t.BaseType)
                if (t.GetMembers("MayHandleAt").Any(m => m is IMethodSymbol { IsVirtual: true })) return true;
            return false;
        }

        /// <summary>Whether C# could compile a handler into MoveNext from the copied code: the statements that make one.</summary>
        private static bool MayHaveHandler(MethodFacts facts, EquatableArray<FrameHelper> helpers) =>
            helpers.Any(h => h is FixedHelper { Kind: FixedHelperKind.RightOperand })
            || facts.Body.DescendantNodesAndSelf().Any(n => n is TryStatementSyntax or UsingStatementSyntax or LockStatementSyntax
                or CommonForEachStatementSyntax || n is LocalDeclarationStatementSyntax d && d.UsingKeyword.IsKind(SyntaxKind.UsingKeyword));
    }
}
