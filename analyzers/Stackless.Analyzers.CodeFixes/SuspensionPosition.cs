using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Analyzers.CodeFixes
{
    /// <summary>
    /// Where a fix may put a suspension point in place of a blocking call, so that the generator still lowers the
    /// method: not inside a <c>lock</c> (TSK005), an exception filter (TSK006), or <c>fixed</c>/<c>unsafe</c> code, and
    /// not after a ref-like, <c>ref</c> or pointer local is declared (TSK004 if it is used after the suspension; a
    /// fix does not follow its uses, so it stays away).
    /// </summary>
    internal static class SuspensionPosition
    {
        public static bool Allows(SyntaxNode site, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (SyntaxNode ancestor in site.Ancestors())
            {
                switch (ancestor)
                {
                    case LockStatementSyntax or CatchFilterClauseSyntax or FixedStatementSyntax or UnsafeStatementSyntax:
                        return false;
                    case MemberDeclarationSyntax member:
                        return !DeclaresFrameHostileLocalBefore(member, site.SpanStart, model, cancellationToken);
                }
            }
            return true;
        }

        private static bool DeclaresFrameHostileLocalBefore(SyntaxNode member, int position, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (SyntaxNode node in member.DescendantNodes())
            {
                if (node.SpanStart >= position)
                    break; // descendants come in source order
                if (node is not (VariableDeclaratorSyntax or SingleVariableDesignationSyntax or ForEachStatementSyntax))
                    continue;
                if (model.GetDeclaredSymbol(node, cancellationToken) is ILocalSymbol local
                    && (local.RefKind != RefKind.None || local.Type.IsRefLikeType || local.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer))
                    return true;
            }
            return false;
        }
    }
}
