namespace Stackless.Generator.Model
{
    /// <summary>
    /// <c>private enum {Name} { }</c>: selects the base-indexer forwarders of the frame of [Tasklet]
    /// <paramref name="Tasklet"/> (called as <c>__this[default(Name), …]</c>).
    /// </summary>
    internal sealed record BaseIndexerMarker(string Name, string Tasklet) : TypeHelper;
}
