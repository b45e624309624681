using System.Collections.Generic;
using System.Diagnostics;
using Stackless.Generator.Model;

namespace Stackless.Generator.Ir
{
    /// <summary>
    /// The state dispatch at the top of a frame's body or of a try region: one <see cref="IrDispatchCase"/> per state
    /// that resumes through it, in state order. With <paramref name="BlockShift"/> 0 it is written as one
    /// <c>switch (State)</c>; otherwise as two levels: <c>switch (State &gt;&gt; BlockShift)</c> picks a block of
    /// 2^BlockShift states (<see cref="Blocks"/>), a <c>switch (State)</c> inside it the case. The lowering
    /// (Lowering/StateDispatch) decides which; the emitter writes it.
    /// </summary>
    /// <remarks>Invariant: cases in ascending state order, no state twice.</remarks>
    internal sealed record IrDispatch(EquatableArray<IrDispatchCase> Cases, int BlockShift)
    {
        /// <summary>No dispatch (nothing resumes here): nothing is written.</summary>
        public static readonly IrDispatch None = new(EquatableArray<IrDispatchCase>.Empty, 0);

        public int Count => Cases.Count;

        /// <summary>The blocks of a two-level dispatch, in order: each block's key (<c>State &gt;&gt; BlockShift</c>) and its cases.</summary>
        public List<(int Key, List<IrDispatchCase> Cases)> Blocks()
        {
            Debug.Assert(BlockShift > 0, "only a two-level dispatch has blocks");
            var blocks = new List<(int Key, List<IrDispatchCase> Cases)>();
            foreach (IrDispatchCase c in Cases)
            {
                int key = c.State >> BlockShift;
                Debug.Assert(blocks.Count == 0 || blocks[blocks.Count - 1].Key <= key, "cases in state order");
                if (blocks.Count == 0 || blocks[blocks.Count - 1].Key != key) blocks.Add((key, new List<IrDispatchCase>()));
                blocks[blocks.Count - 1].Cases.Add(c);
            }
            return blocks;
        }
    }
}
