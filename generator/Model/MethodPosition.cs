namespace Stackless.Generator.Model
{
    /// <summary>
    /// Where a [Tasklet] method's declaration is in its file: its span (offsets) and its first line (0-based). A method's
    /// lowering is kept while only this changes (an edit above it moved it); the emit and report steps then move what it
    /// made by the difference (<see cref="PlacedResult"/>).
    /// </summary>
    internal readonly record struct MethodPosition(int Start, int End, int Line);
}
