using System.Globalization;

namespace Stackless.Generator.Emitter
{
    /// <summary>
    /// Writes lines of a frame body with the <c>#line</c> directives they need: a user statement is mapped to its
    /// source line, generated code is hidden. It tracks which source line the next written line maps to (-1: hidden),
    /// so a directive is written only where the mapping would otherwise be wrong.
    /// </summary>
    internal sealed class LineMapping
    {
        private const int NotMapped = -1;
        private readonly IndentedWriter _w;
        private readonly string? _directiveFile; // the quoted file of #line; null: no directives (a tree without a path)
        private readonly int _lineDelta;
        private int _next = NotMapped;

        /// <param name="filePath">The user's file; empty when the tree has no path (no directives then).</param>
        /// <param name="lineDelta">Lines the method moved since it was lowered: added to every line it maps to.</param>
        /// <remarks>The caller has just written <c>#line hidden</c> (or nothing, without a path).</remarks>
        public LineMapping(IndentedWriter writer, string filePath, int lineDelta)
        {
            _w = writer;
            _lineDelta = lineDelta;
            _directiveFile = filePath.Length == 0 ? null : " \"" + filePath.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
        }

        /// <summary>A line the generator adds: hidden from the debugger.</summary>
        public void Hidden(int indent, string text)
        {
            if (_directiveFile != null && _next != NotMapped)
            {
                _w.Line("#line hidden");
                _next = NotMapped;
            }
            _w.Line(indent, text);
        }

        /// <summary>A line that is no statement (a label, a comment, an empty statement): it keeps the mapping as it is.</summary>
        public void Neutral(int indent, string text)
        {
            _w.Line(indent, text);
            if (_next != NotMapped) _next++;
        }

        /// <summary>
        /// The user's code at <paramref name="line"/> (1-based); continuation lines of a text of several lines keep their
        /// indentation relative to <paramref name="column"/>, the column of its first line in the source.
        /// </summary>
        public void User(int indent, string text, int line, int column)
        {
            line += _lineDelta;
            if (_directiveFile != null && _next != line)
                _w.Line("#line " + line.ToString(CultureInfo.InvariantCulture) + _directiveFile);
            int start = 0, count = 0;
            while (start <= text.Length)
            {
                int end = text.IndexOf('\n', start);
                if (end < 0) end = text.Length;
                int stop = end > start && text[end - 1] == '\r' ? end - 1 : end;
                int from = start;
                if (count > 0)
                {
                    int strip = 0;
                    while (strip < column && from < stop && text[from] == ' ') { from++; strip++; }
                }
                _w.Line(indent, text.Substring(from, stop - from));
                count++;
                start = end + 1;
            }
            if (_directiveFile != null) _next = line + count;
        }

        /// <summary>Ends the body hidden (what follows is the generator's).</summary>
        public void EndHidden()
        {
            if (_directiveFile != null && _next != NotMapped)
            {
                _w.Line("#line hidden");
                _next = NotMapped;
            }
        }
    }
}
