namespace Stackless.Samples.Pipelines;

/// <summary>
/// A step of a pipeline whose decision may itself wait on channels: <see cref="Accept"/> is an abstract [Tasklet]
/// method, so an override (in this assembly or another) may send, receive or call other tasklets, and a tasklet that
/// calls it through a <see cref="Filter"/> reference runs the override's frame.
/// </summary>
public abstract partial class Filter
{
    /// <summary>Counts the values this filter has seen (a plain member the overrides use through base access).</summary>
    public int Seen { get; protected set; }

    [Tasklet]
    public abstract bool Accept(int value);

    /// <summary>Accepts everything; overrides narrow it and may call it with <c>base.Accept</c>.</summary>
    public partial class All : Filter
    {
        [Tasklet]
        public override bool Accept(int value)
        {
            Seen++;
            return true;
        }
    }
}
