namespace Stackless.Generator.Model
{
    /// <summary>
    /// <c>private static {Shape} {Name}&lt;__A1, …&gt;(__A1 a1, …) =&gt; default!;</c>: a call of it is an example of a type
    /// built from anonymous types (<paramref name="Shape"/>, written with the type parameters __A1… for them), never evaluated.
    /// </summary>
    internal sealed record ShapeHelper(string Name, string Shape, int Arity) : FrameHelper;
}
