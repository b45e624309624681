namespace Stackless.Generator.Model
{
    /// <summary>
    /// <c>private {Type} {Name} { get =&gt; base.P; set =&gt; base.P = value; }</c> for <c>base.P</c>, or for <c>base[…]</c>
    /// the indexer <c>private {Type} this[{Marker} marker, {Parameters}] { get =&gt; base[…]; … }</c> (selected by the
    /// frame's marker enum; <paramref name="IndexerName"/>: the user's [IndexerName], which all indexers of a type share).
    /// Only the accessors the user's type may call (<paramref name="Get"/>, <paramref name="Set"/>).
    /// </summary>
    /// <param name="Access">The base access the accessors read and write: <c>base.P</c>, <c>base[i, j]</c>.</param>
    /// <param name="Marker">The marker enum of an indexer; null for a property.</param>
    internal sealed record BasePropertyForwarder(
        string Member,
        string Tasklet,
        string Type,
        string Name,
        string Access,
        bool Get,
        bool Set,
        string? Marker,
        EquatableArray<string> Parameters,
        string? IndexerName) : TypeHelper;
}
