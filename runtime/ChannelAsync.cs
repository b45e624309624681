using System.Threading;
using System.Threading.Tasks;

namespace Stackless
{
    // SendAsync / ReceiveAsync: other threads and async methods meet the tasklets on a channel.
    public sealed partial class Channel<T>
    {
        /// <summary>
        /// Sends <paramref name="value"/> from any thread or async method: completes when a receiver on the channel's
        /// thread has taken it. The operation is handed to the channel's scheduler (woken if idle) and queues FIFO with
        /// the tasklets' own operations; on a channel no thread has used yet it waits for the first one that does.
        /// </summary>
        /// <exception cref="System.OperationCanceledException">(in the task) <paramref name="cancellationToken"/> fired before a
        /// receiver took the value, which is then never delivered.</exception>
        /// <exception cref="ChannelClosedException">(in the task) no receiver was waiting and the channel is closing.</exception>
        public ValueTask SendAsync(T value, CancellationToken cancellationToken = default)
        {
            if (cancellationToken.IsCancellationRequested)
                return ValueTask.FromCanceled(cancellationToken);
            var op = new ChannelAsyncOp<T>(this, sending: true, value, cancellationToken);
            short version = op.Version;
            op.Start();
            return new ValueTask(op, version);
        }

        /// <summary>
        /// Receives a value from any thread or async method, from a sender on the channel's thread (see <see cref="SendAsync"/>).
        /// </summary>
        /// <exception cref="System.OperationCanceledException">(in the task) <paramref name="cancellationToken"/> fired first; the op left the channel.</exception>
        /// <exception cref="ChannelClosedException">(in the task) the channel is closed and no sender is left.</exception>
        public ValueTask<T> ReceiveAsync(CancellationToken cancellationToken = default)
        {
            if (cancellationToken.IsCancellationRequested)
                return ValueTask.FromCanceled<T>(cancellationToken);
            var op = new ChannelAsyncOp<T>(this, sending: false, default!, cancellationToken);
            short version = op.Version;
            op.Start();
            return new ValueTask<T>(op, version);
        }
    }
}
