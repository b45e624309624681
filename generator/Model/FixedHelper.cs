namespace Stackless.Generator.Model
{
    /// <summary>A helper whose text never varies (the emitter knows it), wanted at most once per frame.</summary>
    internal sealed record FixedHelper(FixedHelperKind Kind) : FrameHelper;

    /// <summary>The helpers of <see cref="FixedHelper"/>.</summary>
    internal enum FixedHelperKind
    {
        /// <summary><c>__Set(out target, value)</c>: assigns a hoisted pattern variable inside a pattern test.</summary>
        Set,
        /// <summary><c>__Anon(ref box, example)</c>: the box of a value of anonymous type, kept in an object field.</summary>
        AnonymousBox,
        /// <summary><c>__AnonFresh(out box, example)</c>: a fresh box, a new variable for a loop iteration.</summary>
        FreshAnonymousBox,
        /// <summary><c>__AnonCast(value, example)</c>: a cast to a type that cannot be written.</summary>
        AnonymousCast,
        /// <summary><c>__RightOperand&lt;T&gt;()</c> and its exception: the right operand of a user-defined <c>&amp;&amp;</c> or <c>||</c>.</summary>
        RightOperand,
    }
}
