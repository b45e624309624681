namespace Stackless.Generator.Model
{
    /// <summary>What a frame factory does when called.</summary>
    internal enum FactoryBody
    {
        /// <summary>Abstract like the method: every override provides its frame.</summary>
        Abstract,
        /// <summary><c>new {Frame}(this?, arguments)</c>.</summary>
        CreatesFrame,
        /// <summary>The body was refused: throws <c>NotSupportedException</c> naming the error.</summary>
        Throws,
    }

    /// <summary>
    /// <c>__M_CreateFrame</c>: how SpawnM and other tasklets' nested calls create M's frame, dispatching like M
    /// (<paramref name="Modifiers"/>: static, virtual, override, …). <paramref name="Remark"/> says how, for the reader.
    /// </summary>
    /// <param name="SpawnName">M's name as SpawnM spells it (the interface member's for an explicit implementation).</param>
    /// <param name="Constraints">The constraints it restates (none for an override or explicit implementation, CS0460).</param>
    /// <param name="Frame">The frame class it creates, with type parameters; empty when abstract or throwing.</param>
    /// <param name="Arguments">The frame constructor's arguments (<c>this</c> first for an instance method).</param>
    internal sealed record FrameFactory(
        string SpawnName,
        string Remark,
        string Modifiers,
        string ReturnType,
        string Name,
        string TypeParameters,
        string Parameters,
        EquatableArray<string> Constraints,
        FactoryBody Body,
        string Frame,
        string Arguments);
}
