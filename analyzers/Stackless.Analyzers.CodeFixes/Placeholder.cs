namespace Stackless.Analyzers.CodeFixes
{
    internal static class Placeholder { }
}
