using System;
using System.Collections.Generic;
using System.IO;
using Stackless;
using Stackless.Samples.Pipelines;

namespace Stackless.Samples.Workshop;

/// <summary>
/// A pipeline built from a library's [Tasklet] stages (samples/Pipelines) and this project's own filters, which
/// override the library's abstract [Tasklet] method. Prints the sum of the multiples of 3 among 1..count that an
/// inspector tasklet approves, and what each filter saw.
/// </summary>
public static partial class Program
{
    public static void Main(string[] args)
    {
        int count = args.Length > 0 ? int.Parse(args[0]) : 30;
        Report report = Execute(count, Console.Out);
        Console.WriteLine($"sum={report.Sum} seen={report.Seen} approved={report.Approved}");
    }

    public sealed record Report(long Sum, int Seen, int Approved, IReadOnlyList<string> Log);

    public static Report Execute(int count, TextWriter output)
    {
        var numbers = new Channel<int>();
        var kept = new Channel<int>();
        var questions = new Channel<int>();
        var answers = new Channel<bool>();
        var log = new List<string>();

        var filter = new InspectedMultiples(3, questions, answers, log);
        Stages.SpawnProduce(numbers, 1, count);                    // a library tasklet
        Stages.SpawnApply(filter, numbers, kept);                  // calls our override as a nested frame
        Tasklet inspector = SpawnInspect(questions, answers, log);
        Tasklet<long> total = SpawnTotal(kept);                    // our tasklet calls the library's Sum
        Scheduler.Run();
        inspector.Kill();                                          // it waits forever for the next question
        foreach (string line in log) output.WriteLine(line);
        return new Report(total.Result, filter.Seen, filter.Approved, log);
    }

    /// <summary>A nested call into another assembly: Stages.Sum runs as a frame on this tasklet's chain.</summary>
    [Tasklet]
    static long Total(Channel<int> kept) => Stages.Sum(kept);

    /// <summary>Approves every multiple of 3 except multiples of 9 — by rendezvous, so every Accept waits for it.</summary>
    [Tasklet]
    static void Inspect(Channel<int> questions, Channel<bool> answers, List<string> log)
    {
        while (true)
        {
            int value = questions.Receive();
            bool ok = value % 9 != 0;
            log.Add($"inspector: {value} {(ok ? "approved" : "rejected")}");
            answers.Send(ok);
        }
    }

    /// <summary>Overrides the library's abstract [Tasklet] Accept: the decision waits on another tasklet.</summary>
    sealed partial class InspectedMultiples : Filter.All
    {
        private readonly int _of;
        private readonly Channel<int> _questions;
        private readonly Channel<bool> _answers;
        private readonly List<string> _log;

        public InspectedMultiples(int of, Channel<int> questions, Channel<bool> answers, List<string> log)
        {
            _of = of;
            _questions = questions;
            _answers = answers;
            _log = log;
        }

        public int Approved { get; private set; }

        [Tasklet]
        public override bool Accept(int value)
        {
            if (!base.Accept(value) || value % _of != 0)   // the library's override, as a nested frame (counts Seen)
                return false;
            _questions.Send(value);
            bool ok = _answers.Receive();
            if (ok) Approved++;
            return ok;
        }
    }
}
