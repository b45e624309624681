namespace Stackless.Generator.Model
{
    /// <summary>
    /// A field of a frame: a parameter, a hoisted local, a temporary or a nested call's callee. It has no initializer:
    /// a frame starts zeroed, and the file turns off the warnings about fields only the frame's code assigns
    /// (CS0649, CS0169); an initializer per field cost the compiler ~10% of the frame's compile time.
    /// </summary>
    /// <param name="Access"><c>internal</c>, or <c>private</c> when the type is private to the user's type.</param>
    /// <param name="Type">The field's type as written (fully qualified).</param>
    /// <param name="Name">The field's name, escaped where it is a keyword.</param>
    /// <param name="Comment">Why the field is there, when its name does not say (written after it), or null.</param>
    internal sealed record FrameField(string Access, string Type, string Name, string? Comment = null);
}
