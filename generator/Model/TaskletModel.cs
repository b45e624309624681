using Stackless.Generator.Ir;

namespace Stackless.Generator.Model
{
    /// <summary>One line of generated code at an indentation depth (relative to the member it belongs to).</summary>
    internal readonly record struct CodeLine(int Indent, string Text);

    /// <summary>A containing type declaration to reopen: <c>partial class Outer&lt;T&gt;</c>.</summary>
    internal sealed record ContainingTypeInfo(string Keyword, string NameWithTypeParameters);

    /// <summary>
    /// The frame class: its declaration up to its opening brace (<paramref name="Head"/>), its fields, the members up to the
    /// opening brace of <c>MoveNext</c> (<paramref name="Members"/>), the body of MoveNext in the intermediate form, and the
    /// members after MoveNext up to the class's closing brace (<paramref name="Tail"/>).
    /// </summary>
    internal sealed record FrameDeclaration(EquatableArray<CodeLine> Head, EquatableArray<FrameField> Fields, EquatableArray<CodeLine> Members,
        IrBody Body, EquatableArray<CodeLine> Tail);

    /// <summary>
    /// Everything the emitter needs for one [Tasklet] method, as plain equatable data: the frame (its MoveNext body in
    /// the intermediate form) and the other members (factory, SpawnM, helpers), which follow it.
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
        FrameDeclaration? Frame,
        EquatableArray<CodeLine> Members);

    /// <summary>The parser's output for one method: a model to emit, or the reasons it cannot be compiled.</summary>
    internal sealed record TaskletResult(TaskletModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
}
