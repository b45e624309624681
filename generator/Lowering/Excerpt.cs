namespace Stackless.Generator.Lowering
{
    /// <summary>The user's code as a diagnostic or a generated comment quotes it.</summary>
    internal static class Excerpt
    {
        /// <summary>The user's code on one line (runs of white space made one space), at most 90 characters.</summary>
        public static string Short(string text)
        {
            var sb = new System.Text.StringBuilder(System.Math.Min(text.Length, 91));
            bool space = false;
            foreach (char c in text)
            {
                if (char.IsWhiteSpace(c)) { space = sb.Length > 0; continue; }
                if (space) sb.Append(' ');
                space = false;
                sb.Append(c);
                if (sb.Length > 90) break;
            }
            return sb.Length > 90 ? sb.ToString(0, 87) + "..." : sb.ToString();
        }
    }
}
