using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Stackless.Analyzers
{
    internal static class OperationFacts
    {
        public static IOperation UnwrapConversions(IOperation operation)
        {
            while (operation is IConversionOperation conversion)
                operation = conversion.Operand;
            return operation;
        }

        /// <summary>Pushes the children so that they pop in source order.</summary>
        public static void PushChildren(Stack<IOperation> stack, IOperation operation)
        {
            var children = new List<IOperation>(operation.ChildOperations);
            for (int i = children.Count - 1; i >= 0; i--)
                stack.Push(children[i]);
        }

        /// <summary>
        /// Where a diagnostic about a member access goes: the member's name to the end of the expression
        /// (<c>Sleep(100)</c> in <c>Thread.Sleep(100)</c>, <c>Result</c> in <c>task.Result</c>), so the squiggle
        /// marks the call rather than the whole receiver chain.
        /// </summary>
        public static Location MemberLocation(SyntaxNode syntax)
        {
            SimpleNameSyntax? name = syntax switch
            {
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name,
                InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } => binding.Name,
                MemberAccessExpressionSyntax access => access.Name,
                MemberBindingExpressionSyntax binding => binding.Name,
                _ => null,
            };
            return name is null
                ? syntax.GetLocation()
                : Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(name.SpanStart, syntax.Span.End));
        }
    }
}
