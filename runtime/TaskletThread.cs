using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Stackless
{
    /// <summary>
    /// A thread that runs its own scheduler for as long as it lives. <see cref="Post"/> runs code there as its main
    /// tasklet (to spawn tasklets); async channel operations (<see cref="Channel{T}.SendAsync"/>,
    /// <see cref="Channel{T}.ReceiveAsync"/>) and <see cref="Tasklet.Await(Task)"/> join it to other threads.
    /// N of them are how a program uses N cores.
    /// </summary>
    /// <remarks>
    /// <para>Its scheduler never deadlocks: with nothing to run it sleeps until a post, an await's completion or an
    /// async channel operation arrives, until <see cref="Dispose"/>.</para>
    /// <para>Errors are never lost: an exception that escapes one of its tasklets goes to that thread's
    /// <see cref="Scheduler.ErrorHandler"/> if a posted action set one; otherwise it (and any exception thrown by a
    /// posted action) is kept, and <see cref="Dispose"/> throws them all in an <see cref="AggregateException"/> once
    /// the thread has ended. <see cref="Errors"/> shows them meanwhile.</para>
    /// </remarks>
    public sealed class TaskletThread : IDisposable
    {
        private readonly Thread thread;
        private readonly ConcurrentQueue<Action> posts = new ConcurrentQueue<Action>();
        private readonly object gate = new object();
        private readonly List<Exception> errors = new List<Exception>();

        /// <summary>Completed by the next <see cref="Post"/> (or <see cref="Dispose"/>) while the thread's main waits for work.</summary>
        private TaskCompletionSource<bool>? postArrived;
        private volatile bool disposing;
        private bool errorsReported;

        private TaskletThread(string? name)
        {
            thread = new Thread(Main) { IsBackground = true, Name = name ?? "TaskletThread" };
        }

        /// <summary>Starts a thread running its own scheduler.</summary>
        /// <param name="name">The thread's name (for debuggers and logs).</param>
        public static TaskletThread Start(string? name = null)
        {
            var t = new TaskletThread(name);
            t.thread.Start();
            return t;
        }

        /// <summary>The managed id of the thread.</summary>
        public int ManagedThreadId => thread.ManagedThreadId;

        /// <summary>Errors kept so far (see the remarks on the class): a snapshot.</summary>
        public IReadOnlyList<Exception> Errors
        {
            get { lock (errors) return errors.ToArray(); }
        }

        /// <summary>Runs <paramref name="action"/> on the thread as its main tasklet: it may spawn tasklets and use the blocking API as main code.</summary>
        /// <exception cref="ObjectDisposedException"><see cref="Dispose"/> was called.</exception>
        public void Post(Action action)
        {
            if (action is null) throw new ArgumentNullException(nameof(action));
            lock (gate)
            {
                if (disposing)
                    throw new ObjectDisposedException(nameof(TaskletThread), "Post on a disposed TaskletThread.");
                posts.Enqueue(action);
            }
            Interlocked.Exchange(ref postArrived, null)?.TrySetResult(true);
        }

        /// <summary>
        /// Kills every tasklet left on the thread (their <c>finally</c> blocks run there, after the actions already
        /// posted), and returns when the thread has ended. Async operations of other threads still waiting on its
        /// channels then fail with <see cref="OperationCanceledException"/>, and later ones with <see cref="ObjectDisposedException"/>.
        /// </summary>
        /// <exception cref="AggregateException">Errors of the thread's tasklets or posted actions that no handler took (thrown once).</exception>
        /// <exception cref="InvalidOperationException">Called from the thread itself.</exception>
        public void Dispose()
        {
            if (Environment.CurrentManagedThreadId == thread.ManagedThreadId)
                throw new InvalidOperationException("A TaskletThread cannot dispose itself from its own thread: it would wait for itself to end.");
            lock (gate)
                disposing = true;
            Interlocked.Exchange(ref postArrived, null)?.TrySetResult(true);
            thread.Join();
            Exception[] left;
            lock (errors)
            {
                if (errorsReported || errors.Count == 0)
                    return;
                errorsReported = true;
                left = errors.ToArray();
            }
            throw new AggregateException($"{left.Length} error(s) escaped tasklets of TaskletThread '{thread.Name}' with no Scheduler.ErrorHandler on it.", left);
        }

        private void Record(Exception error)
        {
            lock (errors)
                errors.Add(error);
        }

        private void Main()
        {
            ThreadScheduler s = ThreadScheduler.ForCurrentThread;
            s.ErrorHandler = (_, error) => Record(error);
            s.TrackTasklets();
            while (true)
            {
                while (posts.TryDequeue(out Action? action))
                    RunAsMain(action);
                if (disposing)
                {
                    if (posts.IsEmpty)
                        break;
                    continue;
                }
                var arrived = new TaskCompletionSource<bool>();
                Interlocked.Exchange(ref postArrived, arrived);
                if (!posts.IsEmpty || disposing)
                    continue;
                RunAsMain(() => Tasklet.Await(arrived.Task)); // the scheduler runs the tasklets meanwhile, and sleeps when none can run
            }
            KillAll(s);
            s.CloseInbox(); // async channel operations handed over from now on fail at once
        }

        private void RunAsMain(Action action)
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                Record(ex);
            }
        }

        /// <summary>Kills what is left, until nothing is (a finally block may spawn again: a bounded number of rounds).</summary>
        private void KillAll(ThreadScheduler s)
        {
            for (int round = 0; round < 100; round++)
            {
                Tasklet[] left = s.TrackedTasklets();
                if (left.Length == 0)
                    return;
                foreach (Tasklet t in left)
                    RunAsMain(() => t.Kill());
            }
            Record(new InvalidOperationException("TaskletThread.Dispose: tasklets kept spawning new ones from their finally blocks; gave up after 100 rounds."));
        }
    }
}
