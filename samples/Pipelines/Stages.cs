namespace Stackless.Samples.Pipelines;

/// <summary>
/// Reusable pipeline stages. Each is an ordinary method marked [Tasklet]: spawn it as a tasklet of its own, call it
/// from another tasklet (also from another assembly: it then runs as a nested heap frame of the caller), or call it
/// from ordinary code, where its channel operations run the scheduler until they complete.
/// </summary>
public static partial class Stages
{
    /// <summary>Sends <paramref name="count"/> numbers from <paramref name="first"/> on, then closes the channel.</summary>
    [Tasklet]
    public static void Produce(Channel<int> output, int first, int count)
    {
        for (int i = 0; i < count; i++)
            output.Send(first + i);
        output.Close();
    }

    /// <summary>Receives until the channel is closed and drained; returns the sum.</summary>
    [Tasklet]
    public static long Sum(Channel<int> input)
    {
        long total = 0;
        foreach (int x in input)
            total += x;
        return total;
    }

    /// <summary>Forwards every value that <paramref name="filter"/> accepts, then closes the output.</summary>
    [Tasklet]
    public static void Apply(Filter filter, Channel<int> input, Channel<int> output)
    {
        try
        {
            foreach (int x in input)
                if (filter.Accept(x))            // a virtual [Tasklet] call: the override's frame runs here
                    output.Send(x);
        }
        finally
        {
            output.Close();
        }
    }
}
