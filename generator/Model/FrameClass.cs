using Stackless.Generator.Ir;

namespace Stackless.Generator.Model
{
    /// <summary>
    /// The frame class of a [Tasklet] method: <c>{Access} [new] sealed class {Name}{TypeParameters} : {BaseType}</c>, its
    /// fields, the copies of the method's parameters into them (<paramref name="ParameterCopies"/>: the factory's object
    /// initializer, or a constructor taking <paramref name="ConstructorParameters"/>, the frame's <c>__this</c> first for an
    /// instance method, when a parameter field is private), MoveNext (<paramref name="Body"/>), the lowering's helper members and
    /// the frame's location table.
    /// </summary>
    /// <param name="HidesBase">An override's frame hides the base method's frame class of the same name (declared <c>new</c>).</param>
    /// <param name="ConstructorParameters">The constructor's parameter list as written (the method's, with its defaults), used
    /// only when the factory cannot initialize the fields itself (Emitter/MemberEmitter decides).</param>
    /// <param name="Helpers">Helper members the body needs (e.g. <c>__Set</c>), as shapes the emitter writes.</param>
    /// <param name="ProtectedResumePoints">The resume points inside a try: the <c>MayHandleAt</c> override, or null for none.</param>
    internal sealed record FrameClass(
        string Access,
        bool HidesBase,
        string Name,
        string TypeParameters,
        string BaseType,
        EquatableArray<string> Constraints,
        EquatableArray<FrameField> Fields,
        string ConstructorParameters,
        EquatableArray<ParameterCopy> ParameterCopies,
        IrBody Body,
        EquatableArray<FrameHelper> Helpers,
        ProtectedResumePoints? ProtectedResumePoints);

    /// <summary>The factory's initializer (or the constructor) stores <paramref name="Parameter"/> in the frame's field <paramref name="Field"/>.</summary>
    internal sealed record ParameterCopy(string Field, string Parameter);
}
