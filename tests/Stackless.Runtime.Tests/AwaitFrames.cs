using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Stackless;
using Stackless.CompilerServices;

namespace Stackless.Runtime.Tests
{
    /// <summary>
    /// [Tasklet] T AwaitOne(Func&lt;Task&lt;T&gt;&gt; make, List&lt;string&gt; log)
    /// { log.Add("start"); try { T r = Tasklet.Await(make()); log.Add("got " + r + " on " + thread); return r; } catch (Exception e) { log.Add("caught " + e.GetType().Name); throw; } finally { log.Add("finally"); } }
    /// </summary>
    internal sealed class AwaitOneFrame<T> : TaskletFrame<T>
    {
        private readonly Func<Task<T>> make;
        private readonly List<string> log;
        public int ResumedOnThread = -1;
        public Exception? Caught;

        public AwaitOneFrame(Func<Task<T>> make, List<string> log)
        {
            this.make = make;
            this.log = log;
        }

        protected override void MoveNext()
        {
            bool suspending = false;
            switch (State)
            {
                case 1: goto Try1;
            }
            lock (log) log.Add("start");
        Try1:
            T r;
            try
            {
                switch (State)
                {
                    case 1: goto Resume1;
                }
                State = 1;
                if (Tasklet.BeginAwait(this, make())) { suspending = true; return; }
            Resume1:
                r = Tasklet.EndAwait<T>(this);
                ResumedOnThread = Environment.CurrentManagedThreadId;
                lock (log) log.Add("got " + r);
            }
            catch (Exception e)
            {
                Caught = e;
                lock (log) log.Add("caught " + e.GetType().Name);
                throw;
            }
            finally
            {
                if (!suspending) lock (log) log.Add("finally");
            }
            Return(r);
        }
    }

    /// <summary>[Tasklet] void AwaitVoid(Func&lt;ValueTask&gt; make, Action after) { Tasklet.Await(make()); after(); }</summary>
    internal sealed class AwaitVoidFrame : TaskletFrame
    {
        private readonly Func<ValueTask> make;
        private readonly Action after;

        public AwaitVoidFrame(Func<ValueTask> make, Action after)
        {
            this.make = make;
            this.after = after;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
            State = 1;
            if (Tasklet.BeginAwait(this, make())) return;
        Resume1:
            Tasklet.EndAwait(this);
            after();
            Return();
        }
    }

    /// <summary>[Tasklet] T AwaitValue(ValueTask&lt;T&gt; task) => Tasklet.Await(task);</summary>
    internal sealed class AwaitValueFrame<T> : TaskletFrame<T>
    {
        private readonly ValueTask<T> task;

        public AwaitValueFrame(ValueTask<T> task) => this.task = task;

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
            State = 1;
            if (Tasklet.BeginAwait(this, task)) return;
        Resume1:
            Return(Tasklet.EndAwait<T>(this));
        }
    }

    /// <summary>[Tasklet] int AwaitLoop(ReusableSource source, int count) { int sum = 0; for (int i = 0; i &lt; count; i++) sum += Tasklet.Await(source.Next()); return sum; }</summary>
    internal sealed class AwaitLoopFrame : TaskletFrame<int>
    {
        private readonly ReusableSource source;
        private readonly int count;
        private int i, sum;

        public AwaitLoopFrame(ReusableSource source, int count)
        {
            this.source = source;
            this.count = count;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
            i = 0;
        Loop:
            if (i >= count) goto Break;
            State = 1;
            if (Tasklet.BeginAwait(this, source.Next())) return;
        Resume1:
            sum += Tasklet.EndAwait<int>(this);
            i++;
            goto Loop;
        Break:
            Return(sum);
        }
    }

    /// <summary>[Tasklet] void CompleteEach(ReusableSource source, Tasklet awaiter, int count): completes the source with 1, 2, … each time the awaiter waits on it.</summary>
    internal sealed class CompleteEachFrame : TaskletFrame
    {
        private readonly ReusableSource source;
        private readonly Tasklet awaiter;
        private readonly int count;
        private int done;

        public CompleteEachFrame(ReusableSource source, Tasklet awaiter, int count)
        {
            this.source = source;
            this.awaiter = awaiter;
            this.count = count;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
        Loop:
            if (done >= count) goto Break;
            if (awaiter.IsAwaiting && source.Pending)
                source.SetResult(++done); // the continuation runs here, on this thread, and posts the completion
            State = 1;
            if (Scheduler.BeginSchedule(this)) return;
        Resume1:
            Scheduler.EndSwitch(this);
            goto Loop;
        Break:
            Return();
        }
    }

    /// <summary>[Tasklet] int AwaitTwiceNested(Task&lt;int&gt; a, Task&lt;int&gt; b) => Inner(a) + Inner(b); with Inner(t) => Tasklet.Await(t): the await in a nested frame.</summary>
    internal sealed class AwaitNestedFrame : TaskletFrame<int>
    {
        private readonly Task<int> a, b;
        private TaskletFrame<int>? call;
        private int first;

        public AwaitNestedFrame(Task<int> a, Task<int> b)
        {
            this.a = a;
            this.b = b;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
                case 2: goto Resume2;
            }
            State = 1;
            Call(call = new AwaitValueFrame<int>(new ValueTask<int>(a)));
            return;
        Resume1:
            first = call!.GetResult();
            State = 2;
            Call(call = new AwaitValueFrame<int>(new ValueTask<int>(b)));
            return;
        Resume2:
            Return(first + call!.GetResult());
        }
    }

    /// <summary>An ordinary method (not [Tasklet]) that awaits, called from a tasklet: must be refused.</summary>
    internal static class PlainAwaiter
    {
        public static int AwaitInOrdinaryCode(Task<int> t) => Tasklet.Await(t);
    }

    /// <summary>A value-task source that counts how often its result is read (it must be read exactly once).</summary>
    internal sealed class CountingSource : System.Threading.Tasks.Sources.IValueTaskSource<int>
    {
        private System.Threading.Tasks.Sources.ManualResetValueTaskSourceCore<int> core;
        public int GetResultCalls;

        public CountingSource() => core.RunContinuationsAsynchronously = false;

        public ValueTask<int> Task => new ValueTask<int>(this, core.Version);
        public void SetResult(int v) => core.SetResult(v);
        public void SetException(Exception e) => core.SetException(e);

        public int GetResult(short token)
        {
            Interlocked.Increment(ref GetResultCalls);
            return core.GetResult(token);
        }

        public System.Threading.Tasks.Sources.ValueTaskSourceStatus GetStatus(short token) => core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, System.Threading.Tasks.Sources.ValueTaskSourceOnCompletedFlags flags) =>
            core.OnCompleted(continuation, state, token, flags);
    }

    /// <summary>A value-task source reused for one operation after another (as a socket's is): <see cref="Next"/> starts the next.</summary>
    internal sealed class ReusableSource : System.Threading.Tasks.Sources.IValueTaskSource<int>
    {
        private System.Threading.Tasks.Sources.ManualResetValueTaskSourceCore<int> core;

        public ReusableSource() => core.RunContinuationsAsynchronously = false;

        /// <summary>True from <see cref="Next"/> until <see cref="SetResult"/>.</summary>
        public bool Pending { get; private set; }

        public ValueTask<int> Next()
        {
            core.Reset();
            Pending = true;
            return new ValueTask<int>(this, core.Version);
        }

        public void SetResult(int v)
        {
            Pending = false;
            core.SetResult(v);
        }

        public int GetResult(short token) => core.GetResult(token);
        public System.Threading.Tasks.Sources.ValueTaskSourceStatus GetStatus(short token) => core.GetStatus(token);
        public void OnCompleted(Action<object?> continuation, object? state, short token, System.Threading.Tasks.Sources.ValueTaskSourceOnCompletedFlags flags) =>
            core.OnCompleted(continuation, state, token, flags);
    }
}

namespace Stackless.Runtime.Tests
{
    /// <summary>[Tasklet] void SpinUntil(Func&lt;bool&gt; stop) { while (!stop()) Scheduler.Schedule(); }</summary>
    internal sealed class SpinUntilFrame : Stackless.CompilerServices.TaskletFrame
    {
        private readonly System.Func<bool> stop;
        public long Spins;

        public SpinUntilFrame(System.Func<bool> stop) => this.stop = stop;

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
        Loop:
            if (stop()) goto Done;
            Spins++;
            State = 1;
            if (Scheduler.BeginSchedule(this)) return;
        Resume1:
            Scheduler.EndSwitch(this);
            goto Loop;
        Done:
            Return();
        }
    }
}
