namespace Stackless.Generator.Model
{
    /// <summary>
    /// The default frame of an abstract [Tasklet] interface member, for implementations that are not [Tasklet]: it keeps
    /// the receiver and the arguments (<c>__p0</c>, <c>__p1</c>, … of <paramref name="ParameterTypes"/>) and runs
    /// <paramref name="Method"/> as one plain call.
    /// </summary>
    internal sealed record PlainFrame(
        string Name,
        string TypeParameters,
        string BaseType,
        EquatableArray<string> Constraints,
        string ContainingType,
        EquatableArray<string> ParameterTypes,
        string Method,
        bool ReturnsVoid);
}
