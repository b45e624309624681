namespace Stackless.Fuzz.Tests.Oracle
{
    /// <summary>Failure messages that carry everything needed to reproduce: the program, the difference, the generated code.</summary>
    public static class Report
    {
        public static string Failure(CompiledProgram p, string? difference)
            => $"{p.Source.Name} ({p.Source.Origin}):\n{difference}\n---- program ----\n{p.Source.Text}\n---- generated ----\n{Truncate(p.Generated, 12000)}";

        private static string Truncate(string s, int max) => s.Length <= max ? s : s.Substring(0, max) + "\n…";
    }
}
