namespace Stackless.Generator.Model
{
    /// <summary>
    /// SpawnM: same accessibility, static-ness, parameters and type parameters as M; it starts the frame the factory
    /// creates (for a virtual M, the override's), or throws when M was refused before lowering (<paramref name="Throws"/>).
    /// </summary>
    /// <param name="Factory">The factory it calls, with type parameters.</param>
    internal sealed record SpawnMethod(
        string Modifiers,
        string ReturnType,
        string Name,
        string TypeParameters,
        string Parameters,
        EquatableArray<string> Constraints,
        bool Throws,
        string Factory,
        string Arguments);
}
