using System.Text;

namespace Stackless.Generator
{
    /// <summary>A small writer of indented C# text (four spaces a level, '\n' line ends for stable output).</summary>
    internal sealed class IndentedWriter
    {
        private readonly StringBuilder _sb = new();
        private int _indent;

        public int Indent => _indent;

        public void Push() => _indent++;

        public void Pop() => _indent--;

        public void Line(string text = "") => Line(_indent, text);

        public void Line(int indent, string text)
        {
            if (text.Length == 0 || text[0] == '#')
            {
                _sb.Append(text).Append('\n'); // blank lines and preprocessor directives start in column 0
                return;
            }
            _sb.Append(' ', indent * 4).Append(text).Append('\n');
        }

        public void Open(string header)
        {
            Line(header);
            Line("{");
            Push();
        }

        public void Close(string closing = "}")
        {
            Pop();
            Line(closing);
        }

        public override string ToString() => _sb.ToString();
    }
}
