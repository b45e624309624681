namespace Stackless.Fuzz.Tests.Fuzz
{
    public static class FuzzConsole
    {
        public static int Run(string[] args) => 0;
    }
}
