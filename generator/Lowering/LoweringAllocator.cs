using System.Collections.Generic;
using System.Globalization;
using Stackless.Generator.Ir;
using Stackless.Generator.Model;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// Everything the lowering of one body allocates, in one object handed to each lowering class (Roslyn's
    /// <c>SyntheticBoundNodeFactory</c> and <c>TypeCompilationState</c> play this part there): generated labels, temps,
    /// provisional resume points, the frame's fields and helpers, the locals at the top of <c>MoveNext</c>, and whether
    /// the body needs <c>__this</c> or the <c>__Set</c> helper.
    /// </summary>
    /// <remarks>
    /// Invariants: every label and temp name is <c>__kindN</c> with N from its own counter (labels one, temps another),
    /// so names are unique in the body whatever the kind; resume points are 1, 2, … in the order asked for, which is
    /// tree order (the order nodes are written), so <see cref="StateNumbering"/> gives each the same number (but the
    /// entry check). Nothing is ever taken back. The plan (<see cref="HoistingPlanner"/>) leaves the <c>__</c> prefix
    /// to the generator, so its names cannot meet these.
    /// </remarks>
    internal sealed class LoweringAllocator
    {
        private int _labelCount;
        private int _tempCount;
        private int _resumePointCount;

        /// <summary>Fields of the frame (parameters come first, then hoisted locals and temps).</summary>
        public List<FrameField> Fields { get; } = new();

        /// <summary>Helper members the body needs (e.g. <c>__Set</c>), in the order asked for.</summary>
        public List<FrameHelper> Helpers { get; } = new();

        /// <summary>Lines at the top of MoveNext: const locals and the locals the plan keeps there.</summary>
        public List<IrLocal> MoveNextLocals { get; } = new();

        /// <summary>True once copied or lowered code reads the user's instance (<c>__this</c>).</summary>
        public bool UsesThis { get; private set; }

        /// <summary>True once a pattern test stores through the <c>__Set</c> helper.</summary>
        public bool UsesSetHelper { get; private set; }

        /// <summary>How many resume points were handed out (the last one's identity).</summary>
        public int ResumePointCount => _resumePointCount;

        /// <summary>A new label <c>__kindN</c>.</summary>
        public string NewLabel(string kind)
        {
            string label = "__" + kind + (++_labelCount).ToString(CultureInfo.InvariantCulture);
            System.Diagnostics.Debug.Assert(_labelCount > 0, "the label counter only grows");
            return label;
        }

        /// <summary>A new temp name <c>__kindN</c> (no field: the caller declares it, as a field or a pattern local).</summary>
        public string NewTempName(string kind)
        {
            string name = "__" + kind + (++_tempCount).ToString(CultureInfo.InvariantCulture);
            System.Diagnostics.Debug.Assert(_tempCount > 0, "the temp counter only grows");
            return name;
        }

        /// <summary>A new frame field <c>__kindN</c> of <paramref name="typeText"/>.</summary>
        public string NewTempField(string access, string typeText, string kind)
        {
            string name = NewTempName(kind);
            Fields.Add(new FrameField(access, typeText, name));
            return name;
        }

        /// <summary>
        /// A provisional identity for a resume point, unique in the body (it may name a field or helper of the point:
        /// <c>__callK</c>, <c>__EndK</c>). Handed out in the order nodes are written, which is tree order, so it is also
        /// the number <see cref="StateNumbering"/> gives the point (except the entry check's); that pass numbers, and
        /// <see cref="StateDispatch"/> routes.
        /// </summary>
        public int NewResumePoint()
        {
            int id = ++_resumePointCount;
            System.Diagnostics.Debug.Assert(id > 0, "resume point identities start at 1");
            return id;
        }

        /// <summary>The body reads the user's instance: the frame keeps <c>__this</c>.</summary>
        public void UseThis() => UsesThis = true;

        /// <summary>The body stores a pattern's value through <c>__Set</c>: the frame gets the helper.</summary>
        public void UseSetHelper() => UsesSetHelper = true;
    }
}
