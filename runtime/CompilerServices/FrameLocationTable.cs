using System;
using System.ComponentModel;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Stackless.CompilerServices
{
    /// <summary>
    /// What <see cref="Tasklet.Frames"/> says about the frames of one <see cref="TaskletAttribute"/> method: its display name,
    /// its source file, and the line of each resume state. The generator puts a <see cref="FrameLocationsAttribute"/> on each
    /// frame class, which <see cref="Tasklet.FrameLocations"/> turns into this table the first time (a hand-written frame may
    /// override that property instead); nothing reads it until someone asks for frames, so it costs the hot path nothing.
    /// Not for direct use (docs/frame-contract.md).
    /// </summary>
    /// <remarks>
    /// <c>lines[s]</c> is the 1-based line where a frame whose <c>State</c> is <c>s</c> is suspended or calling: <c>lines[0]</c>
    /// is the method's own line (not started yet), <c>lines[k]</c> the call that resume state <c>k</c> follows. A state the
    /// table does not cover (negative: running; past its end) has line 0.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class FrameLocationTable
    {
        private readonly int[] lines;

        /// <summary>Creates the table of a frame type.</summary>
        /// <param name="method">The display name (<c>Pipeline.Produce</c>).</param>
        /// <param name="file">The source file of the method, or null.</param>
        /// <param name="lines">By resume state: its 1-based line (0: unknown). Kept, not copied.</param>
        public FrameLocationTable(string method, string? file, int[] lines)
        {
            Method = method ?? throw new ArgumentNullException(nameof(method));
            File = file;
            this.lines = lines ?? throw new ArgumentNullException(nameof(lines));
        }

        /// <summary>The method's display name.</summary>
        public string Method { get; }

        /// <summary>The method's source file, or null.</summary>
        public string? File { get; }

        /// <summary>The line of resume state <paramref name="state"/>, or 0.</summary>
        public int LineAt(int state) => (uint)state < (uint)lines.Length ? lines[state] : 0;

        /// <summary>The frame info of a frame suspended (or calling) at <paramref name="state"/>.</summary>
        public TaskletFrameInfo At(int state) => new TaskletFrameInfo(Method, File, LineAt(state));

        /// <summary>
        /// Generated code: the table of <typeparamref name="TFrame"/>, made by <paramref name="create"/> the first time it is
        /// asked for and kept per frame type. <c>protected override FrameLocationTable FrameLocations =&gt;
        /// FrameLocationTable.Of(this, static () =&gt; new FrameLocationTable(…));</c> — the frame declares no field, so no name
        /// of the user's method can collide with it.
        /// </summary>
        public static FrameLocationTable Of<TFrame>(TFrame frame, Func<FrameLocationTable> create) where TFrame : Tasklet
        {
            if (create is null) throw new ArgumentNullException(nameof(create));
            return PerFrameType<TFrame>.Table ??= create();
        }

        /// <summary>
        /// Generated code: the table of <typeparamref name="TFrame"/>, made from constants the first time it is asked for and
        /// kept per frame type. <c>protected override FrameLocationTable FrameLocations =&gt; FrameLocationTable.Of(this,
        /// "Pipeline.Produce(Channel&lt;int&gt;, int)", "/src/Pipeline.cs", "9 13");</c> — no lambda (a closure class per frame
        /// type would cost every build) and no field (no name of the user's method can meet one).
        /// </summary>
        /// <param name="frame">The frame asking (only its type is used).</param>
        /// <param name="method">The display name.</param>
        /// <param name="file">The source file, or null.</param>
        /// <param name="lines">By resume state, the 1-based line (0: unknown), as decimal numbers separated by single spaces.</param>
        public static FrameLocationTable Of<TFrame>(TFrame frame, string method, string? file, string lines) where TFrame : Tasklet
        {
            return PerFrameType<TFrame>.Table ??= new FrameLocationTable(method, file, ParseLines(lines));
        }

        /// <summary>
        /// The table of a frame type with a <see cref="FrameLocationsAttribute"/> (what the generator emits), or null: made
        /// the first time it is asked for and kept per type (a collectible type is not kept alive by it).
        /// </summary>
        internal static FrameLocationTable? OfAttribute(Type frameType) => s_byAttribute.GetValue(frameType, FromAttribute).Value;

        // By frame type, the table or null (no attribute); a StrongBox because a ConditionalWeakTable's value must be a class.
        private static readonly ConditionalWeakTable<Type, StrongBox<FrameLocationTable?>> s_byAttribute = new ConditionalWeakTable<Type, StrongBox<FrameLocationTable?>>();

        private static StrongBox<FrameLocationTable?> FromAttribute(Type frameType) =>
            new StrongBox<FrameLocationTable?>(frameType.GetCustomAttribute<FrameLocationsAttribute>(inherit: false) is FrameLocationsAttribute a
                ? new FrameLocationTable(a.Method, a.File, ParseLines(a.Lines))
                : null);

        private static int[] ParseLines(string lines)
        {
            if (lines is null) throw new ArgumentNullException(nameof(lines));
            string[] parts = lines.Length == 0 ? Array.Empty<string>() : lines.Split(' ');
            var result = new int[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (!int.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out result[i]))
                    throw new ArgumentException("A frame's line table is decimal line numbers separated by single spaces: \"" + lines + "\".", nameof(lines));
            }
            return result;
        }

        private static class PerFrameType<TFrame>
        {
            internal static FrameLocationTable? Table;
        }
    }
}
