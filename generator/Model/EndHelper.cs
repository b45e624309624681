namespace Stackless.Generator.Model
{
    /// <summary>
    /// <c>private static {Returns} {Name}&lt;__A1, …&gt;({Parameters}) =&gt; {Target}.{End}&lt;{TypeArguments}&gt;({Passed});</c>:
    /// the End… of resume point <paramref name="State"/>, whose type arguments contain anonymous types that only
    /// inference from examples can name (the parameters __A1… stand for them).
    /// </summary>
    /// <param name="Parameters">Each parameter as written (<c>out T __o1</c>), the examples <c>__A1 __example1</c> last.</param>
    /// <param name="Passed">Each argument of the End call as written (<c>__frame</c>, <c>out __o1</c>).</param>
    internal sealed record EndHelper(
        string Name,
        int State,
        string End,
        string Returns,
        int Arity,
        EquatableArray<string> Parameters,
        string Target,
        EquatableArray<string> TypeArguments,
        EquatableArray<string> Passed) : FrameHelper;
}
