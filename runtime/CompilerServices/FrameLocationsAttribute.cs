using System;
using System.ComponentModel;

namespace Stackless.CompilerServices
{
    /// <summary>
    /// Generated code: the <see cref="FrameLocationTable"/> of the frame class it is on, as constants — the method's display
    /// name, its source file, and by resume state the 1-based line (decimal numbers separated by single spaces; 0: unknown).
    /// <see cref="Tasklet.Frames"/> reads it the first time it meets the frame type and keeps the table per type. Metadata,
    /// not a member: a property override per frame type cost every build a method to compile (docs/frame-contract.md).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class FrameLocationsAttribute : Attribute
    {
        /// <param name="method">The display name (<c>Pipeline.Produce(Channel&lt;int&gt;, int)</c>).</param>
        /// <param name="file">The source file of the method, or null.</param>
        /// <param name="lines">By resume state, the 1-based line (0: unknown), as decimal numbers separated by single spaces.</param>
        public FrameLocationsAttribute(string method, string? file, string lines)
        {
            Method = method;
            File = file;
            Lines = lines;
        }

        /// <summary>The method's display name.</summary>
        public string Method { get; }

        /// <summary>The method's source file, or null.</summary>
        public string? File { get; }

        /// <summary>By resume state, the 1-based line, as decimal numbers separated by single spaces.</summary>
        public string Lines { get; }
    }
}
