using Stackless.Generator.Ir;

namespace Stackless.Generator.Model
{
    /// <summary>
    /// What the lowering passes make of one validated body, as plain data the parser's model takes: the frame's fields
    /// (parameters, hoisted locals, temps), the constructor's copies of the parameters into their fields, MoveNext in the
    /// intermediate form (with its dispatch), and the helper members the body needs in the frame
    /// (<paramref name="Helpers"/>) and in the user's type (<paramref name="TypeHelpers"/>): shapes the emitter writes.
    /// <paramref name="ProtectedResumePoints"/>: the resume points inside a try, for the frame's <c>MayHandleAt</c>
    /// override, or null for none (Lowering/ProtectedRegions).
    /// </summary>
    internal sealed record LoweredFrame(
        EquatableArray<FrameField> Fields,
        EquatableArray<ParameterCopy> ParameterCopies,
        IrBody MoveNext,
        EquatableArray<FrameHelper> Helpers,
        EquatableArray<TypeHelper> TypeHelpers,
        ProtectedResumePoints? ProtectedResumePoints);
}
