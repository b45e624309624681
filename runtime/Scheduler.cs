using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using Stackless.CompilerServices;

namespace Stackless
{
    /// <summary>
    /// The cooperative scheduler of the calling thread. Each thread has its own run queue and its own
    /// main tasklet (the thread's ordinary code). The run queue is circular and FIFO, and main is part of it.
    /// </summary>
    public static class Scheduler
    {
        /// <summary>
        /// From the main tasklet: runs the scheduler until main is the only runnable tasklet, then returns.
        /// An exception that escaped a tasklet (with no <see cref="ErrorHandler"/>) is rethrown here.
        /// </summary>
        public static void Run()
        {
            ThreadScheduler s = ThreadScheduler.ForCurrentThread;
            if (s.Current != s.Main)
                ThrowHelper.NotFromTasklet("Scheduler.Run()", s.Current);
            s.ThrowIfErrorPending();
            s.Pump(untilAlone: true);
            s.EndMainOperation();
        }

        /// <summary>Moves the current tasklet to the end of the run queue and lets the next one run.</summary>
        [SuspensionPoint(nameof(BeginSchedule), nameof(EndSwitch))]
        public static void Schedule()
        {
            ThreadScheduler s = ThreadScheduler.ForCurrentThread;
            s.RequireMainOrThrow("Scheduler.Schedule()");
            s.ThrowIfErrorPending();
            if (ScheduleCore(s))
                s.PumpMain();
            s.EndMainOperation();
        }

        /// <summary>Takes the current tasklet off the run queue (paused) until someone calls <see cref="Tasklet.Insert"/> on it.</summary>
        /// <exception cref="DeadlockException">Called from main with nothing else runnable.</exception>
        [SuspensionPoint(nameof(BeginScheduleRemove), nameof(EndSwitch))]
        public static void ScheduleRemove()
        {
            ThreadScheduler s = ThreadScheduler.ForCurrentThread;
            Tasklet main = s.RequireMainOrThrow("Scheduler.ScheduleRemove()");
            s.ThrowIfErrorPending();
            if (s.runCount == 1)
                throw new DeadlockException("Deadlock: the main tasklet would pause itself with no other tasklet runnable to insert it again.");
            s.Unlink(main);
            s.PumpMain();
            s.EndMainOperation();
        }

        /// <summary>The number of tasklets in the run queue, counting the current one (so at least 1 while it runs).</summary>
        public static int RunCount => ThreadScheduler.ForCurrentThread.runCount;

        /// <summary>The running tasklet.</summary>
        public static Tasklet Current => ThreadScheduler.ForCurrentThread.Current;

        /// <summary>This thread's main tasklet.</summary>
        public static Tasklet Main => ThreadScheduler.ForCurrentThread.Main;

        /// <summary>
        /// Receives exceptions that escape tasklets of this thread (the failed tasklet and its exception).
        /// When null, such an exception is rethrown from the <see cref="Run"/> or blocking operation main is in.
        /// <see cref="TaskletExit"/> never reaches it.
        /// </summary>
        public static Action<Tasklet, Exception>? ErrorHandler
        {
            get => ThreadScheduler.ForCurrentThread.ErrorHandler;
            set => ThreadScheduler.ForCurrentThread.ErrorHandler = value;
        }

        /// <summary>
        /// The seed of this thread's random source, which chooses among a <see cref="Select"/>'s ready cases.
        /// Setting it (even to the same value) restarts the sequence, so a run can be replayed. 0 until set.
        /// </summary>
        public static int Seed
        {
            get => ThreadScheduler.ForCurrentThread.random.Seed;
            set => ThreadScheduler.ForCurrentThread.random = new SeededRandom(value);
        }

        // ---- the frame API, for code the generator emits ----
        // The overloads taking the running frame (`this` in generated code) reach the scheduler through
        // it; the others read the thread-static scheduler, which costs a little more per switch.

        /// <summary>Generated code: <c>Schedule()</c> from <paramref name="frame"/>. True: the frame must return now and resume at its resume point.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool BeginSchedule(Tasklet frame) => ScheduleCore(frame.FrameScheduler);

        /// <summary>Generated code: <c>Schedule()</c> from a frame, finding the scheduler through the thread.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool BeginSchedule() => ScheduleCore(ThreadScheduler.ForCurrentThread);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool ScheduleCore(ThreadScheduler s)
        {
            int h = s.head;
            int next = s.LinkAt(h).next;
            if (next == h)
                return false;
            s.head = next;
            return true;
        }

        /// <summary>Generated code: <c>ScheduleRemove()</c> from <paramref name="frame"/>. Always true: the frame must return now.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool BeginScheduleRemove(Tasklet frame)
        {
            ThreadScheduler s = frame.FrameScheduler;
            s.Unlink(s.Current);
            return true;
        }

        /// <summary>Generated code: <c>ScheduleRemove()</c> from a frame, finding the scheduler through the thread.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool BeginScheduleRemove()
        {
            ThreadScheduler s = ThreadScheduler.ForCurrentThread;
            s.Unlink(s.Current);
            return true;
        }

        /// <summary>Generated code: completes any switch (<c>Schedule</c>, <c>ScheduleRemove</c>, <c>Run</c>, <c>Kill</c>, <c>Throw</c>) in <paramref name="frame"/> at its resume point: raises a pending kill or thrown exception.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void EndSwitch(Tasklet frame)
        {
            // A root frame is the running tasklet: its own flag answers, without scheduler → slot table.
            if (!frame.nested)
            {
                frame.ThrowIfPending();
                return;
            }
            ThreadScheduler s = frame.FrameScheduler;
            if (s.pendingCount != 0)
                s.Current.ThrowIfPending();
        }

        /// <summary>Generated code: completes any switch at its resume point, finding the scheduler through the thread.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static void EndSwitch() => ThreadScheduler.ForCurrentThread.Current.ThrowIfPending();
    }
}
