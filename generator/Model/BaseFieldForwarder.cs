namespace Stackless.Generator.Model
{
    /// <summary>
    /// <c>private ref {Type} {Name} =&gt; ref base.f;</c> for <c>base.f</c> (<c>ref readonly</c> for a readonly field), or
    /// <c>private {Type} {Name} =&gt; base.f;</c> for a constant.
    /// </summary>
    internal sealed record BaseFieldForwarder(string Member, string Tasklet, string Type, string Name, string Access, bool IsConst, bool IsReadOnly) : TypeHelper;
}
