using Stackless.Generator.Ir;

namespace Stackless.Generator.Model
{
    /// <summary>A containing type declaration to reopen: <c>partial class Outer&lt;T&gt;</c>.</summary>
    internal sealed record ContainingTypeInfo(string Keyword, string NameWithTypeParameters);

    /// <summary>
    /// Everything the emitter needs for one [Tasklet] method, as plain equatable data: the frame class (its MoveNext body in
    /// the intermediate form), the plain-call frame of an abstract interface member, the frame factory and SpawnM (any of
    /// them may be absent), and members the lowering adds to the user's type (<paramref name="TypeHelpers"/>, shapes the emitter writes).
    /// <paramref name="RefusedWith"/>: the error that refused the method, which a throwing factory or SpawnM names.
    /// </summary>
    internal sealed record TaskletModel(
        string HintName,
        string? Namespace,
        EquatableArray<string> Usings,
        EquatableArray<ContainingTypeInfo> ContainingTypes,
        string NullableDirective,
        string MethodDisplay,
        string SourceFile,
        int SourceLine,
        FrameClass? Frame,
        PlainFrame? PlainFrame,
        FrameFactory? Factory,
        SpawnMethod? Spawn,
        string? RefusedWith,
        EquatableArray<TypeHelper> TypeHelpers)
    {
        /// <summary>The containing type's part of <see cref="HintName"/> (<c>Ns.Type.__M_Frame.g.cs</c>: a frame's name has no dot).</summary>
        public string TypeHintName => HintName.Substring(0, HintName.LastIndexOf('.', HintName.Length - ".g.cs".Length - 1));
    }

    /// <summary>The parser's output for one method: a model to emit, or the reasons it cannot be compiled.</summary>
    internal sealed record TaskletResult(TaskletModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
}
