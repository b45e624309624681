using System.Collections.Generic;
using Stackless.Generator.Ir;
using Stackless.Generator.Model;

namespace Stackless.Generator.Emitter
{
    /// <summary>
    /// The labels some node of a body jumps to: gotos, conditional gotos, dispatch cases, and the jumps a statement's
    /// text makes. The lowering creates labels speculatively; those nobody jumps to are not written (CS0164).
    /// </summary>
    internal static class LabelUse
    {
        public static HashSet<string> Targets(IrBody body)
        {
            var used = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (IrDispatchCase c in body.Dispatch.Cases) used.Add(c.Target);
            var pending = new Stack<EquatableArray<IrNode>>();
            pending.Push(body.Statements);
            while (pending.Count > 0)
            {
                foreach (IrNode node in pending.Pop())
                {
                    switch (node)
                    {
                        case IrGoto g: used.Add(g.Target); break;
                        case IrConditionalGoto g: used.Add(g.Target); break;
                        case IrStepCheck c: used.Add(c.Target); break;
                        case IrLoopStepCheck c: used.Add(c.Target); break;
                        case IrVerbatim v: foreach (IrJumpHole h in v.Holes) used.Add(h.Label); break;
                        case IrUserStatement u: foreach (IrJumpHole h in u.Holes) used.Add(h.Label); break;
                        case IrTryRegion t:
                            foreach (IrDispatchCase c in t.Dispatch.Cases) used.Add(c.Target);
                            pending.Push(t.Body);
                            pending.Push(t.Handlers);
                            break;
                        case IrBlock b: pending.Push(b.Body); break;
                        case IrCatch c: pending.Push(c.Body); break;
                        case IrFinally f: pending.Push(f.Body); break;
                    }
                }
            }
            return used;
        }
    }
}
