using System.Collections.Generic;

namespace Stackless.CompilerServices
{
    /// <summary>
    /// <c>Channel.SendSequence</c> inside a tasklet: a hand-written frame in exactly the shape the generator emits.
    /// Its result is the number of items sent.
    /// </summary>
    internal sealed class SendSequenceFrame<T> : TaskletFrame<int>
    {
        private readonly Channel<T> _channel;
        private readonly IEnumerable<T> _items;
        private IEnumerator<T>? _enumerator;
        private int _count;

        internal SendSequenceFrame(Channel<T> channel, IEnumerable<T> items)
        {
            _channel = channel;
            _items = items;
        }

        protected internal override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
            _enumerator = _items.GetEnumerator();
        Loop:
            bool hasItem;
            try
            {
                hasItem = _enumerator!.MoveNext();
            }
            catch
            {
                _enumerator!.Dispose();
                throw;
            }
            if (!hasItem)
            {
                _enumerator.Dispose();
                Return(_count);
                return;
            }
            // resume point 1: send the item
            State = 1;
            if (_channel.BeginSend(this, _enumerator!.Current))
                return;
            Resume1:
            try
            {
                _channel.EndSend(this);
            }
            catch
            {
                _enumerator!.Dispose();
                throw;
            }
            _count++;
            goto Loop;
        }
    }
}
