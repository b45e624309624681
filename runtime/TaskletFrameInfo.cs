namespace Stackless
{
    /// <summary>One frame of a tasklet (<see cref="Tasklet.Frames"/>): a <see cref="TaskletAttribute"/> method and where it is suspended or calling.</summary>
    /// <param name="Method">The method's display name (<c>Pipeline.Produce</c>).</param>
    /// <param name="File">The source file of the suspension point or call, when the generator recorded it; else null.</param>
    /// <param name="Line">Its 1-based line, or 0 when not known (no table, or the frame is running now).</param>
    public readonly record struct TaskletFrameInfo(string Method, string? File, int Line)
    {
        /// <summary><c>Method (File:Line)</c>, or the method alone when the place is not known.</summary>
        public override string ToString() => File == null ? Method : Line > 0 ? $"{Method} ({File}:{Line})" : $"{Method} ({File})";
    }
}
