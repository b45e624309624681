using Microsoft.CodeAnalysis;

namespace Stackless.Generator.Model
{
    /// <summary>A diagnostic as plain data: the descriptor's ID, where, and the message arguments.</summary>
    internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, SyntaxNode? node, params string[] arguments) =>
            new(descriptor.Id, node is null ? null : LocationInfo.From(node), new EquatableArray<string>(arguments));

        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments) =>
            new(descriptor.Id, location is null ? null : LocationInfo.From(location), new EquatableArray<string>(arguments));

        public Diagnostic ToDiagnostic(Compilation compilation)
        {
            DiagnosticDescriptor descriptor = DiagnosticDescriptors.ById(Id);
            object[] args = new object[Arguments.Count];
            for (int i = 0; i < args.Length; i++) args[i] = Arguments[i];
            Location? location = null;
            if (Location != null)
            {
                foreach (SyntaxTree tree in compilation.SyntaxTrees)
                {
                    if (tree.FilePath == Location.FilePath)
                    {
                        location = Microsoft.CodeAnalysis.Location.Create(tree, Location.Span);
                        break;
                    }
                }
                location ??= Location.ToLocation();
            }
            return Diagnostic.Create(descriptor, location, args);
        }
    }
}
