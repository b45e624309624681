namespace Stackless.Generator.Ir
{
    /// <summary>
    /// A place where the frame may return to the trampoline and later resume: <paramref name="State"/> is what
    /// <c>State</c> holds meanwhile, and the body's dispatch leads back to <see cref="ResumeLabel"/> (through the try
    /// regions around it, Lowering/StateDispatch). Until the state numbering pass (Lowering/StateNumbering) it is the
    /// lowering's provisional identity of the point, unique in the body. <paramref name="Line"/> (1-based) and <paramref name="Source"/> (the
    /// user's code, shortened) say where in the user's method it is.
    /// </summary>
    internal abstract record IrResumePoint(int State, int Line, string Source) : IrNode
    {
        public string ResumeLabel => IrBody.ResumeLabelOf(State);
    }
}
