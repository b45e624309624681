using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Frames
{
    /// <summary>
    /// Hand-written in the generator's shape: <c>[Tasklet] static long Depth(int n) => n == 0 ? 0 : Depth(n - 1) + 1;</c>
    /// </summary>
    internal sealed class DepthFrame : TaskletFrame<long>
    {
        private readonly int n;
        private DepthFrame? call1;

        public DepthFrame(int n) => this.n = n;

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
            if (n == 0)
            {
                Return(0);
                return;
            }
            // resume point 1: Depth(n - 1)
            State = 1;
            call1 = new DepthFrame(n - 1);
            Call(call1);
            return;
        Resume1:
            long r = call1!.GetResult();
            call1 = null;
            Return(r + 1);
        }
    }
}
