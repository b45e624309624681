using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Incremental
{
    /// <summary>
    /// What the lowering of one [Tasklet] method may depend on outside its own declaration, as a value: every syntax
    /// tree's declarations with the bodies of methods, constructors, operators and accessors left out (a body edit
    /// elsewhere changes nothing here), the references (by identity: a rebuilt reference is a new object), and the
    /// compilation and parse options. Equal fingerprints and an equal method text mean an equal lowering.
    /// </summary>
    /// <remarks>
    /// A body left out keeps what other methods can see of it: that it exists (abstract or not), whether it is an
    /// iterator (a <c>yield</c> in it: such a callee is refused, and its callers call it as ordinary code), and its
    /// preprocessor directives (a <c>#nullable</c> or <c>#define</c> in it changes the code after it). Computed once
    /// per compilation, and per syntax tree once per tree object (an edit replaces one tree; the others are reused).
    /// </remarks>
    internal sealed class DeclarationFingerprint : IEquatable<DeclarationFingerprint>
    {
        private static readonly ConditionalWeakTable<Compilation, DeclarationFingerprint> s_byCompilation = new();
        private static readonly ConditionalWeakTable<SyntaxTree, string> s_byTree = new();

        private readonly string[] _trees;             // path and hash of each tree's declarations, in the compilation's order
        private readonly MetadataReference[] _references;
        private readonly CompilationOptions _options;
        private readonly ParseOptions? _parseOptions;
        private readonly string? _assemblyName;
        private readonly int _hash;
        // The last fingerprint found equal (of an earlier compilation): every method's key compares against it again.
        // Weak: a chain of fingerprints, one per edit, must not stay alive through it.
        private WeakReference<DeclarationFingerprint>? _equalTo;

        private DeclarationFingerprint(Compilation compilation)
        {
            var trees = new List<string>();
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
                trees.Add(tree.FilePath + "\n" + s_byTree.GetValue(tree, DeclarationsHash));
            _trees = trees.ToArray();
            _references = new List<MetadataReference>(compilation.References).ToArray();
            _options = compilation.Options;
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                _parseOptions = tree.Options;
                break;
            }
            _assemblyName = compilation.AssemblyName;
            int hash = _trees.Length;
            foreach (string t in _trees) hash = unchecked(hash * 31 + StringComparer.Ordinal.GetHashCode(t));
            _hash = unchecked(hash * 31 + _references.Length);
        }

        public static DeclarationFingerprint Of(Compilation compilation) => s_byCompilation.GetValue(compilation, c => new DeclarationFingerprint(c));

        public bool Equals(DeclarationFingerprint? other)
        {
            if (ReferenceEquals(this, other) || (other is not null && _equalTo != null && _equalTo.TryGetTarget(out DeclarationFingerprint? known) && ReferenceEquals(known, other))) return true;
            if (other is null || other._hash != _hash || other._trees.Length != _trees.Length || other._references.Length != _references.Length) return false;
            for (int i = 0; i < _trees.Length; i++)
                if (!string.Equals(_trees[i], other._trees[i], StringComparison.Ordinal)) return false;
            for (int i = 0; i < _references.Length; i++)
                if (!ReferenceEquals(_references[i], other._references[i])) return false;
            if (!_options.Equals(other._options) || !Equals(_parseOptions, other._parseOptions) || _assemblyName != other._assemblyName) return false;
            _equalTo = new WeakReference<DeclarationFingerprint>(other);
            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as DeclarationFingerprint);

        public override int GetHashCode() => _hash;

        /// <summary>
        /// A SHA-256 of the tree's tokens and preprocessor directives, every member body replaced by what other members can
        /// see of it. Whitespace and comments are left out: they change no lowering, and where a method is does not either
        /// (its lowering is moved to where it is: PlacedResult), so a blank line or a comment between members lowers nothing.
        /// </summary>
        private static string DeclarationsHash(SyntaxTree tree)
        {
            SyntaxNode root = tree.GetRoot();
            var bodies = new HashSet<SyntaxNode>(Bodies(root));
            var kept = new StringBuilder(root.FullSpan.Length / 2);
            foreach (SyntaxNodeOrToken e in root.DescendantNodesAndTokens(n => !bodies.Contains(n)))
            {
                if (e.AsNode() is SyntaxNode node)
                {
                    if (!bodies.Contains(node)) continue;
                    kept.Append(IsIterator(node) ? " {yield}" : " {}");
                    if (node.ContainsDirectives)
                        foreach (SyntaxTrivia t in node.DescendantTrivia(descendIntoTrivia: false))
                            if (t.IsDirective) kept.Append('\n').Append(t.ToFullString());
                    continue;
                }
                SyntaxToken token = e.AsToken();
                Directives(kept, token.LeadingTrivia);
                kept.Append(' ').Append(token.Text);
                Directives(kept, token.TrailingTrivia);
            }
            using SHA256 sha = SHA256.Create();
            return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(kept.ToString())));
        }

        private static void Directives(StringBuilder kept, SyntaxTriviaList trivia)
        {
            foreach (SyntaxTrivia t in trivia)
                if (t.IsDirective) kept.Append('\n').Append(t.ToFullString());
        }

        /// <summary>The bodies of the tree's members, in text order (never nested in one another).</summary>
        private static IEnumerable<SyntaxNode> Bodies(SyntaxNode root)
        {
            var pending = new Stack<SyntaxNode>();
            pending.Push(root);
            var found = new List<SyntaxNode>();
            while (pending.Count > 0)
            {
                SyntaxNode node = pending.Pop();
                switch (node)
                {
                    case BaseMethodDeclarationSyntax m:
                        if (m.Body != null) found.Add(m.Body);
                        if (m.ExpressionBody != null) found.Add(m.ExpressionBody);
                        continue;
                    case AccessorDeclarationSyntax a:
                        if (a.Body != null) found.Add(a.Body);
                        if (a.ExpressionBody != null) found.Add(a.ExpressionBody);
                        continue;
                    case BasePropertyDeclarationSyntax p:
                        if (p is PropertyDeclarationSyntax { ExpressionBody: { } pe }) found.Add(pe);
                        if (p is IndexerDeclarationSyntax { ExpressionBody: { } ie }) found.Add(ie);
                        if (p.AccessorList != null) pending.Push(p.AccessorList);
                        continue;
                    case CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax or AccessorListSyntax:
                        foreach (SyntaxNode child in node.ChildNodes()) pending.Push(child);
                        continue;
                }
            }
            found.Sort((a, b) => a.FullSpan.Start.CompareTo(b.FullSpan.Start));
            return found;
        }

        // A yield of the body itself (not of a lambda or local function in it) makes the method an iterator.
        private static bool IsIterator(SyntaxNode body)
        {
            foreach (SyntaxNode n in body.DescendantNodes(d => d is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
                if (n is YieldStatementSyntax) return true;
            return false;
        }
    }
}
