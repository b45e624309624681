using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Stackless.Generator.Ir;
using Stackless.Generator.Model;

namespace Stackless.Generator.Emitter
{
    /// <summary>The frame's table of user lines by resume state, for Tasklet.Frames (docs/frame-contract.md).</summary>
    internal static class FrameLocations
    {
        /// <summary>
        /// The frame's <c>FrameLocations</c> (docs/frame-contract.md): the method's display name, its file, and by resume state
        /// the user's line of the suspension point or call (state 0: the method's own line). Read only by Tasklet.Frames; the
        /// table is made on first use and kept per frame type, and the frame declares no field a user's name could meet.
        /// </summary>
        public static void Write(IndentedWriter w, int indent, TaskletModel model, IrBody body, int lineDelta)
        {
            System.Collections.Generic.List<(int State, int Line)> points = body.ResumePoints();
            int size = 1;
            foreach ((int state, int _) in points)
                if (state >= size) size = state + 1;
            var lines = new int[size];
            lines[0] = model.SourceLine + lineDelta;
            foreach ((int state, int line) in points)
                if (state > 0) lines[state] = line + lineDelta;
            string file = body.FilePath.Length == 0 ? "null" : SymbolDisplay.FormatLiteral(body.FilePath, quote: true);
            w.Line();
            w.Line(indent, "/// <summary>Where this frame is suspended or calling, by resume state (Tasklet.Frames).</summary>");
            w.Line(indent, "protected override global::Stackless.CompilerServices.FrameLocationTable FrameLocations =>");
            // Constants, not a lambda: a closure class per frame type made 1,000 methods' builds ~20% dearer (--gencost --variants).
            w.Line(indent + 1, "global::Stackless.CompilerServices.FrameLocationTable.Of(this, " + SymbolDisplay.FormatLiteral(model.MethodDisplay, quote: true)
                + ", " + file + ", \"" + string.Join(" ", lines.Select(l => l.ToString(CultureInfo.InvariantCulture))) + "\");");
        }
    }
}
