namespace Stackless.Generator.Ir
{
    /// <summary><c>case State: goto Target;</c> of a state dispatch (the body's, or a try region's).</summary>
    internal sealed record IrDispatchCase(int State, string Target);
}
