using System;

namespace Stackless.Fuzz.Tests
{
    /// <summary>Console entry: <c>dotnet run --project tests/Stackless.Fuzz.Tests -- --seeds 10000 [--from N] [--batch 100]</c>.</summary>
    public static class Program
    {
        public static int Main(string[] args) => Fuzz.FuzzConsole.Run(args);
    }
}
