using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Lowering;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// A lowered sub-expression's value stands in its place in the parent's copy (issue 16, spilling as syntax): a copy
    /// is embedded as it is, a temp's name becomes an identifier and syntax the lowering built (End… calls) takes the
    /// replaced node's trivia; none is parsed (there is no text value).
    /// </summary>
    public class LoweredValueTests
    {
        private static ArgumentSyntax SecondArgument(string call) =>
            SyntaxFactory.ParseExpression(call).DescendantNodes().OfType<ArgumentSyntax>().ElementAt(1);

        [Fact]
        public void ATempsName_TakesTheTriviaOfWhatItReplaces()
        {
            ExpressionSyntax original = SecondArgument("F(a,\n    /* why */ ch.Receive() /* after */)").Expression;
            ExpressionSyntax inPlace = LoweredValue.Name("__t3").InPlaceOf(original);
            Assert.IsType<IdentifierNameSyntax>(inPlace);
            Assert.Equal("    /* why */ __t3 /* after */", inPlace.ToFullString()); // (a comment on the comma's line would be the comma's)
            Assert.Equal("__t3", LoweredValue.Name("__t3").ToString());
        }

        [Fact]
        public void ACopy_IsEmbeddedAsItIs_AndOnlyInThePlaceOfItsOriginal()
        {
            ExpressionSyntax original = SecondArgument("F(a,\n    G(b) + 1)").Expression;
            var copy = (ExpressionSyntax)original.ReplaceNode(original.DescendantNodes().OfType<IdentifierNameSyntax>().Single(n => n.Identifier.Text == "b"),
                SyntaxFactory.IdentifierName("__t1"));
            LoweredValue value = LoweredValue.CopyOf(copy, original);
            Assert.Same(copy, value.InPlaceOf(original));
            Assert.Equal("G(__t1) + 1", value.ToString());
            // Elsewhere it takes the other node's trivia.
            ExpressionSyntax other = SecondArgument("H(x,\n /**/ y)").Expression;
            Assert.Equal(" /**/ G(__t1) + 1", value.InPlaceOf(other).ToFullString());
        }

        [Fact]
        public void SyntaxTheLoweringBuilt_TakesTheTriviaOfWhatItReplaces()
        {
            ExpressionSyntax original = SecondArgument("F(a,\n    ch.Receive() /* after */)").Expression;
            var end = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName("ch"), SyntaxFactory.IdentifierName("EndReceive")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.ThisExpression()))));
            LoweredValue value = LoweredValue.Built(end);
            Assert.Equal("ch.EndReceive(this)", value.ToString());
            Assert.Equal("    ch.EndReceive(this) /* after */", value.InPlaceOf(original).ToFullString());
        }

        [Fact]
        public void Bare_IsTheValueWithoutItsOuterTrivia_AsItsTextReads()
        {
            ExpressionSyntax original = SecondArgument("F(a,\n    /* why */ G(b) + 1 /* after */)").Expression;
            LoweredValue value = LoweredValue.CopyOf(original, original);
            Assert.Equal("G(b) + 1", value.Bare().ToFullString());
            Assert.Equal("__t2", LoweredValue.Name("__t2").Bare().ToFullString());
            Assert.Equal("x.End(this)", LoweredValue.Built(SyntaxFactory.ParseExpression(" x.End(this) ")).Bare().ToFullString());
        }

        [Fact]
        public void Bare_OfALeftDeepChainStartingALine_DoesNotRecurseAlongIt()
        {
            // The first token of a 10,000-term chain is 10,000 nodes deep, and here it carries the indentation of its line:
            // taking that off must not rewrite the path recursively (a 256 KB thread overflows at a few thousand frames).
            string terms = string.Join(" + ", Enumerable.Range(0, 10_000).Select(i => "x" + i));
            ExpressionSyntax chain = SyntaxFactory.ParseExpression("\n        " + terms + " /* end */");
            string? bare = null;
            var thread = new System.Threading.Thread(() => bare = LoweredValue.CopyOf(chain, chain).Bare().ToFullString(), 256 * 1024);
            thread.Start();
            thread.Join();
            Assert.Equal(terms, bare);
        }

        [Fact]
        public void AnEscapedName_IsAnIdentifier_AndDroppedRemovesTheNode()
        {
            ExpressionSyntax original = SecondArgument("F(a, b)").Expression;
            ExpressionSyntax inPlace = LoweredValue.Name("@class").InPlaceOf(original);
            Assert.IsType<IdentifierNameSyntax>(inPlace);
            Assert.Equal("@class", inPlace.ToFullString());
            Assert.Equal("class", ((IdentifierNameSyntax)inPlace).Identifier.ValueText);
            Assert.True(LoweredValue.Dropped.IsDropped);
            Assert.False(LoweredValue.Name("x").IsDropped);
        }
    }
}
