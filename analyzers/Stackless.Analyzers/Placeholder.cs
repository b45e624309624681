namespace Stackless.Analyzers
{
    internal static class Placeholder { }
}
