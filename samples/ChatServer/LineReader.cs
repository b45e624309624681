using System;
using System.Text;

namespace Stackless.Samples.ChatServer
{
    /// <summary>
    /// Splits what a socket delivers into lines. The caller fills <see cref="Free"/> (by an await on the socket),
    /// reports how much arrived with <see cref="Filled"/>, and takes whole lines with <see cref="TryTakeLine"/>.
    /// </summary>
    public sealed class LineReader
    {
        private byte[] buffer;
        private int start, end;

        public LineReader(int size = 512) => buffer = new byte[size];

        /// <summary>Where the next bytes go (the buffer is compacted, or doubled, first).</summary>
        public Memory<byte> Free
        {
            get
            {
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buffer.Length)
                    Array.Resize(ref buffer, buffer.Length * 2);
                return buffer.AsMemory(end);
            }
        }

        public void Filled(int count) => end += count;

        /// <summary>The next whole line (with its '\n'), or null if none has fully arrived.</summary>
        public byte[]? TryTakeLine()
        {
            int nl = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            if (nl < 0)
                return null;
            byte[] line = buffer.AsSpan(start, nl + 1 - start).ToArray();
            start = nl + 1;
            return line;
        }

        /// <summary>Takes the next whole line without copying it: <paramref name="line"/> (without its '\n') is valid until <see cref="Free"/> is read. False if none has fully arrived.</summary>
        public bool TryTakeLine(out ReadOnlySpan<byte> line)
        {
            int nl = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            if (nl < 0)
            {
                line = default;
                return false;
            }
            line = buffer.AsSpan(start, nl - start);
            start = nl + 1;
            return true;
        }

        public static string Text(byte[] line) => Encoding.ASCII.GetString(line, 0, line.Length - 1);
    }
}
