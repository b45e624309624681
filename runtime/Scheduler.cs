using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading;
using Stackless.CompilerServices;

namespace Stackless
{
    /// <summary>
    /// The cooperative scheduler of the calling thread. Each thread has its own run queue and its own
    /// main tasklet (the thread's ordinary code). The run queue is circular and FIFO, and main is part of it.
    /// </summary>
    public static partial class Scheduler
    {
        /// <summary>
        /// From the main tasklet: runs the scheduler until main is the only tasklet that is runnable or pending
        /// (a sleeper, an await: something that will become runnable by itself), then returns. Tasklets blocked
        /// on channels do not count. While nothing is runnable but something is pending, the thread waits.
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
        /// <exception cref="DeadlockException">Called from main with nothing else runnable or pending.</exception>
        [SuspensionPoint(nameof(BeginScheduleRemove), nameof(EndSwitch))]
        public static void ScheduleRemove()
        {
            ThreadScheduler s = ThreadScheduler.ForCurrentThread;
            Tasklet main = s.RequireMainOrThrow("Scheduler.ScheduleRemove()");
            s.ThrowIfErrorPending();
            if (s.runCount == 1 && !s.HasPending)
                throw s.Deadlock("Deadlock: the main tasklet would pause itself with no other tasklet runnable to insert it again.");
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
        /// When null, such an exception is rethrown from the <see cref="Run()"/> or blocking operation main is in.
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

        // ---- time ----

        /// <summary>
        /// Suspends the caller for at least <paramref name="delay"/> of the scheduler's clock (<see cref="Now"/>).
        /// <see cref="TimeSpan.Zero"/> behaves as <see cref="Schedule"/>; <see cref="Timeout.InfiniteTimeSpan"/> sleeps
        /// until the tasklet is killed or thrown into. Tasklets whose time comes together wake in the order they slept.
        /// A sleeper is pending: <see cref="Run()"/> waits for it, and main waiting on a channel meanwhile is not deadlocked.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative (and not infinite).</exception>
        /// <exception cref="DeadlockException">Main would sleep forever with nothing else runnable or pending.</exception>
        [SuspensionPoint(nameof(BeginSleep), nameof(EndSleep))]
        public static void Sleep(TimeSpan delay)
        {
            ThreadScheduler s = ThreadScheduler.ForCurrentThread;
            long due = s.DueTicks(delay);
            if (delay.Ticks == 0)
            {
                Schedule();
                return;
            }
            Tasklet main = s.RequireMainOrThrow("Scheduler.Sleep()");
            s.ThrowIfErrorPending();
            if (due < 0 && s.runCount == 1 && !s.HasPending)
                throw s.Deadlock("Deadlock: the main tasklet would sleep forever with no other tasklet runnable or pending.");
            s.Unlink(main);
            s.StartSleep(main, due);
            s.PumpMain();
            s.EndMainOperation();
        }

        /// <summary>
        /// The scheduler's monotonic clock: time since this thread's scheduler was created. Under
        /// <see cref="VirtualTime"/> it stands still while anything can run and jumps to the earliest timer when nothing can.
        /// </summary>
        public static TimeSpan Now => TimeSpan.FromTicks(ThreadScheduler.ForCurrentThread.NowTicks);

        /// <summary>
        /// Virtual time: the clock stands still while anything can run; when nothing can, it jumps to the earliest
        /// due timer, so a simulated year runs as fast as its events and every run is identical. Turning it on or
        /// off does not reset <see cref="Now"/>: the clock continues from its current reading.
        /// </summary>
        /// <exception cref="InvalidOperationException">Changed while a timer is pending.</exception>
        public static bool VirtualTime
        {
            get => ThreadScheduler.ForCurrentThread.VirtualTime;
            set => ThreadScheduler.ForCurrentThread.VirtualTime = value;
        }

        /// <summary>The source of real time (default <see cref="System.TimeProvider.System"/>); <see cref="Now"/> continues from its reading when it is replaced.</summary>
        public static TimeProvider TimeProvider
        {
            get => ThreadScheduler.ForCurrentThread.TimeProvider;
            set => ThreadScheduler.ForCurrentThread.TimeProvider = value;
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
            Tasklet current = s.Current;
            s.Unlink(current);
            s.NoteRarePark(current);
            return true;
        }

        /// <summary>Generated code: <c>ScheduleRemove()</c> from a frame, finding the scheduler through the thread.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool BeginScheduleRemove()
        {
            ThreadScheduler s = ThreadScheduler.ForCurrentThread;
            Tasklet current = s.Current;
            s.Unlink(current);
            s.NoteRarePark(current);
            return true;
        }

        /// <summary>Generated code: <c>Sleep(delay)</c> from <paramref name="frame"/>. True: the frame must return now and resume at its resume point.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool BeginSleep(Tasklet frame, TimeSpan delay) => SleepCore(frame.FrameScheduler, frame, delay);

        /// <summary>Generated code: <c>Sleep(delay)</c> from a frame, finding the scheduler through the thread.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool BeginSleep(TimeSpan delay)
        {
            ThreadScheduler s = ThreadScheduler.ForCurrentThread;
            return SleepCore(s, s.Current, delay);
        }

        private static bool SleepCore(ThreadScheduler s, Tasklet frame, TimeSpan delay)
        {
            long due = s.DueTicks(delay);
            if (delay.Ticks == 0)
                return ScheduleCore(s);
            Tasklet t = s.CurrentOf(frame);
            s.UnlinkRunning(t);
            t.slot = -1;
            s.StartSleep(t, due);
            return true;
        }

        /// <summary>Generated code: completes a <c>Sleep</c> in <paramref name="frame"/> at its resume point: raises a pending kill or thrown exception.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void EndSleep(Tasklet frame) => EndSwitch(frame);

        /// <summary>Generated code: completes a <c>Sleep</c> at its resume point, finding the scheduler through the thread.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static void EndSleep() => EndSwitch();

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
