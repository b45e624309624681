namespace Stackless.Generator.Model
{
    /// <summary><c>private event {Type} {Name} { add =&gt; base.E += value; remove =&gt; base.E -= value; }</c> for <c>base.E</c>.</summary>
    internal sealed record BaseEventForwarder(string Member, string Tasklet, string Type, string Name, string Access) : TypeHelper;
}
