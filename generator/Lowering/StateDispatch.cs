using System.Collections.Generic;
using System.Diagnostics;
using Stackless.Generator.Ir;
using Stackless.Generator.Model;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// The state dispatch pass: a lowered body (<see cref="IrBody"/> with no dispatch yet) in, the same body with its
    /// dispatch tables out. C# forbids a goto into a try block, so a resume point inside try regions is reached in hops:
    /// the body's dispatch jumps to the entry of the outermost try around it, each try's dispatch to the entry of the
    /// next try inside, the innermost one to the resume label. Cases are in state order (the method's entry check is
    /// numbered last but written first). A dispatch of more than <see cref="MaxOneLevelCases"/> cases is written in two
    /// levels, blocks of 2^<see cref="BlockShift"/> states (<see cref="IrDispatch"/>): C# compiles one switch of N
    /// constant cases in time and memory quadratic in N (issue 16: 16,000 cases 8.3 GB; 32,767 out of memory at 21.9
    /// GB), while the same 32,767 states in blocks of 128 compiled in 70 s at 782 MB.
    /// </summary>
    /// <remarks>
    /// Invariant: resume points stand in statement lists and try bodies only, never in a catch or finally clause
    /// (a handler that suspends is lowered after its try, outside it). It recurses as deep as try regions nest.
    /// </remarks>
    internal static class StateDispatch
    {
        /// <summary>The most cases written as one switch (every frame of ordinary size: its text stays as it was).</summary>
        public const int MaxOneLevelCases = 256;

        /// <summary>Blocks of 128 states: at most 256 blocks for the 32,767 states a 16-bit State holds.</summary>
        public const int BlockShift = 7;

        public static IrBody Route(IrBody body)
        {
            Debug.Assert(body.Dispatch.Count == 0, "the body is routed once");
            var top = new List<IrDispatchCase>();
            EquatableArray<IrNode> statements = Route(body.Statements, new List<(string Entry, List<IrDispatchCase> Cases)>(), top);
            return body with { Dispatch = DispatchOf(top), Statements = statements };
        }

        private static EquatableArray<IrNode> Route(EquatableArray<IrNode> nodes, List<(string Entry, List<IrDispatchCase> Cases)> enclosing, List<IrDispatchCase> top)
        {
            IrNode[]? routed = null;
            for (int i = 0; i < nodes.Count; i++)
            {
                switch (nodes[i])
                {
                    case IrResumePoint r:
                        Add(r.State, r.ResumeLabel, enclosing, top);
                        break;
                    case IrTryRegion t:
                    {
                        Debug.Assert(t.Dispatch.Count == 0, "a try region is routed once");
                        Debug.Assert(!ContainsResumePoint(t.Handlers), "a handler that suspends is lowered outside its try");
                        var cases = new List<IrDispatchCase>();
                        enclosing.Add((t.EntryLabel, cases));
                        EquatableArray<IrNode> body = Route(t.Body, enclosing, top);
                        enclosing.RemoveAt(enclosing.Count - 1);
                        if (cases.Count == 0) break;
                        routed ??= Copy(nodes);
                        routed[i] = t with { Dispatch = DispatchOf(cases), Body = body };
                        break;
                    }
                }
            }
            return routed is null ? nodes : new EquatableArray<IrNode>(routed);
        }

        /// <summary>Adds <paramref name="state"/> to the dispatch of every try around it and to the body's.</summary>
        private static void Add(int state, string resumeLabel, List<(string Entry, List<IrDispatchCase> Cases)> enclosing, List<IrDispatchCase> top)
        {
            string target = resumeLabel;
            for (int i = enclosing.Count - 1; i >= 0; i--)
            {
                enclosing[i].Cases.Add(new IrDispatchCase(state, target));
                target = enclosing[i].Entry;
            }
            top.Add(new IrDispatchCase(state, target));
        }

        /// <summary>The cases in state order, in one level or, past <see cref="MaxOneLevelCases"/>, in two.</summary>
        private static IrDispatch DispatchOf(List<IrDispatchCase> cases)
        {
            cases.Sort((a, b) => a.State.CompareTo(b.State));
            return new IrDispatch(cases.ToEquatableArray(), cases.Count > MaxOneLevelCases ? BlockShift : 0);
        }

        private static IrNode[] Copy(EquatableArray<IrNode> nodes)
        {
            var copy = new IrNode[nodes.Count];
            for (int i = 0; i < copy.Length; i++) copy[i] = nodes[i];
            return copy;
        }

        private static bool ContainsResumePoint(EquatableArray<IrNode> nodes)
        {
            foreach (IrNode n in nodes)
            {
                switch (n)
                {
                    case IrResumePoint: return true;
                    case IrTryRegion t when ContainsResumePoint(t.Body) || ContainsResumePoint(t.Handlers): return true;
                    case IrCatch c when ContainsResumePoint(c.Body): return true;
                    case IrFinally f when ContainsResumePoint(f.Body): return true;
                    case IrBlock b when ContainsResumePoint(b.Body): return true;
                }
            }
            return false;
        }
    }
}
