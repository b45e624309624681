using System;

namespace Stackless.CompilerServices
{
    /// <summary>
    /// Declares that a method suspends the calling tasklet, and how code the generator emits for a
    /// <see cref="TaskletAttribute"/> method performs it (docs/frame-contract.md). The generator lowers a call
    /// of the method to the named pair; the analyzers know the method suspends (TSK111/TSK112/TSK113).
    /// </summary>
    /// <remarks>
    /// <para>Names are resolved on the method's own type (the <c>nameof</c> of members declared beside it),
    /// End on <see cref="EndType"/> when set. For an instance method, an instance <c>Begin</c>/<c>End</c> is
    /// called on the same receiver; a static one (and every one of a static method) on its type.</para>
    /// <para><b>A Begin/End pair</b> (<c>[SuspensionPoint(nameof(BeginM), nameof(EndM))]</c> on <c>R M(a…)</c>):
    /// <c>bool BeginM([Tasklet frame,] a…)</c> takes M's parameters except its <c>out</c> ones and returns true
    /// when the frame must return now (it resumes later at the same point); <c>R EndM([Tasklet frame,] out o…)</c>
    /// runs at the resume point, delivers M's result and its <c>out</c> parameters, or throws what was thrown into
    /// the tasklet while it waited. The optional first parameter <c>Tasklet frame</c> receives the running frame.</para>
    /// <para><b>A nested frame</b> (<c>[SuspensionPoint(nameof(CreateMFrame))]</c>): <c>CreateMFrame(a…)</c> returns a
    /// <see cref="TaskletFrame"/> (M void) or <see cref="TaskletFrame{TResult}"/> (M returns TResult) that the caller runs
    /// as a nested call; its result is M's.</para>
    /// <para><b>On <c>GetEnumerator()</c></b>: each step of a <c>foreach</c> over the type suspends:
    /// <c>bool Begin([Tasklet frame])</c>, then <c>bool End([Tasklet frame,] out TElement current)</c>, false at the end.
    /// A call of <c>GetEnumerator()</c> itself does not suspend.</para>
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class SuspensionPointAttribute : Attribute
    {
        /// <summary>The method suspends through the pair <paramref name="begin"/> / <paramref name="end"/>.</summary>
        public SuspensionPointAttribute(string begin, string end)
        {
            Begin = begin;
            End = end;
        }

        /// <summary>The method suspends as a nested frame that <paramref name="createFrame"/> creates.</summary>
        public SuspensionPointAttribute(string createFrame)
        {
            CreateFrame = createFrame;
        }

        /// <summary>The name of the method that starts the operation; null for a nested frame.</summary>
        public string? Begin { get; }

        /// <summary>The name of the method that completes it at the resume point; null for a nested frame.</summary>
        public string? End { get; }

        /// <summary>The name of the method that creates the nested frame; null for a Begin/End pair.</summary>
        public string? CreateFrame { get; }

        /// <summary>The type declaring a static <see cref="End"/>, when it is not the method's own type.</summary>
        public Type? EndType { get; set; }
    }
}
