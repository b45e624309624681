using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Stackless.Generator.Model
{
    /// <summary>A source location as plain data (a <see cref="Location"/> holds the syntax tree and must not enter the model).</summary>
    internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

        public static LocationInfo? From(SyntaxNode node) => From(node.GetLocation());

        public static LocationInfo? From(Location location)
        {
            if (location.SourceTree is null) return null;
            return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
        }
    }
}
