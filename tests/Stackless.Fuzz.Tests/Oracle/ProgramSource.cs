using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace Stackless.Fuzz.Tests.Oracle
{
    /// <summary>
    /// One test program: a class deriving <c>Prog</c> (plus any helper types), written in the corpus format.
    /// </summary>
    /// <remarks>
    /// Corpus format: a file holds many programs, each introduced by a line <c>//# Name</c>. Inside a program,
    /// a line <c>//@entry Expr(args)</c> (or <c>//@entry-void …</c> for a void method) stands for the two
    /// overrides that call the method directly and through its generated Spawn method.
    /// </remarks>
    public sealed class ProgramSource
    {
        public ProgramSource(string name, string text, string origin)
        {
            Name = name;
            Text = Expand(text);
            Origin = origin;
        }

        /// <summary>The program's class name (unique in a batch).</summary>
        public string Name { get; }

        /// <summary>The compilation unit's text (inside namespace Corpus).</summary>
        public string Text { get; }

        /// <summary>A <c>//@known-bug #N …</c> line in the program: the generator bug (in /work/bugs/generator.md) that makes it fail today.</summary>
        public string? KnownBug
        {
            get
            {
                Match m = Regex.Match(Text, @"//@known-bug\s+(.+)");
                return m.Success ? m.Groups[1].Value.Trim() : null;
            }
        }

        /// <summary>A <c>//@expect-diagnostic TSKnnn</c> line: the generator refuses this program by design with that diagnostic.</summary>
        public string? ExpectedDiagnostic
        {
            get
            {
                Match m = Regex.Match(Text, @"//@expect-diagnostic\s+(TSK\d+)");
                return m.Success ? m.Groups[1].Value : null;
            }
        }

        /// <summary>Where it came from: a corpus file, a fuzz seed.</summary>
        public string Origin { get; }

        public override string ToString() => Name;

        public string CompilationUnit => "namespace Corpus\n{\n" + Text + "\n}\n";

        /// <summary>
        /// Without a generator (it has not landed yet, or STACKLESS_FUZZ_NOGEN=1), programs are compiled without
        /// their Spawn methods and only the direct run is made: this validates the corpus itself.
        /// </summary>
        public static bool NoGenerator =>
            Environment.GetEnvironmentVariable("STACKLESS_FUZZ_NOGEN") == "1" || !BatchCompiler.GeneratorAvailable;

        private static readonly Regex s_entry = new(@"^(\s*)//@entry(-void)?\s+(.+?)\s*$", RegexOptions.Multiline);

        /// <summary>Splits a corpus file into its programs.</summary>
        public static List<ProgramSource> Split(string fileText, string origin)
        {
            var result = new List<ProgramSource>();
            string[] lines = fileText.Replace("\r\n", "\n").Split('\n');
            string? name = null;
            var body = new StringBuilder();
            foreach (string line in lines)
            {
                if (line.StartsWith("//# ", StringComparison.Ordinal))
                {
                    if (name != null) result.Add(new ProgramSource(name, body.ToString(), origin));
                    name = line.Substring(4).Trim();
                    body.Clear();
                    continue;
                }
                if (name != null) body.Append(line).Append('\n');
            }
            if (name != null) result.Add(new ProgramSource(name, body.ToString(), origin));
            return result;
        }

        private static string Expand(string text) => s_entry.Replace(text, m =>
        {
            string indent = m.Groups[1].Value;
            bool isVoid = m.Groups[2].Success;
            string call = m.Groups[3].Value;
            string spawn = NoGenerator ? "throw new NotSupportedException(\"no generator\")" : ToSpawnCall(call);
            string direct = isVoid
                ? $"public override bool ReturnsVoid => true; public override object? Direct() {{ {call}; return null; }}"
                : $"public override object? Direct() => {call};";
            return $"{indent}{direct}\n{indent}public override Tasklet Spawn() => {spawn};";
        });

        /// <summary><c>a.b.M&lt;T&gt;(x)</c> → <c>a.b.SpawnM&lt;T&gt;(x)</c>: the last member name before the final argument list.</summary>
        internal static string ToSpawnCall(string call)
        {
            if (!call.EndsWith(")", StringComparison.Ordinal)) throw new FormatException("entry must be a call: " + call);
            int depth = 0, open = -1;
            for (int i = call.Length - 1; i >= 0; i--)
            {
                if (call[i] == ')') depth++;
                else if (call[i] == '(' && --depth == 0) { open = i; break; }
            }
            if (open < 0) throw new FormatException("unbalanced entry: " + call);
            int end = open;
            if (end > 0 && call[end - 1] == '>')
            {
                int d = 0;
                for (int i = end - 1; i >= 0; i--)
                {
                    if (call[i] == '>') d++;
                    else if (call[i] == '<' && --d == 0) { end = i; break; }
                }
            }
            int start = end;
            while (start > 0 && (char.IsLetterOrDigit(call[start - 1]) || call[start - 1] == '_')) start--;
            return call.Substring(0, start) + "Spawn" + call.Substring(start);
        }
    }
}
