using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Threading;
using Stackless.Fuzz.Harness;

namespace Stackless.Fuzz.Tests.Oracle
{
    /// <summary>What one run of a program did: its trace, and how the method ended.</summary>
    public sealed class RunResult
    {
        public RunResult(List<string> trace, string outcome, string? stackTrace)
        {
            Trace = trace;
            Outcome = outcome;
            StackTrace = stackTrace;
        }

        public List<string> Trace { get; }

        /// <summary>"returned X", "threw Type: message", "killed", "void", or a harness failure.</summary>
        public string Outcome { get; }

        public string? StackTrace { get; }
    }

    /// <summary>
    /// The oracle: runs a program (a) as a tasklet through its generated Spawn method and (b) called directly
    /// from main, each on a fresh thread (so each run has a fresh scheduler), and compares the two.
    /// </summary>
    /// <remarks>
    /// Interleaving: in (a) the method's tasklet is spawned before the partners, so the run queue is
    /// [main, M, P1…Pn] and <c>Scheduler.Run()</c> passes main's turn on to M; in (b) main is M, and the queue
    /// is [main, P1…Pn]. Main's slot in (a) is transparent while anything else is runnable, so both runs see
    /// the same round-robin order.
    /// </remarks>
    public static class DifferentialRunner
    {
        // The runtime has no public way to tell a void tasklet that was killed from one that returned: its internal
        // Tasklet.FailureOf() (since issue 15's 64 B layout; before it, the transfer slot transferObj) keeps the final
        // exception (see /work/bugs/runtime-requests.md, "fuzz"). If neither exists, void outcomes fall back to
        // "void or killed" in both runs.
        private static readonly MethodInfo? s_failureOf =
            typeof(Tasklet).GetMethod("FailureOf", BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes);
        private static readonly FieldInfo? s_transferObj =
            typeof(Tasklet).GetField("transferObj", BindingFlags.NonPublic | BindingFlags.Instance);
        private static readonly bool s_canTellKilled = s_failureOf != null || s_transferObj != null;

        /// <summary>The exception a dead tasklet ended with, as the runtime keeps it (null: none, or no way to ask).</summary>
        private static ExceptionDispatchInfo? FinalFailure(Tasklet t) =>
            (s_failureOf != null ? s_failureOf.Invoke(t, null) : s_transferObj?.GetValue(t)) as ExceptionDispatchInfo;

        private const int TimeoutMs = 20_000;

        /// <summary>Null when the two runs agree, else a description of the difference.</summary>
        public static string? Check(CompiledProgram program)
        {
            string? expected = program.Source.ExpectedDiagnostic;
            if (expected != null) return CheckRefused(program, expected);
            if (program.Failure != null) return program.Failure;
            Type type = program.Type!;
            RunResult direct = OnFreshThread(() => RunDirect(type));
            string? own = SelfCheck(program, direct, "direct");
            if (ProgramSource.NoGenerator) return own;
            RunResult spawned = OnFreshThread(() => RunSpawned(type));
            string? difference = Compare(program, spawned, direct) ?? own;
            if (difference != null || !Watchdog) return difference;
            WatchdogBudget budget = WatchdogBudget.For(program.Source.Name);
            RunResult interrupted = OnFreshThread(() => RunSpawned(type, budget));
            string? w = Compare(program, interrupted, spawned);
            return w == null ? null : $"under the watchdog ({budget}): spawned and interrupted vs spawned:\n{w}";
        }

        /// <summary>
        /// Also run each program spawned under a budgeted <c>Scheduler.Run(k)</c> (see <see cref="WatchdogBudget"/>) and compare
        /// with the plain spawned run. On by default; STACKLESS_FUZZ_WATCHDOG=0 turns it off.
        /// </summary>
        public static bool Watchdog { get; set; } = Environment.GetEnvironmentVariable("STACKLESS_FUZZ_WATCHDOG") != "0";

        /// <summary>
        /// A program the generator refuses by design: the only failures allowed are that diagnostic (at the user's code)
        /// and the missing SpawnM it implies.
        /// </summary>
        private static string? CheckRefused(CompiledProgram program, string id)
        {
            string failure = program.Failure ?? "";
            string[] lines = failure.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            // Located: the message starts with the user's file and position, e.g. "Name.cs(13,13): ".
            bool reported = lines.Any(l => l.StartsWith("generator diagnostic", StringComparison.Ordinal) && l.Contains(" " + id + ":", StringComparison.Ordinal)
                && l.Contains(".cs(", StringComparison.Ordinal));
            bool onlyThat = lines.All(l => (l.StartsWith("generator diagnostic", StringComparison.Ordinal) && l.Contains(" " + id + ":", StringComparison.Ordinal))
                || (l.StartsWith("error in the program's own code", StringComparison.Ordinal) && l.Contains("Spawn", StringComparison.Ordinal)));
            return reported && onlyThat ? null : $"expected exactly generator diagnostic {id} at the user's code, got:\n{(failure.Length == 0 ? "(it compiled)" : failure)}";
        }

        /// <summary>
        /// The watchdog run alone with a given budget, compared with the plain spawned run: the difference (null when
        /// they agree) and how many times the budget interrupted the program.
        /// </summary>
        public static (string? Difference, int Interruptions) CheckUnderWatchdog(CompiledProgram program, int steps, bool total)
        {
            Type type = program.Type ?? throw new InvalidOperationException(program.Failure);
            var budget = new WatchdogBudget(steps, total);
            RunResult spawned = OnFreshThread(() => RunSpawned(type));
            RunResult interrupted = OnFreshThread(() => RunSpawned(type, budget));
            return (Compare(program, interrupted, spawned), budget.Interruptions);
        }

        /// <summary>Both results, for reports.</summary>
        public static (RunResult Spawned, RunResult Direct) RunBoth(Type type)
            => (OnFreshThread(() => RunSpawned(type)), OnFreshThread(() => RunDirect(type)));

        /// <summary>The direct run alone (for reports without a generator).</summary>
        public static RunResult RunDirectOnly(Type type) => OnFreshThread(() => RunDirect(type));

        private static string? SelfCheck(CompiledProgram program, RunResult r, string which)
        {
            if (r.Outcome.StartsWith("threw Stackless.DeadlockException", StringComparison.Ordinal))
                return $"the program deadlocks in the {which} run (the harness must feed it enough): {r.Outcome}";
            if (r.Outcome.StartsWith("harness:", StringComparison.Ordinal) || r.Outcome.Contains("FuelExhausted", StringComparison.Ordinal))
                return $"{which} run: {r.Outcome}";
            string? must = ((Prog)Activator.CreateInstance(program.Type!)!).StackTraceMustContain;
            if (must != null && (r.StackTrace == null || !r.StackTrace.Contains(must, StringComparison.Ordinal)))
                return $"{which} run: the exception's stack trace does not contain '{must}':\n{r.StackTrace}";
            return null;
        }

        private static string? Compare(CompiledProgram program, RunResult spawned, RunResult direct)
        {
            var sb = new StringBuilder();
            if (spawned.Outcome != direct.Outcome)
                sb.AppendLine($"outcome differs: spawned `{spawned.Outcome}` vs direct `{direct.Outcome}`");
            int n = Math.Max(spawned.Trace.Count, direct.Trace.Count);
            for (int i = 0; i < n; i++)
            {
                string? a = i < spawned.Trace.Count ? spawned.Trace[i] : null;
                string? b = i < direct.Trace.Count ? direct.Trace[i] : null;
                if (a == b) continue;
                sb.AppendLine($"trace differs at event {i}: spawned `{a ?? "<end>"}` vs direct `{b ?? "<end>"}`");
                int from = Math.Max(0, i - 6);
                sb.AppendLine("  spawned: " + string.Join(" | ", Slice(spawned.Trace, from, i + 4)));
                sb.AppendLine("  direct:  " + string.Join(" | ", Slice(direct.Trace, from, i + 4)));
                break;
            }
            string? s = SelfCheck(program, spawned, "spawned");
            if (s != null) sb.AppendLine(s);
            return sb.Length == 0 ? null : sb.ToString();
        }

        private static IEnumerable<string> Slice(List<string> l, int from, int to)
        {
            for (int i = from; i < Math.Min(to, l.Count); i++) yield return i + ":" + l[i];
        }

        private static RunResult OnFreshThread(Func<RunResult> run)
        {
            RunResult? result = null;
            Exception? failure = null;
            var thread = new Thread(() =>
            {
                try { result = run(); }
                catch (Exception e) { failure = e; }
            }, 64 * 1024 * 1024) { IsBackground = true, Name = "oracle run" };
            thread.Start();
            if (!thread.Join(TimeoutMs))
                return new RunResult(new List<string>(), $"harness: the run did not finish within {TimeoutMs} ms", null);
            if (failure != null)
                return new RunResult(new List<string>(), "harness: " + failure, null);
            return result!;
        }

        private static RunResult RunDirect(Type type)
        {
            List<string> trace = Trace.Begin();
            StartClock();
            var prog = (Prog)Activator.CreateInstance(type)!;
            H.SetTarget(Scheduler.Main);
            Scheduler.ErrorHandler = (t, e) => Trace.Log("partner failed: " + Describe(e));
            prog.Partners();
            string outcome;
            string? stack = null;
            try
            {
                object? value = prog.Direct();
                outcome = IsVoid(type) ? (s_canTellKilled ? "void" : "void or killed") : "returned " + Trace.Show(value);
            }
            catch (TaskletExit)
            {
                outcome = !s_canTellKilled && IsVoid(type) ? "void or killed" : "killed";
            }
            catch (Exception e)
            {
                outcome = "threw " + Describe(e);
                stack = e.StackTrace;
            }
            H.MainFinished();
            Finish(trace);
            return new RunResult(trace, outcome, stack);
        }

        private static RunResult RunSpawned(Type type, WatchdogBudget? budget = null)
        {
            List<string> trace = Trace.Begin();
            StartClock();
            var prog = (Prog)Activator.CreateInstance(type)!;
            Tasklet target = prog.Spawn();
            H.SetTarget(target);
            Exception? failed = null;
            Scheduler.ErrorHandler = (t, e) =>
            {
                if (t == target) failed = e;
                else Trace.Log("partner failed: " + Describe(e));
            };
            prog.Partners();
            if (budget == null) Finish(trace);
            else FinishInterrupted(trace, budget);
            string outcome;
            string? stack = null;
            if (target.IsAlive)
            {
                outcome = "harness: the spawned tasklet never finished (" + target + ")";
            }
            else if (failed != null)
            {
                outcome = "threw " + Describe(failed);
                stack = failed.StackTrace;
            }
            else if (FinalFailure(target) is { SourceException: TaskletExit })
            {
                outcome = "killed";
            }
            else if (IsVoid(type))
            {
                outcome = s_canTellKilled ? "void" : "void or killed";
            }
            else
            {
                try
                {
                    object? value = target.GetType().GetProperty("Result")!.GetValue(target);
                    outcome = "returned " + Trace.Show(value);
                }
                catch (TargetInvocationException e)
                {
                    outcome = "harness: Result threw " + Describe(e.InnerException!);
                }
            }
            return new RunResult(trace, outcome, stack);
        }

        /// <summary>
        /// Virtual time and one select seed in both runs: sleeps, timeouts and a select's choice among ready cases then
        /// depend only on the order of events, which the two runs share.
        /// </summary>
        private static void StartClock()
        {
            HT.StartVirtualClock();
            Scheduler.Seed = 7;
        }

        private static void Finish(List<string> trace)
        {
            try
            {
                Scheduler.Run();
            }
            catch (Exception e)
            {
                trace.Add("Scheduler.Run() threw " + Describe(e));
            }
            Scheduler.ErrorHandler = null;
        }

        /// <summary>
        /// <see cref="Finish"/> under the watchdog: a hard budgeted run that interrupts the running tasklet at a step check
        /// of generated code; main at once runs the victim again (<c>Run()</c>: it goes on exactly where it was, ahead of
        /// the others, as if never interrupted), so the order of events is the plain spawned run's and only the generated
        /// frame's interrupt path and resumption are new.
        /// </summary>
        private static void FinishInterrupted(List<string> trace, WatchdogBudget budget)
        {
            try
            {
                Tasklet? victim;
                while ((victim = Scheduler.Run(budget.Steps, totalBudget: budget.Total)) != null)
                {
                    budget.Interruptions++;
                    victim.Run();
                }
            }
            catch (Exception e)
            {
                trace.Add("Scheduler.Run() threw " + Describe(e));
            }
            Scheduler.ErrorHandler = null;
        }

        private static bool IsVoid(Type type) => ((Prog)Activator.CreateInstance(type)!).ReturnsVoid;

        private static string Describe(Exception e) => e.GetType().FullName + ": " + e.Message;
    }
}
