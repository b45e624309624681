using Microsoft.CodeAnalysis.Text;
using Stackless.Generator.Model;

namespace Stackless.Generator.Incremental
{
    /// <summary>
    /// A method's lowering with where the method is now (<paramref name="Now"/>): what it made is moved by the difference
    /// from where it was lowered — its model's user lines by <see cref="LineDelta"/> when written, its diagnostics inside
    /// the method by lines and offset (<see cref="Diagnostics"/>).
    /// </summary>
    internal sealed record PlacedResult(LoweredMethod Lowered, MethodPosition Now)
    {
        public bool Equals(PlacedResult? other) =>
            ReferenceEquals(this, other) || other is not null && Now == other.Now && Lowered.Equals(other.Lowered);

        public override int GetHashCode() => Lowered.GetHashCode();

        public TaskletModel? Model => Lowered.Result.Model;

        /// <summary>Lines the method moved since it was lowered.</summary>
        public int LineDelta => Now.Line - Lowered.LoweredAt.Line;

        /// <summary>The diagnostics, those inside the method moved with it (any elsewhere are of a pinned key: not moved).</summary>
        public EquatableArray<DiagnosticInfo> Diagnostics()
        {
            MethodPosition then = Lowered.LoweredAt;
            EquatableArray<DiagnosticInfo> all = Lowered.Result.Diagnostics;
            if (all.Count == 0 || then == Now) return all;
            int offset = Now.Start - then.Start, lines = Now.Line - then.Line;
            var moved = new DiagnosticInfo[all.Count];
            for (int i = 0; i < moved.Length; i++)
            {
                DiagnosticInfo d = all[i];
                moved[i] = d.Location is LocationInfo l && l.FilePath == Lowered.Key.FilePath && l.Span.Start >= then.Start && l.Span.End <= then.End
                    ? d with
                    {
                        Location = l with
                        {
                            Span = new TextSpan(l.Span.Start + offset, l.Span.Length),
                            LineSpan = new LinePositionSpan(new LinePosition(l.LineSpan.Start.Line + lines, l.LineSpan.Start.Character),
                                new LinePosition(l.LineSpan.End.Line + lines, l.LineSpan.End.Character)),
                        },
                    }
                    : d;
            }
            return new EquatableArray<DiagnosticInfo>(moved);
        }
    }
}
