using System;
using Stackless.CompilerServices;

namespace Stackless.Fuzz.Harness
{
    /// <summary>
    /// Partner tasklets for test programs. They are hand-written frames (the frame contract's shape), not
    /// generated ones, so a generator bug cannot hide in the partners. Every step they take is logged.
    /// </summary>
    public static partial class H
    {
        [ThreadStatic] private static Tasklet? t_target;
        [ThreadStatic] private static bool t_mainDone;

        /// <summary>The tasklet running the method under test: the spawned one, or main in the direct run.</summary>
        public static Tasklet Target => t_target ?? throw new InvalidOperationException("No target set.");

        /// <summary>True once the method under test has returned or failed.</summary>
        public static bool TargetFinished => Target.IsMain ? t_mainDone : !Target.IsAlive;

        internal static void SetTarget(Tasklet target)
        {
            t_target = target;
            t_mainDone = false;
        }

        internal static void MainFinished() => t_mainDone = true;

        /// <summary>Sends <paramref name="values"/> in turn on <paramref name="ch"/>, then closes it if asked.</summary>
        public static Tasklet Feed<T>(string name, Channel<T> ch, T[] values, bool close = false)
            => TaskletFrame.Spawn(new FeedFrame<T>(name, ch, i => values[i], values.Length, close));

        /// <summary>Sends <c>next(0)</c>, <c>next(1)</c>, … on <paramref name="ch"/> forever (it stays blocked when nobody receives).</summary>
        public static Tasklet FeedForever<T>(string name, Channel<T> ch, Func<int, T> next)
            => TaskletFrame.Spawn(new FeedFrame<T>(name, ch, next, -1, close: false));

        /// <summary>Receives from <paramref name="ch"/> and logs every value until the channel is closed.</summary>
        public static Tasklet Sink<T>(string name, Channel<T> ch)
            => TaskletFrame.Spawn(new SinkFrame<T>(name, ch));

        /// <summary>Logs and yields <paramref name="ticks"/> times.</summary>
        public static Tasklet Yielder(string name, int ticks)
            => TaskletFrame.Spawn(new ThrowerFrame(name, ticks, null, pending: false));

        /// <summary>Yields <paramref name="ticks"/> times, then throws <paramref name="exception"/> into the target if it is still running.</summary>
        public static Tasklet Thrower(string name, int ticks, Exception exception, bool pending = false)
            => TaskletFrame.Spawn(new ThrowerFrame(name, ticks, exception, pending));

        /// <summary>Yields <paramref name="ticks"/> times, then kills the target if it is still running.</summary>
        public static Tasklet Killer(string name, int ticks, bool pending = false)
            => TaskletFrame.Spawn(new ThrowerFrame(name, ticks, new TaskletExit(), pending));

        /// <summary>Yields <paramref name="ticks"/> times, then inserts the target if it is paused (after ScheduleRemove).</summary>
        public static Tasklet Inserter(string name, int ticks)
            => TaskletFrame.Spawn(new InserterFrame(name, ticks));
    }

    internal sealed class FeedFrame<T> : TaskletFrame
    {
        private readonly string _name;
        private readonly Channel<T> _ch;
        private readonly Func<int, T> _next;
        private readonly int _count;
        private readonly bool _close;
        private int _i;
        private T _value = default!;

        public FeedFrame(string name, Channel<T> ch, Func<int, T> next, int count, bool close)
        {
            _name = name;
            _ch = ch;
            _next = next;
            _count = count;
            _close = close;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
        Loop:
            if (_count >= 0 && _i >= _count) goto Done;
            _value = _next(_i);
            Trace.Log(_name + " send " + Trace.Show(_value));
            State = 1;
            if (_ch.BeginSend(_value)) return;
        Resume1:
            _ch.EndSend();
            Trace.Log(_name + " sent " + Trace.Show(_value));
            _i++;
            goto Loop;
        Done:
            if (_close)
            {
                Trace.Log(_name + " close");
                _ch.Close();
            }
            Return();
        }
    }

    internal sealed class SinkFrame<T> : TaskletFrame
    {
        private readonly string _name;
        private readonly Channel<T> _ch;

        public SinkFrame(string name, Channel<T> ch)
        {
            _name = name;
            _ch = ch;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
        Loop:
            State = 1;
            if (_ch.BeginReceive()) return;
        Resume1:
            if (!_ch.EndReceiveNext(out T value))
            {
                Trace.Log(_name + " closed");
                Return();
                return;
            }
            Trace.Log(_name + " got " + Trace.Show(value));
            goto Loop;
        }
    }

    internal sealed class ThrowerFrame : TaskletFrame
    {
        private readonly string _name;
        private readonly int _ticks;
        private readonly Exception? _exception;
        private readonly bool _pending;
        private int _i;

        public ThrowerFrame(string name, int ticks, Exception? exception, bool pending)
        {
            _name = name;
            _ticks = ticks;
            _exception = exception;
            _pending = pending;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
                case 2: goto Resume2;
            }
        Loop:
            if (_i >= _ticks) goto Act;
            Trace.Log(_name + " tick " + _i);
            State = 1;
            if (Scheduler.BeginSchedule()) return;
        Resume1:
            Scheduler.EndSwitch();
            _i++;
            goto Loop;
        Act:
            if (_exception == null || H.TargetFinished)
            {
                Trace.Log(_name + " done");
                Return();
                return;
            }
            Trace.Log(_name + (_exception is TaskletExit ? " kill" : " throw " + _exception.Message) + (_pending ? " pending" : ""));
            State = 2;
            if (H.Target.BeginThrow(_exception, _pending)) return;
        Resume2:
            Scheduler.EndSwitch();
            Trace.Log(_name + " after throw");
            Return();
        }
    }

    internal sealed class InserterFrame : TaskletFrame
    {
        private readonly string _name;
        private readonly int _ticks;
        private int _i;

        public InserterFrame(string name, int ticks)
        {
            _name = name;
            _ticks = ticks;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
        Loop:
            if (_i >= _ticks) goto Act;
            Trace.Log(_name + " tick " + _i);
            State = 1;
            if (Scheduler.BeginSchedule()) return;
        Resume1:
            Scheduler.EndSwitch();
            _i++;
            goto Loop;
        Act:
            if (!H.TargetFinished && H.Target.IsPaused)
            {
                Trace.Log(_name + " insert");
                H.Target.Insert();
            }
            else
            {
                Trace.Log(_name + " nothing to insert");
            }
            Return();
        }
    }
}
