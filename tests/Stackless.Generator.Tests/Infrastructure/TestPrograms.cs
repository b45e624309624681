namespace Stackless.Generator.Tests.Infrastructure
{
    /// <summary>Members shared by the behaviour tests' programs (pasted into the partial class P of <see cref="Differential"/>).</summary>
    public static class TestPrograms
    {
        /// <summary>A static channel <c>ch</c>, and <c>[Tasklet] Feed(c, n)</c>: sends 1…n on <c>c</c>, then closes it.</summary>
        public const string Feeder = """
                static Channel<int> ch = new();
                [Tasklet]
                static void Feed(Channel<int> c, int n)
                {
                    for (int i = 1; i <= n; i++) { c.Send(i); }
                    c.Close();
                }

            """;

        /// <summary><c>Side(what, value)</c>: logs <c>what</c> and returns <c>value</c>, to show the order of evaluation.</summary>
        public const string Side = """
                static int Side(string what, int value) { L(what); return value; }

            """;
    }
}
