using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// The loops of a [Tasklet] body that do not suspend but get a step check at their back-edge (issue 14), so that a
    /// budgeted <c>Scheduler.Run</c> can interrupt <c>while (true) x++;</c>. Such a loop is lowered (flattened into
    /// labels) like a loop that suspends, and so is every statement around it; the <see cref="HoistingPlanner"/> keeps
    /// the locals only its checks separate from their uses in C# locals of <c>MoveNext</c>, saved where a check interrupts.
    /// </summary>
    /// <remarks>
    /// A loop is checked only where the lowering can flatten it and everything around it: not in a lambda, local function
    /// or query (not the tasklet's own flow), not inside <c>lock</c>, <c>fixed</c> or <c>unsafe</c> (a suspension there is
    /// refused, TSK004/TSK005), not a foreach whose enumerator no field can hold, and none in a method that declares a
    /// ref-like, <c>ref</c> or pointer local or uses <c>stackalloc</c> (the resume path would jump over its
    /// initialization), nor in <c>[Tasklet(Preemptible = false)]</c>.
    /// </remarks>
    internal static class CheckedLoops
    {
        private static readonly IReadOnlyList<SyntaxNode> None = Array.Empty<SyntaxNode>();

        /// <summary>The loops of <paramref name="facts"/>' body that get a check without suspending, in source order.</summary>
        public static IReadOnlyList<SyntaxNode> Find(MethodFacts facts)
        {
            if (!IsPreemptible(facts) || facts.Method.IsUnsafe() || HasUnstorableLocal(facts)) return None;
            List<SyntaxNode>? result = null;
            foreach (SyntaxNode node in facts.Body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or QueryExpressionSyntax)))
            {
                if (node is not (WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax)) continue;
                if (facts.Analysis.Contains(node) || !Lowerable(facts, node)) continue;
                (result ??= new List<SyntaxNode>()).Add(node);
            }
            return result ?? None;
        }

        /// <summary>False for <c>[Tasklet(Preemptible = false)]</c>: the method gets no step checks.</summary>
        public static bool IsPreemptible(MethodFacts facts)
        {
            foreach (AttributeData a in facts.Method.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(a.AttributeClass, facts.Known.TaskletAttribute)) continue;
                foreach (KeyValuePair<string, TypedConstant> arg in a.NamedArguments)
                    if (arg.Key == "Preemptible" && arg.Value.Value is bool b) return b;
            }
            return true;
        }

        /// <summary>True when every statement from <paramref name="loop"/> up to the body is one the lowering flattens.</summary>
        private static bool Lowerable(MethodFacts facts, SyntaxNode loop)
        {
            if (loop is CommonForEachStatementSyntax f && !EnumeratorStorable(facts, f)) return false;
            for (SyntaxNode? n = loop.Parent; n != null && n != facts.Body; n = n.Parent)
            {
                switch (n)
                {
                    case BlockSyntax or LabeledStatementSyntax or IfStatementSyntax or ElseClauseSyntax or SwitchSectionSyntax
                        or SwitchStatementSyntax or TryStatementSyntax or CatchClauseSyntax or FinallyClauseSyntax or CheckedStatementSyntax:
                        continue;
                    case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax:
                        continue;
                    case CommonForEachStatementSyntax outer when EnumeratorStorable(facts, outer):
                        continue;
                    case UsingStatementSyntax u when !RefLikeResource(facts, u):
                        continue;
                    default:
                        return false; // lock, fixed, unsafe, or an expression (a lambda was not descended into)
                }
            }
            return true;
        }

        /// <summary>A foreach the lowering can flatten: over an array, or with an enumerator a frame field can hold.</summary>
        private static bool EnumeratorStorable(MethodFacts facts, CommonForEachStatementSyntax f)
        {
            ForEachStatementInfo info = facts.Model.GetForEachStatementInfo(f);
            if (info.IsAsynchronous || info.ElementType is null) return false;
            ITypeSymbol? collection = facts.Model.GetTypeInfo(f.Expression, facts.Ct).Type;
            if (collection is IArrayTypeSymbol { Rank: 1 }) return true;
            IMethodSymbol? getEnumerator = info.GetEnumeratorMethod;
            return collection != null && getEnumerator != null && !getEnumerator.ReturnType.IsRefLikeType && !getEnumerator.IsExtensionMethod
                && collection.TypeKind != TypeKind.Error && !(collection.TypeKind == TypeKind.Dynamic);
        }

        private static bool RefLikeResource(MethodFacts facts, UsingStatementSyntax u)
        {
            ITypeSymbol? type = u.Declaration != null ? facts.Model.GetTypeInfo(u.Declaration.Type, facts.Ct).Type
                : u.Expression != null ? facts.Model.GetTypeInfo(u.Expression, facts.Ct).Type : null;
            return type is null || type.IsRefLikeType;
        }

        /// <summary>A ref-like, <c>ref</c> or pointer local, or a <c>stackalloc</c>, anywhere in the body.</summary>
        private static bool HasUnstorableLocal(MethodFacts facts)
        {
            foreach ((SyntaxNode _, ISymbol symbol) in facts.LocalDeclarations())
                if (symbol is ILocalSymbol l && (l.IsRef || l.Type.IsRefLikeType || l.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)) return true;
            foreach (SyntaxNode n in facts.Body.DescendantNodes())
                if (n is StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax or UnsafeStatementSyntax or FixedStatementSyntax) return true;
            return false;
        }

        private static bool IsUnsafe(this IMethodSymbol method)
        {
            foreach (SyntaxReference r in method.DeclaringSyntaxReferences)
                if (r.GetSyntax() is MemberDeclarationSyntax m)
                    foreach (SyntaxToken t in m.Modifiers)
                        if (t.ValueText == "unsafe") return true;
            return false;
        }
    }
}
