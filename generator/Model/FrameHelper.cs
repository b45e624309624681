namespace Stackless.Generator.Model
{
    /// <summary>
    /// A helper member a frame's body calls, as the lowering asks for it: its shape, never its text (only
    /// <c>Emitter/HelperEmitter</c> writes members). Written after <c>MoveNext</c>, in the order asked.
    /// </summary>
    internal abstract record FrameHelper;
}
