using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Stackless.Analyzers
{
    /// <summary>
    /// The blocking APIs of one compilation, resolved to symbols once: the built-in families plus the user's
    /// <c>stackless.blocking.txt</c>. Matching follows overrides, so a member of a derived type that overrides a
    /// listed member (<c>FileStream.Read</c> → <c>Stream.Read</c>) is blocking too.
    /// </summary>
    internal sealed class BlockingApis
    {
        private readonly Dictionary<ISymbol, BlockingApi> members;
        private readonly ImmutableArray<INamedTypeSymbol> inMemoryStreams;

        private BlockingApis(
            Dictionary<ISymbol, BlockingApi> members,
            ImmutableArray<INamedTypeSymbol> inMemoryStreams,
            ImmutableArray<BlockingApiListFile.Entry> invalidEntries)
        {
            this.members = members;
            this.inMemoryStreams = inMemoryStreams;
            InvalidEntries = invalidEntries;
        }

        /// <summary>Entries of the user's list files that name nothing (reported as TSK114).</summary>
        public ImmutableArray<BlockingApiListFile.Entry> InvalidEntries { get; }

        public static BlockingApis Create(Compilation compilation, ImmutableArray<AdditionalText> additionalFiles, CancellationToken cancellationToken)
        {
            var members = new Dictionary<ISymbol, BlockingApi>(SymbolEqualityComparer.Default);

            foreach (BuiltInBlockingApis.Entry entry in BuiltInBlockingApis.Entries)
            {
                INamedTypeSymbol? type = compilation.GetTypeByMetadataName(entry.TypeMetadataName);
                if (type is null)
                    continue; // not in this target framework (System.Threading.Lock before .NET 9, say)
                var api = new BlockingApi(entry.Rule, listFile: null);
                foreach (string pattern in entry.Members.Split(' '))
                    AddMatchingMembers(members, type, pattern, api);
            }

            var invalid = ImmutableArray.CreateBuilder<BlockingApiListFile.Entry>();
            foreach (AdditionalText file in additionalFiles)
            {
                if (!BlockingApiListFile.IsListFile(file))
                    continue;
                var api = new BlockingApi(Descriptors.UserListedBlockingApi, Path.GetFileName(file.Path));
                foreach (BlockingApiListFile.Entry entry in BlockingApiListFile.Read(file, cancellationToken))
                {
                    List<ISymbol> symbols = BlockingApiListFile.Resolve(entry.Id, compilation);
                    if (symbols.Count == 0)
                        invalid.Add(entry);
                    foreach (ISymbol symbol in symbols)
                    {
                        if (!members.ContainsKey(symbol.OriginalDefinition))
                            members.Add(symbol.OriginalDefinition, api); // a built-in family keeps its own ID
                    }
                }
            }

            var streams = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (string name in BuiltInBlockingApis.InMemoryStreams)
            {
                if (compilation.GetTypeByMetadataName(name) is { } stream)
                    streams.Add(stream);
            }

            return new BlockingApis(members, streams.ToImmutable(), invalid.ToImmutable());
        }

        /// <summary>The blocking API a call binds to (itself or a member it overrides), or null.</summary>
        public BlockingApi? Match(IMethodSymbol method, ITypeSymbol? receiverType)
        {
            if (members.Count == 0)
                return null;
            method = method.ReducedFrom ?? method;
            for (IMethodSymbol? current = method; current is not null; current = current.OverriddenMethod)
            {
                if (members.TryGetValue(current.OriginalDefinition, out BlockingApi? api))
                    return IsMemoryCopy(api, current, receiverType) ? null : api;
            }
            return null;
        }

        /// <summary>The blocking property a reference reads (itself or a property it overrides), or null.</summary>
        public BlockingApi? Match(IPropertySymbol property)
        {
            if (members.Count == 0)
                return null;
            for (IPropertySymbol? current = property; current is not null; current = current.OverriddenProperty)
            {
                if (members.TryGetValue(current.OriginalDefinition, out BlockingApi? api))
                    return api;
            }
            return null;
        }

        /// <summary>
        /// Reading or writing a stream statically typed as a <c>MemoryStream</c> copies memory; <c>CopyTo</c> is still
        /// reported, since its destination may be a file or a socket.
        /// </summary>
        private bool IsMemoryCopy(BlockingApi api, IMethodSymbol method, ITypeSymbol? receiverType) =>
            api.Rule == Descriptors.FileAndStreamIO && method.Name != "CopyTo" && IsInMemoryStream(receiverType);

        private bool IsInMemoryStream(ITypeSymbol? type)
        {
            for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
            {
                foreach (INamedTypeSymbol stream in inMemoryStreams)
                {
                    if (SymbolEqualityComparer.Default.Equals(current, stream))
                        return true;
                }
            }
            return false;
        }

        private static void AddMatchingMembers(Dictionary<ISymbol, BlockingApi> members, INamedTypeSymbol type, string pattern, BlockingApi api)
        {
            bool prefix = pattern.EndsWith("*", StringComparison.Ordinal);
            bool timeoutOnly = pattern.EndsWith("~", StringComparison.Ordinal);
            string name = prefix || timeoutOnly ? pattern.Substring(0, pattern.Length - 1) : pattern;

            IEnumerable<ISymbol> candidates = prefix ? type.GetMembers() : type.GetMembers(name);
            foreach (ISymbol member in candidates)
            {
                if (member.DeclaredAccessibility != Accessibility.Public)
                    continue;
                if (prefix && (!member.Name.StartsWith(name, StringComparison.Ordinal) || member.Name.EndsWith("Async", StringComparison.Ordinal)))
                    continue;
                switch (member)
                {
                    case IMethodSymbol { MethodKind: MethodKind.Ordinary } method:
                        if (timeoutOnly && !HasTimeoutParameter(method))
                            continue;
                        break;
                    case IPropertySymbol when !prefix && !timeoutOnly:
                        break;
                    default:
                        continue;
                }
                members[member.OriginalDefinition] = api;
            }
        }

        private static bool HasTimeoutParameter(IMethodSymbol method)
        {
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (parameter.Name.IndexOf("timeout", StringComparison.OrdinalIgnoreCase) >= 0)
                    return true;
            }
            return false;
        }
    }
}
