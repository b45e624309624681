using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Frames
{
    /// <summary>
    /// Hand-written in the generator's shape:
    /// <c>[Tasklet] static void SelectPong(Channel&lt;int&gt; ping, Channel&lt;int&gt; pong, Channel&lt;int&gt; quit)
    /// { var select = new Select(); int p = select.Receive(ping); select.Receive(quit); while (select.Wait() == p) pong.Send(select.Value(ping)); }</c>
    /// — Go's <c>for { select { case x := &lt;-ping: pong &lt;- x; case &lt;-quit: return } }</c>.
    /// </summary>
    internal sealed class SelectPongFrame : TaskletFrame
    {
        private readonly Channel<int> ping;
        private readonly Channel<int> pong;
        private readonly Channel<int> quit;
        private Select select = null!; // a local of the method, kept in the frame
        private int p;

        public SelectPongFrame(Channel<int> ping, Channel<int> pong, Channel<int> quit)
        {
            this.ping = ping;
            this.pong = pong;
            this.quit = quit;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
                case 2: goto Resume2;
            }
            select = new Select();
            p = select.Receive(ping);
            select.Receive(quit);
        Loop:
            // resume point 1: select.Wait()
            State = 1;
            if (select.BeginWait(this)) return;
        Resume1:
            if (select.EndWait(this) != p) goto Break;
            // resume point 2: pong.Send(select.Value(ping))
            State = 2;
            if (pong.BeginSend(this, select.Value(ping))) return;
        Resume2:
            pong.EndSend(this);
            goto Loop;
        Break:
            Return();
        }
    }
}
