using System;
using System.ComponentModel;

namespace Stackless
{
    // The frame side of Run/Kill/Throw: from generated code these switch by returning to the trampoline.
    public abstract partial class Tasklet
    {
        /// <summary>Generated code: <c>Run()</c> from a frame. True: the frame must return now; resume with <see cref="Scheduler.EndSwitch(Tasklet)"/>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public bool BeginRun()
        {
            ThreadScheduler s = Owner();
            return s.RunSwitch(this, s.Current);
        }

        /// <summary>Generated code: <c>Kill(pending)</c> from a frame. True: the frame must return now; resume with <see cref="Scheduler.EndSwitch(Tasklet)"/>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public bool BeginKill(bool pending = false) => BeginThrow(new TaskletExit(), pending);

        /// <summary>Generated code: <c>Throw(exception, pending)</c> from a frame. True: the frame must return now; resume with <see cref="Scheduler.EndSwitch(Tasklet)"/>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public bool BeginThrow(Exception exception, bool pending = false)
        {
            if (exception is null) throw new ArgumentNullException(nameof(exception));
            ThreadScheduler s = Owner();
            Tasklet current = s.Current;
            if (current == this)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception);
            return s.ThrowSwitch(this, exception, pending, current);
        }
    }
}
