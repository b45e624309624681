using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using Stackless.CompilerServices;

namespace Stackless
{
    // Tasklet.Await: a tasklet waits for a Task or ValueTask without blocking its thread.
    public abstract partial class Tasklet
    {
        /// <summary>
        /// Suspends the calling tasklet until <paramref name="task"/> completes; it then resumes on its own thread.
        /// Called from the main tasklet, runs the scheduler until then (the thread sleeps while nothing else can run).
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="task"/> is null.</exception>
        /// <exception cref="OperationCanceledException">The task was cancelled.</exception>
        /// <remarks>A faulted task's exception is rethrown with its original stack trace.</remarks>
        [SuspensionPoint(nameof(BeginAwait), nameof(EndAwait))]
        public static void Await(Task task)
        {
            if (task is null) throw new ArgumentNullException(nameof(task));
            AwaitFromMain(new ValueTask(task));
        }

        /// <summary>As <see cref="Await(Task)"/>; returns the task's result.</summary>
        [SuspensionPoint(nameof(BeginAwait), nameof(EndAwait))]
        public static T Await<T>(Task<T> task)
        {
            if (task is null) throw new ArgumentNullException(nameof(task));
            return AwaitFromMain(new ValueTask<T>(task));
        }

        /// <summary>As <see cref="Await(Task)"/>, for a value task (one backed by an <see cref="System.Threading.Tasks.Sources.IValueTaskSource"/> included). Await it once.</summary>
        [SuspensionPoint(nameof(BeginAwait), nameof(EndAwait))]
        public static void Await(ValueTask task) => AwaitFromMain(task);

        /// <summary>As <see cref="Await(Task)"/>, for a value task; returns its result. Await it once.</summary>
        [SuspensionPoint(nameof(BeginAwait), nameof(EndAwait))]
        public static T Await<T>(ValueTask<T> task) => AwaitFromMain(task);

        private static void AwaitFromMain(ValueTask task)
        {
            ThreadScheduler s = ThreadScheduler.ForCurrentThread;
            Tasklet main = s.RequireMainOrThrow("Tasklet.Await()");
            s.ThrowIfErrorPending();
            if (task.IsCompleted)
            {
                task.GetAwaiter().GetResult();
                return;
            }
            s.Unlink(main);
            ValueTaskAwaitNode.Rent(task).Park(main, s);
            s.PumpMain();
            EndMainAwait(s, main);
            RaiseAwaitError(main);
        }

        private static T AwaitFromMain<T>(ValueTask<T> task)
        {
            ThreadScheduler s = ThreadScheduler.ForCurrentThread;
            Tasklet main = s.RequireMainOrThrow("Tasklet.Await()");
            s.ThrowIfErrorPending();
            if (task.IsCompleted)
                return task.GetAwaiter().GetResult();
            s.Unlink(main);
            ValueTaskAwaitNode<T>.Rent(task).Park(main, s);
            s.PumpMain();
            EndMainAwait(s, main);
            RaiseAwaitError(main);
            return main.TakeValue<T>();
        }

        /// <summary>Main resumed from an await: a failed tasklet's error (or main's own pending exception) wins, and the await's outcome is dropped.</summary>
        private static void EndMainAwait(ThreadScheduler s, Tasklet main)
        {
            try
            {
                s.EndMainOperation();
            }
            catch
            {
                main.DropTransfer();
                throw;
            }
        }

        // ---- the frame API, for code the generator emits ----

        /// <summary>Generated code: starts <c>Tasklet.Await(task)</c> from <paramref name="frame"/> (the running frame). True: the frame must return now.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool BeginAwait(Tasklet frame, Task task)
        {
            if (task is null) throw new ArgumentNullException(nameof(task));
            return BeginAwaitCore(frame, new ValueTask(task));
        }

        /// <summary>Generated code: starts <c>Tasklet.Await(task)</c> for a value task. True: the frame must return now.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool BeginAwait(Tasklet frame, ValueTask task) => BeginAwaitCore(frame, task);

        /// <summary>Generated code: starts <c>Tasklet.Await(task)</c> for a task with a result; <see cref="EndAwait{T}(Tasklet)"/> returns it.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool BeginAwait<T>(Tasklet frame, Task<T> task)
        {
            if (task is null) throw new ArgumentNullException(nameof(task));
            return BeginAwaitCore(frame, new ValueTask<T>(task));
        }

        /// <summary>Generated code: starts <c>Tasklet.Await(task)</c> for a value task with a result.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool BeginAwait<T>(Tasklet frame, ValueTask<T> task) => BeginAwaitCore(frame, task);

        /// <summary>Generated code: completes an await without a result at its resume point: raises the task's exception or a kill.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static void EndAwait(Tasklet frame)
        {
            Tasklet current = frame.FrameScheduler.CurrentOf(frame);
            current.ThrowIfPending();
            RaiseAwaitError(current);
        }

        /// <summary>Generated code: completes an await at its resume point and returns the task's result.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static T EndAwait<T>(Tasklet frame)
        {
            Tasklet current = frame.FrameScheduler.CurrentOf(frame);
            current.ThrowIfPending();
            RaiseAwaitError(current);
            return current.TakeValue<T>();
        }

        private static bool BeginAwaitCore(Tasklet frame, ValueTask task)
        {
            ThreadScheduler s = frame.FrameScheduler;
            Tasklet current = s.CurrentOf(frame);
            if (task.IsCompleted)
            {
                task.GetAwaiter().GetResult(); // a fault surfaces at the await, as it would on resume
                return false;
            }
            s.UnlinkRunning(current);
            ValueTaskAwaitNode.Rent(task).Park(current, s);
            return true;
        }

        private static bool BeginAwaitCore<T>(Tasklet frame, ValueTask<T> task)
        {
            ThreadScheduler s = frame.FrameScheduler;
            Tasklet current = s.CurrentOf(frame);
            if (task.IsCompleted)
            {
                current.StoreValue(task.GetAwaiter().GetResult());
                return false;
            }
            s.UnlinkRunning(current);
            ValueTaskAwaitNode<T>.Rent(task).Park(current, s);
            return true;
        }

        /// <summary>After an await resumed: rethrows the task's exception, with its original stack trace.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void RaiseAwaitError(Tasklet current)
        {
            if (current.transferKind == TransferKind.Exception)
            {
                var edi = (ExceptionDispatchInfo)current.TakeException();
                edi.Throw();
            }
        }

        /// <summary>True while the tasklet waits in <see cref="Await(Task)"/> (or another overload) for a task to complete.</summary>
        public bool IsAwaiting => transferKind == TransferKind.Await;
    }
}
