using System;
using System.Threading.Tasks;
using Stackless.CompilerServices;

namespace Stackless.Fuzz.Harness
{
    /// <summary>
    /// Tasks for <c>Tasklet.Await</c> in fuzz programs that complete later, deterministically: each comes from a
    /// <see cref="TaskCompletionSource{TResult}"/> that a partner tasklet spawned with it completes (or faults) after
    /// yielding a given number of times. The completion runs on the scheduler's own thread (the continuation is inline)
    /// and reaches the waiting tasklet through the scheduler's inbox, in both runs at the same point of the ring.
    /// </summary>
    public static partial class H
    {
        /// <summary>A task that a new partner completes with <paramref name="value"/> after <paramref name="ticks"/> yields.</summary>
        public static Task<T> Later<T>(string name, int ticks, T value)
        {
            var source = new TaskCompletionSource<T>();
            TaskletFrame.Spawn(new CompleterFrame(name, ticks, () =>
            {
                Trace.Log(name + " complete " + Trace.Show(value));
                source.SetResult(value);
            }));
            return source.Task;
        }

        /// <summary>A task without a result that a new partner completes after <paramref name="ticks"/> yields.</summary>
        public static Task Later(string name, int ticks) => Later(name, ticks, 0);

        /// <summary>A task that a new partner faults with a <see cref="TestException"/> after <paramref name="ticks"/> yields.</summary>
        public static Task<T> Failing<T>(string name, int ticks, string message)
        {
            var source = new TaskCompletionSource<T>();
            TaskletFrame.Spawn(new CompleterFrame(name, ticks, () =>
            {
                Trace.Log(name + " fault " + message);
                source.SetException(new TestException(message));
            }));
            return source.Task;
        }

        /// <summary><see cref="Later{T}"/> as a value task.</summary>
        public static ValueTask<T> LaterValue<T>(string name, int ticks, T value) => new(Later(name, ticks, value));
    }

    /// <summary>Logs and yields its ticks, then runs its completion.</summary>
    internal sealed class CompleterFrame : TaskletFrame
    {
        private readonly string _name;
        private readonly int _ticks;
        private readonly Action _complete;
        private int _i;

        public CompleterFrame(string name, int ticks, Action complete)
        {
            _name = name;
            _ticks = ticks;
            _complete = complete;
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
            _complete();
            Return();
        }
    }
}
