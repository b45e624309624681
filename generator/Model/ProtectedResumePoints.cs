namespace Stackless.Generator.Model
{
    /// <summary>
    /// The resume points of a frame that lie inside a try of its method, as runs of consecutive states: the frame's
    /// <c>MayHandleAt</c> override (docs/frame-contract.md). A callee's exception rethrown at any other call escapes
    /// <c>MoveNext</c> at once, so the scheduler passes it on to the frame's caller without resuming the frame.
    /// </summary>
    /// <param name="Ranges">Disjoint, in ascending order; empty when no resume point is inside a try.</param>
    internal sealed record ProtectedResumePoints(EquatableArray<StateRange> Ranges);

    /// <summary>The states <paramref name="First"/> … <paramref name="Last"/>, both included.</summary>
    internal sealed record StateRange(int First, int Last);
}
