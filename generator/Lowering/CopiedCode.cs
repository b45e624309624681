using Stackless.Generator.Ir;
using Stackless.Generator.Model;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// Copied code as the lowering hands it to an <see cref="IrVerbatim"/>: its text, and its jumps that may leave try
    /// statements, which are not in the text (<see cref="IrJumpHole"/>: routed by ExceptionHandlerRouting, written by the
    /// emitter).
    /// </summary>
    internal readonly struct CopiedCode
    {
        public CopiedCode(string text, EquatableArray<IrJumpHole> holes = default)
        {
            Text = text;
            Holes = holes;
        }

        public string Text { get; }
        public EquatableArray<IrJumpHole> Holes { get; }

        /// <summary>The code inside <paramref name="prefix"/> … <paramref name="suffix"/> (its holes moved along).</summary>
        public CopiedCode Within(string prefix, string suffix)
        {
            if (Holes.Count == 0) return new CopiedCode(prefix + Text + suffix);
            var moved = new IrJumpHole[Holes.Count];
            for (int i = 0; i < moved.Length; i++) moved[i] = Holes[i] with { Offset = Holes[i].Offset + prefix.Length };
            return new CopiedCode(prefix + Text + suffix, new EquatableArray<IrJumpHole>(moved));
        }
    }
}
