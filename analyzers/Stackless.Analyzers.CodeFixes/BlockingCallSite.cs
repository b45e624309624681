using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Analyzers.CodeFixes
{
    /// <summary>
    /// Finds the expression a blocking-call diagnostic is about. The analyzers report from the member's name to the
    /// end of the expression (<c>Read(buf, 0, n)</c> of <c>stream.Read(buf, 0, n)</c>, <c>Result</c> of <c>task.Result</c>),
    /// so the diagnostic starts at the member's name.
    /// </summary>
    internal static class BlockingCallSite
    {
        /// <summary>
        /// The invocation <c>r.M(…)</c> or <c>M(…)</c>, or the property access <c>r.P</c>; null for a conditional access
        /// (<c>r?.M()</c>), whose rewrite would change what runs when <c>r</c> is null.
        /// </summary>
        public static ExpressionSyntax? Find(SyntaxNode root, Diagnostic diagnostic)
        {
            SyntaxToken token = root.FindToken(diagnostic.Location.SourceSpan.Start);
            if (token.Parent is not SimpleNameSyntax name)
                return null;
            ExpressionSyntax member = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            if (member.Parent is InvocationExpressionSyntax call && call.Expression == member)
                return call;
            return member as MemberAccessExpressionSyntax;
        }

        /// <summary>The receiver of <c>r.M(…)</c> or <c>r.P</c>; null for <c>M(…)</c>.</summary>
        public static ExpressionSyntax? Receiver(ExpressionSyntax site) => site switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Expression,
            MemberAccessExpressionSyntax access => access.Expression,
            _ => null,
        };

        /// <summary>The receiver <paramref name="depth"/> member accesses or calls down: 2 is <c>t</c> of <c>t.GetAwaiter().GetResult()</c>.</summary>
        public static ExpressionSyntax? Receiver(ExpressionSyntax site, int depth)
        {
            ExpressionSyntax? current = site;
            for (int i = 0; i < depth && current is not null; i++)
                current = Receiver(current);
            return current;
        }

        /// <summary>The only argument of a call with one argument (its name, if any, dropped), or null.</summary>
        public static ExpressionSyntax? SingleArgument(ExpressionSyntax? call) =>
            call is InvocationExpressionSyntax { ArgumentList.Arguments: [{ RefKindKeyword.RawKind: 0 } argument] }
                ? argument.Expression
                : null;
    }
}
