namespace Stackless.Generator.Model
{
    /// <summary>
    /// <c>private {Returns} {Name}{TypeParameters}({Parameters}) {Constraints} =&gt; base.{Called}({Arguments});</c>: a
    /// non-virtual call of a base method (<c>base.M(…)</c>), or of the base class's frame factory for a nested call of a
    /// base [Tasklet] method (<paramref name="Factory"/>). Generic over the tasklet's type parameters (the call's types may
    /// use them).
    /// </summary>
    /// <param name="Member">The base member as the summary names it (for a factory, the call as the user wrote it); <paramref name="Tasklet"/> the method it serves.</param>
    /// <param name="Called">The base member and its type arguments, <c>Foo&lt;int&gt;</c>.</param>
    internal sealed record BaseMethodForwarder(
        string Member,
        string Tasklet,
        bool Factory,
        string Returns,
        string Name,
        string TypeParameters,
        EquatableArray<string> Parameters,
        EquatableArray<string> Constraints,
        string Called,
        EquatableArray<string> Arguments) : TypeHelper;
}
