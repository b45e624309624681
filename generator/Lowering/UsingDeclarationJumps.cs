using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// A step of copying (after <see cref="BodyRewriter"/> visited a block): a goto that replaced a break, continue or
    /// return may not jump forward past a using declaration of its own block (CS8648, fuzz seed 294). Input: a copied
    /// block and the allocator (for trampoline labels); output: the block, each using declaration and the statements
    /// after it nested in a block of their own (<see cref="Nest"/>), or, where a local function follows (nesting would
    /// hide it from the statements before), the jumps written before the declaration sent backward to trampolines
    /// (<see cref="WithTrampolines"/>).
    /// </summary>
    internal static class UsingDeclarationJumps
    {
        /// <summary>Each using declaration of <paramref name="block"/> and the statements after it in a block of their own (none followed by a local function).</summary>
        public static BlockSyntax Nest(BlockSyntax block)
        {
            SyntaxList<StatementSyntax> statements = block.Statements;
            for (int i = 1; i < statements.Count; i++)
            {
                if (statements[i] is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } &&
                    !statements.Skip(i).Any(x => x is LocalFunctionStatementSyntax))
                {
                    BlockSyntax rest = Nest(SyntaxFactory.Block(statements.Skip(i)));
                    return block.WithStatements(SyntaxFactory.List(statements.Take(i).Append(rest)));
                }
            }
            return block;
        }

        /// <summary>
        /// C# refuses a goto written before a using declaration of an enclosing block to a label written after it
        /// (CS8648), even when the label is outside that block. A using declaration still in <paramref name="block"/>
        /// (Nest left it: a local function follows) makes every jump out of the copy written before it
        /// go backward instead, to a trampoline that the block is wrapped in and that makes the jump from outside:
        /// <c>{ goto __overN; __jumpK: goto target; __overN: ; { … goto __jumpK; … using var d = …; … } }</c>.
        /// A trampoline's jump leaves the copy too (a hole), so an enclosing block of the same kind routes it again.
        /// All of it stays on the block's first line: the user's lines map as they did.
        /// </summary>
        public static BlockSyntax WithTrampolines(BlockSyntax block, LoweringAllocator alloc)
        {
            int last = -1;
            for (int i = 0; i < block.Statements.Count; i++)
                if (block.Statements[i] is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 }) last = i;
            if (last <= 0) return block;
            var jumps = new List<StatementSyntax>();
            for (int i = 0; i < last; i++)
                jumps.AddRange(block.Statements[i].DescendantNodesAndSelf(static n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                    .Where(static n => n.HasAnnotations(JumpHoles.Kind)).OfType<StatementSyntax>());
            if (jumps.Count == 0) return block;

            var trampolines = new Dictionary<string, string>(System.StringComparer.Ordinal); // target → trampoline label
            var wrapper = new List<StatementSyntax>();
            string over = alloc.NewLabel("over");
            wrapper.Add(Goto(over));
            foreach (StatementSyntax hole in jumps)
            {
                string target = JumpHoles.LabelOf(hole);
                if (trampolines.ContainsKey(target)) continue;
                string label = alloc.NewLabel("jump");
                trampolines[target] = label;
                wrapper.Add(SyntaxFactory.LabeledStatement(SyntaxFactory.Identifier(label), SyntaxFactory.Token(SyntaxKind.ColonToken).WithTrailingTrivia(SyntaxFactory.Space),
                    JumpHoles.Hole(target, SyntaxFactory.TriviaList(SyntaxFactory.Space))));
            }
            wrapper.Add(SyntaxFactory.LabeledStatement(SyntaxFactory.Identifier(over), SyntaxFactory.Token(SyntaxKind.ColonToken).WithTrailingTrivia(SyntaxFactory.Space),
                SyntaxFactory.EmptyStatement().WithTrailingTrivia(SyntaxFactory.Space)));
            BlockSyntax routed = block.ReplaceNodes(jumps, (original, g) =>
                Goto(trampolines[JumpHoles.LabelOf(original)]).WithTriviaFrom(g));
            wrapper.Add(routed.WithoutLeadingTrivia().WithoutTrailingTrivia());
            return SyntaxFactory.Block(
                    SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(SyntaxFactory.Space),
                    SyntaxFactory.List(wrapper),
                    SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Space))
                .WithLeadingTrivia(block.GetLeadingTrivia()).WithTrailingTrivia(block.GetTrailingTrivia());
        }

        /// <summary><c>goto label;</c>, followed by a space.</summary>
        private static GotoStatementSyntax Goto(string label) =>
            SyntaxFactory.GotoStatement(SyntaxKind.GotoStatement,
                SyntaxFactory.Token(SyntaxKind.GotoKeyword).WithTrailingTrivia(SyntaxFactory.Space), default,
                SyntaxFactory.IdentifierName(label), SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(SyntaxFactory.Space));
    }
}
