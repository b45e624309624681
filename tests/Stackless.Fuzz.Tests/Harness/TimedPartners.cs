using System;
using Stackless.CompilerServices;

namespace Stackless.Fuzz.Harness
{
    /// <summary>
    /// The wave-2 side of a fuzz program: channels and a select that live per run (thread-static: each oracle run has
    /// its own thread), a ticker partner, and the select cases the grammar arms. Under virtual time (set by the oracle
    /// for every run) the clock stands still while anything can run, so which of a timeout and a tick comes first only
    /// depends on the virtual instants, and both runs agree. A select's choice among ready cases comes from
    /// <see cref="Scheduler.Seed"/>, which the oracle sets equally in both runs.
    /// </summary>
    public static class HT
    {
        [ThreadStatic] private static Channel<int>? t_tick;
        [ThreadStatic] private static Channel<int>? t_quiet;
        [ThreadStatic] private static Channel<int>? t_shut;
        [ThreadStatic] private static Select? t_sel;
        [ThreadStatic] private static Channel<int>?[]? t_recv;

        /// <summary>Fed by <see cref="Ticker"/> (if the program has one): one value per period of virtual time.</summary>
        public static Channel<int> Tick => t_tick ??= new Channel<int>();

        /// <summary>Nobody sends on it or receives from it: a timed operation on it always times out.</summary>
        public static Channel<int> Quiet => t_quiet ??= new Channel<int>();

        /// <summary>Closed (by <see cref="CloseShut"/> among the partners): a receive on it fires at once as closed.</summary>
        public static Channel<int> Shut => t_shut ??= new Channel<int>();

        /// <summary>The select of the method under test (only its tasklet waits in it, one wait at a time).</summary>
        public static Select Sel => t_sel ??= new Select();

        public static void CloseShut() => Shut.Close();

        /// <summary>Sleeps <paramref name="periodMs"/> ms of virtual time, then sends 0, 1, … on <see cref="Tick"/>, forever (blocked when nobody receives).</summary>
        public static Tasklet Ticker(string name, int periodMs)
            => TaskletFrame.Spawn(new TickerFrame(name, TimeSpan.FromMilliseconds(periodMs)));

        [ThreadStatic] private static TimeSpan t_start;

        /// <summary>
        /// Turns virtual time on for this run and starts <see cref="NowMs"/> at 0: the clock continues from the real time
        /// that passed before (which differs between runs), so only readings relative to this start may go to the trace.
        /// </summary>
        internal static void StartVirtualClock()
        {
            Scheduler.VirtualTime = true;
            t_start = Scheduler.Now;
        }

        /// <summary>The virtual clock in whole milliseconds since <see cref="StartVirtualClock"/> (for the trace).</summary>
        public static long NowMs => (long)(Scheduler.Now - t_start).TotalMilliseconds;

        /// <summary>
        /// Clears <see cref="Sel"/> and adds the cases of shape <paramref name="shape"/> (timeouts of <paramref name="ms"/> ms,
        /// send value <paramref name="v"/>); returns it, for <c>HT.Fired(HT.Arm(…).Wait())</c>. Every shape can fire without help
        /// from the method under test (a timeout, a default, a feeder or the sink), so no shape deadlocks.
        /// </summary>
        public static Select Arm(Channel<int> cin, Channel<int> cout, int shape, int ms, int v)
        {
            Select s = Sel;
            s.Clear();
            var recv = t_recv ??= new Channel<int>?[4];
            Array.Clear(recv);
            TimeSpan t = TimeSpan.FromMilliseconds(ms);
            switch (shape)
            {
                case 0: recv[s.Receive(cin)] = cin; s.Timeout(t); break;
                case 1: recv[s.Receive(Tick)] = Tick; s.Timeout(t); break;
                case 2: recv[s.Receive(cin)] = cin; recv[s.Receive(Tick)] = Tick; s.Default(); break;
                case 3: s.Send(cout, v); recv[s.Receive(Quiet)] = Quiet; s.Timeout(t); break;
                case 4: recv[s.Receive(Quiet)] = Quiet; s.Timeout(t); break;
                case 5: s.Send(Quiet, v); s.Default(); break;
                case 6: recv[s.Receive(cin)] = cin; s.Send(cout, v); break;
                case 7: recv[s.Receive(Tick)] = Tick; s.Send(cout, v); s.Timeout(t); break;
                case 8: recv[s.Receive(Shut)] = Shut; recv[s.Receive(Quiet)] = Quiet; s.Timeout(t); break;
                default: s.Timeout(t); recv[s.Receive(Tick)] = Tick; break;
            }
            return s;
        }

        /// <summary>Logs the case that fired (and the virtual time); returns a receive case's value (−1 if closed), else 100 + its index.</summary>
        public static int Fired(int index)
        {
            Select s = Sel;
            Channel<int>? ch = t_recv![index];
            int value = ch == null ? 100 + index : s.Closed(index) ? -1 : s.Value(ch);
            Trace.Log("sel " + index + " = " + value + " @" + NowMs);
            return value;
        }
    }

    internal sealed class TickerFrame : TaskletFrame
    {
        private readonly string _name;
        private readonly TimeSpan _period;
        private int _i;

        public TickerFrame(string name, TimeSpan period)
        {
            _name = name;
            _period = period;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
                case 2: goto Resume2;
            }
        Loop:
            State = 1;
            if (Scheduler.BeginSleep(this, _period)) return;
        Resume1:
            Scheduler.EndSleep(this);
            Trace.Log(_name + " send " + _i + " @" + HT.NowMs);
            State = 2;
            if (HT.Tick.BeginSend(_i)) return;
        Resume2:
            HT.Tick.EndSend();
            Trace.Log(_name + " sent " + _i);
            _i++;
            goto Loop;
        }
    }
}
