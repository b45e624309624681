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
        /// The frame class's <c>[FrameLocations]</c> attribute (docs/frame-contract.md): the method's display name, its file,
        /// and by resume state the user's line of the suspension point or call (state 0: the method's own line). Read only by
        /// Tasklet.Frames, once per frame type. An attribute, not a property override: metadata costs the build no method
        /// to compile (a getter per frame was ~10% of compiling 1,000 frames, --gencost --variants).
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
            w.Line(indent, "[global::Stackless.CompilerServices.FrameLocations(" + SymbolDisplay.FormatLiteral(model.MethodDisplay, quote: true)
                + ", " + file + ", \"" + string.Join(" ", lines.Select(l => l.ToString(CultureInfo.InvariantCulture))) + "\")]");
        }
    }
}
