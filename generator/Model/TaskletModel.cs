namespace Stackless.Generator.Model
{
    /// <summary>One line of generated code at an indentation depth (relative to the member it belongs to).</summary>
    internal readonly record struct CodeLine(int Indent, string Text);

    /// <summary>A containing type declaration to reopen: <c>partial class Outer&lt;T&gt;</c>.</summary>
    internal sealed record ContainingTypeInfo(string Keyword, string NameWithTypeParameters);

    /// <summary>
    /// Everything the emitter needs for one [Tasklet] method, as plain equatable data. The lowering has already
    /// turned the body into lines of C#; the emitter only lays them out.
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
        EquatableArray<CodeLine> Members);

    /// <summary>The parser's output for one method: a model to emit, or the reasons it cannot be compiled.</summary>
    internal sealed record TaskletResult(TaskletModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
}
