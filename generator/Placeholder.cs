namespace Stackless.Generator
{
    internal static class Placeholder { }
}
