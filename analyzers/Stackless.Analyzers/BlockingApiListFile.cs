using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Stackless.Analyzers
{
    /// <summary>
    /// The user's list of extra blocking APIs: an additional file named <c>stackless.blocking.txt</c> with one
    /// documentation-comment ID a line (<c>M:</c>, <c>P:</c> or <c>T:</c>); blank lines and text after <c>#</c> are ignored.
    /// </summary>
    internal static class BlockingApiListFile
    {
        public const string FileName = "stackless.blocking.txt";

        /// <summary>One ID of the file, with where it is written (for a diagnostic when it names nothing).</summary>
        internal readonly struct Entry
        {
            public Entry(string id, Location location)
            {
                Id = id;
                Location = location;
            }

            public string Id { get; }
            public Location Location { get; }
        }

        public static bool IsListFile(AdditionalText file) =>
            string.Equals(Path.GetFileName(file.Path), FileName, StringComparison.OrdinalIgnoreCase);

        public static List<Entry> Read(AdditionalText file, CancellationToken cancellationToken)
        {
            var entries = new List<Entry>();
            SourceText? text = file.GetText(cancellationToken);
            if (text is null)
                return entries;

            foreach (TextLine line in text.Lines)
            {
                string content = line.ToString();
                int end = content.IndexOf('#');
                if (end < 0)
                    end = content.Length;
                int start = 0;
                while (start < end && char.IsWhiteSpace(content[start]))
                    start++;
                while (end > start && char.IsWhiteSpace(content[end - 1]))
                    end--;
                if (start == end)
                    continue;

                var span = new TextSpan(line.Start + start, end - start);
                entries.Add(new Entry(content.Substring(start, end - start), Location.Create(file.Path, span, text.Lines.GetLinePositionSpan(span))));
            }
            return entries;
        }

        /// <summary>
        /// The symbols an ID names: <c>M:Ns.Type.Method(System.Int32)</c> one overload, <c>M:Ns.Type.Method</c> (no
        /// parentheses) every overload, <c>P:Ns.Type.Property</c>, <c>T:Ns.Type</c> every method and property of the type.
        /// </summary>
        public static List<ISymbol> Resolve(string id, Compilation compilation)
        {
            var result = new List<ISymbol>();
            if (id.StartsWith("M:", StringComparison.Ordinal) && id.IndexOf('(') < 0)
            {
                // Every overload: resolve the type, then take its methods of that name (and generic arity, if given).
                int dot = id.LastIndexOf('.');
                if (dot <= 2)
                    return result;
                string name = id.Substring(dot + 1);
                int arity = -1;
                int ticks = name.IndexOf("``", StringComparison.Ordinal);
                if (ticks >= 0)
                {
                    if (!int.TryParse(name.Substring(ticks + 2), out arity))
                        return result;
                    name = name.Substring(0, ticks);
                }
                foreach (ISymbol type in DocumentationCommentId.GetSymbolsForDeclarationId("T:" + id.Substring(2, dot - 2), compilation))
                {
                    if (type is not INamedTypeSymbol named)
                        continue;
                    foreach (ISymbol member in named.GetMembers(name))
                    {
                        if (member is IMethodSymbol method && (arity < 0 || method.Arity == arity))
                            result.Add(member);
                    }
                }
                return result;
            }

            foreach (ISymbol symbol in DocumentationCommentId.GetSymbolsForDeclarationId(id, compilation))
            {
                switch (symbol)
                {
                    case IMethodSymbol:
                    case IPropertySymbol:
                        result.Add(symbol);
                        break;
                    case INamedTypeSymbol type:
                        foreach (ISymbol member in type.GetMembers())
                        {
                            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } or IPropertySymbol)
                                result.Add(member);
                        }
                        break;
                }
            }
            return result;
        }
    }
}
