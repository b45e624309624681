using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Stackless.Fuzz.Harness
{
    /// <summary>
    /// The event trace every test program writes to. One trace per thread (each oracle run has its own thread).
    /// Programs use it through <c>using static</c>: <c>Log("x")</c> for a statement, <c>V("a", e)</c> to log an
    /// operand as it is evaluated (so evaluation order and short-circuits show in the trace).
    /// </summary>
    public static class Trace
    {
        /// <summary>Events a run may log before it is declared runaway (a lowering bug that loops forever).</summary>
        public const int Fuel = 200_000;

        [ThreadStatic] private static List<string>? t_events;
        [ThreadStatic] private static bool t_exhausted;

        internal static List<string> Begin()
        {
            t_events = new List<string>();
            t_exhausted = false;
            return t_events;
        }

        internal static bool Exhausted => t_exhausted;

        /// <summary>Logs one event.</summary>
        public static void Log(string e)
        {
            List<string> events = t_events ?? throw new InvalidOperationException("Trace.Log outside an oracle run.");
            if (t_exhausted || events.Count >= Fuel)
            {
                // Sticky: a catch-all in the program cannot swallow the runaway for good.
                t_exhausted = true;
                throw new FuelExhaustedException();
            }
            events.Add(e);
        }

        /// <summary>Logs <paramref name="label"/>=<paramref name="value"/> and returns the value.</summary>
        public static T V<T>(string label, T value)
        {
            Log(label + "=" + Show(value));
            return value;
        }

        /// <summary>Logs a boolean operand: <c>B("c1", x &gt; 2)</c>.</summary>
        public static bool B(string label, bool value) => V(label, value);

        /// <summary>A stable, culture-invariant rendering of a value for the trace.</summary>
        public static string Show(object? value)
        {
            switch (value)
            {
                case null: return "null";
                case string s: return "\"" + s + "\"";
                case bool b: return b ? "true" : "false";
                case IFormattable f: return f.ToString(null, CultureInfo.InvariantCulture);
                case IEnumerable e:
                    var sb = new StringBuilder("[");
                    bool first = true;
                    foreach (object? o in e)
                    {
                        if (!first) sb.Append(',');
                        sb.Append(Show(o));
                        first = false;
                    }
                    return sb.Append(']').ToString();
                default: return value.ToString() ?? "";
            }
        }
    }

    /// <summary>Thrown by <see cref="Trace.Log"/> once a run has logged <see cref="Trace.Fuel"/> events.</summary>
    public sealed class FuelExhaustedException : Exception
    {
        public FuelExhaustedException() : base("The program ran out of fuel (" + Trace.Fuel + " events): it probably loops forever.") { }
    }

    /// <summary>The exception programs throw and catch.</summary>
    public class TestException : Exception
    {
        public TestException(string message) : base(message) { }
    }

    /// <summary>A second exception type, for catch clauses that must not match.</summary>
    public sealed class OtherException : Exception
    {
        public OtherException(string message) : base(message) { }
    }

    /// <summary>A disposable that logs its disposal (for <c>using</c>).</summary>
    public sealed class LogDisposable : IDisposable
    {
        private readonly string _name;
        private bool _disposed;

        public LogDisposable(string name)
        {
            _name = name;
            Trace.Log("open " + name);
        }

        public string Name => _name;

        public void Dispose()
        {
            Trace.Log(_disposed ? "dispose again " + _name : "dispose " + _name);
            _disposed = true;
        }
    }
}

namespace Stackless.Fuzz.Harness
{
    /// <summary>An accumulator whose calls log (for <c>?.</c> chains in fuzz programs).</summary>
    public sealed class Acc
    {
        public int Total;

        public int Add(int x)
        {
            Trace.Log("acc+" + x);
            Total += x;
            return Total;
        }
    }
}
