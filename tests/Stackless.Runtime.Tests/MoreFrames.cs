using System;
using System.Collections.Generic;
using Stackless;
using Stackless.CompilerServices;

namespace Stackless.Runtime.Tests
{
    /// <summary>
    /// [Tasklet] void Guarded(Channel&lt;int&gt; ch, List&lt;string&gt; log)
    /// { log.Add("start"); try { int v = ch.Receive(); log.Add("got " + v); } catch (InvalidTimeZoneException) { log.Add("caught"); } finally { log.Add("finally"); } log.Add("end"); }
    /// The finally is guarded so that it does not run when the frame merely suspends.
    /// </summary>
    internal sealed class GuardedReceiveFrame : TaskletFrame
    {
        private readonly Channel<int> ch;
        private readonly List<string> log;

        public GuardedReceiveFrame(Channel<int> ch, List<string> log)
        {
            this.ch = ch;
            this.log = log;
        }

        protected override void MoveNext()
        {
            bool suspending = false;
            switch (State)
            {
                case 1: goto Try1;
            }
            log.Add("start");
        Try1:
            try
            {
                switch (State)
                {
                    case 1: goto Resume1;
                }
                // resume point 1: int v = ch.Receive();
                State = 1;
                if (ch.BeginReceive(this)) { suspending = true; return; }
            Resume1:
                int v = ch.EndReceive();
                log.Add("got " + v);
            }
            catch (InvalidTimeZoneException)
            {
                log.Add("caught");
            }
            finally
            {
                if (!suspending) log.Add("finally");
            }
            log.Add("end");
            Return();
        }
    }

    /// <summary>[Tasklet] void Echo(Channel&lt;int&gt; ping, Channel&lt;int&gt; pong, int rounds) { for (...) pong.Send(ping.Receive()); }</summary>
    internal sealed class EchoFrame : TaskletFrame
    {
        private readonly Channel<int> ping, pong;
        private readonly int rounds;
        private int i, v;

        public EchoFrame(Channel<int> ping, Channel<int> pong, int rounds)
        {
            this.ping = ping;
            this.pong = pong;
            this.rounds = rounds;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
                case 2: goto Resume2;
            }
            i = 0;
        Loop:
            if (i >= rounds) goto Done;
            State = 1;
            if (ping.BeginReceive(this)) return;
        Resume1:
            v = ping.EndReceive(this);
            State = 2;
            if (pong.BeginSend(this, v + 1)) return;
        Resume2:
            pong.EndSend(this);
            i++;
            goto Loop;
        Done:
            Return();
        }
    }

    /// <summary>[Tasklet] long Serve(Channel&lt;int&gt; ping, Channel&lt;int&gt; pong, int rounds) { long sum = 0; for (...) { ping.Send(i); sum += pong.Receive(); } return sum; }</summary>
    internal sealed class ServeFrame : TaskletFrame<long>
    {
        private readonly Channel<int> ping, pong;
        private readonly int rounds;
        private int i;
        private long sum;

        public ServeFrame(Channel<int> ping, Channel<int> pong, int rounds)
        {
            this.ping = ping;
            this.pong = pong;
            this.rounds = rounds;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
                case 2: goto Resume2;
            }
            i = 0;
        Loop:
            if (i >= rounds) goto Done;
            State = 1;
            if (ping.BeginSend(this, i)) return;
        Resume1:
            ping.EndSend(this);
            State = 2;
            if (pong.BeginReceive(this)) return;
        Resume2:
            sum += pong.EndReceive(this);
            i++;
            goto Loop;
        Done:
            Return(sum);
        }
    }

    /// <summary>[Tasklet] void Spin(int rounds, int[] counter) { for (...) { counter[0]++; Scheduler.Schedule(); } }</summary>
    internal sealed class SpinFrame : TaskletFrame
    {
        private readonly int rounds;
        private readonly int[] counter;
        private int i;

        public SpinFrame(int rounds, int[] counter)
        {
            this.rounds = rounds;
            this.counter = counter;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
            i = 0;
        Loop:
            if (i >= rounds) goto Done;
            counter[0]++;
            State = 1;
            if (Scheduler.BeginSchedule(this)) return;
        Resume1:
            Scheduler.EndSwitch(this);
            i++;
            goto Loop;
        Done:
            Return();
        }
    }

    /// <summary>[Tasklet] void Messenger(Channel&lt;long&gt; ch, int id, int count) { for (k...) ch.Send(id * 16L + k); }</summary>
    internal sealed class MessengerFrame : TaskletFrame
    {
        private readonly Channel<long> ch;
        private readonly int id, count;
        private int k;

        public MessengerFrame(Channel<long> ch, int id, int count)
        {
            this.ch = ch;
            this.id = id;
            this.count = count;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
            k = 0;
        Loop:
            if (k >= count) goto Done;
            State = 1;
            if (ch.BeginSend(this, id * 16L + k)) return;
        Resume1:
            ch.EndSend();
            k++;
            goto Loop;
        Done:
            Return();
        }
    }

    /// <summary>[Tasklet] int Forward(Channel&lt;int&gt; ch, IEnumerable&lt;int&gt; items) => ch.SendSequence(items);</summary>
    internal sealed class SendSequenceCallerFrame : TaskletFrame<int>
    {
        private readonly Channel<int> ch;
        private readonly IEnumerable<int> items;
        private TaskletFrame<int>? call1;

        public SendSequenceCallerFrame(Channel<int> ch, IEnumerable<int> items)
        {
            this.ch = ch;
            this.items = items;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
            State = 1;
            call1 = ch.CreateSendSequenceFrame(items);
            Call(call1);
            return;
        Resume1:
            int n = call1!.GetResult();
            call1 = null;
            Return(n);
        }
    }

    /// <summary>A frame that runs an arbitrary action as ordinary code, e.g. to misuse the blocking API.</summary>
    internal sealed class ActionFrame : TaskletFrame
    {
        private readonly Action action;

        public ActionFrame(Action action) => this.action = action;

        protected override void MoveNext()
        {
            action();
            Return();
        }
    }

    /// <summary>[Tasklet] int Thrower(int depth) => depth == 0 ? throw new FormatException("deep") : Thrower(depth - 1) + 1; with a finally logging each level.</summary>
    internal sealed class NestedThrowFrame : TaskletFrame<int>
    {
        private readonly int depth;
        private readonly List<string> log;
        private readonly Channel<int>? park;
        private NestedThrowFrame? call1;

        public NestedThrowFrame(int depth, List<string> log, Channel<int>? park = null)
        {
            this.depth = depth;
            this.log = log;
            this.park = park;
        }

        protected override void MoveNext()
        {
            bool suspending = false;
            switch (State)
            {
                case 1:
                case 2: goto Try1;
            }
        Try1:
            try
            {
                switch (State)
                {
                    case 1: goto Resume1;
                    case 2: goto Resume2;
                }
                if (depth == 0)
                {
                    if (park == null)
                        throw new FormatException("deep");
                    // resume point 2: park.Receive();
                    State = 2;
                    if (park.BeginReceive(this)) { suspending = true; return; }
                    goto Resume2;
                }
                State = 1;
                call1 = new NestedThrowFrame(depth - 1, log, park);
                Call(call1);
                suspending = true;
                return;
            Resume1:
                int r = call1!.GetResult();
                Return(r + 1);
                return;
            Resume2:
                Return(park!.EndReceive(this)); // a nested frame: the kill is found through the run queue
            }
            finally
            {
                if (!suspending) log.Add("finally " + depth);
            }
        }
    }
}
