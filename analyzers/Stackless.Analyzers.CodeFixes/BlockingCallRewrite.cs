using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Analyzers.CodeFixes
{
    /// <summary>
    /// One checked rewrite of a blocking expression in tasklet code into a suspension point. The replacement is
    /// built from the node as it is when replaced: in a Fix-All an inner rewrite (a <c>.Result</c> among the
    /// arguments) may already have changed it, but never its shape, so the builder reads it by shape.
    /// </summary>
    internal sealed class BlockingCallRewrite
    {
        private readonly Func<ExpressionSyntax, ExpressionSyntax> build;

        public BlockingCallRewrite(string title, ExpressionSyntax original, Func<ExpressionSyntax, ExpressionSyntax> build, string stacklessType)
        {
            Title = title;
            Original = original;
            this.build = build;
            StacklessType = stacklessType;
        }

        /// <summary>The code action's title.</summary>
        public string Title { get; }

        /// <summary>The blocking expression, in the document's current tree.</summary>
        public ExpressionSyntax Original { get; }

        /// <summary>The Stackless type the replacement names (<c>Scheduler</c>, <c>Tasklet</c>): the file may need <c>using Stackless;</c> for it.</summary>
        public string StacklessType { get; }

        /// <summary>The replacement for <paramref name="current"/> (<see cref="Original"/> or its rewritten self), with its leading and trailing trivia.</summary>
        public ExpressionSyntax Build(ExpressionSyntax current) => build(current).WithTriviaFrom(current);
    }
}
