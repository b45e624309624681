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
    /// or query (not the tasklet's own flow), not inside <c>lock</c> (a suspension there is refused, TSK005), not a
    /// foreach whose enumerator no field can hold, none in unsafe code (a method or type marked <c>unsafe</c>, or a body
    /// with an <c>unsafe</c> or <c>fixed</c> block: <c>&amp;x</c> of a local the frame would keep in a field does not
    /// compile), nor in <c>[Tasklet(Preemptible = false)]</c>. A ref-like or <c>ref</c> local (a <c>Span&lt;T&gt;</c>
    /// from <c>stackalloc</c>, <c>ref int r = ref a[0]</c>) whose scope holds a loop stays declared in the flattened scope,
    /// where no field can keep it: the loop is not checked when the local may be read after the check's resume point
    /// (<see cref="LiveAcross"/>), since the resume comes from the dispatch, past its initialization, in a new stack frame.
    /// </remarks>
    internal static class CheckedLoops
    {
        private static readonly IReadOnlyList<SyntaxNode> None = Array.Empty<SyntaxNode>();

        /// <summary>The loops of <paramref name="facts"/>' body that get a check without suspending, in source order.</summary>
        public static IReadOnlyList<SyntaxNode> Find(MethodFacts facts)
        {
            if (!IsPreemptible(facts) || IsUnsafeCode(facts)) return None;
            List<(SyntaxNode Declaration, ILocalSymbol Local)> unstorable = UnstorableLocals(facts);
            bool hasGoto = unstorable.Count > 0 && HasLabelGoto(facts);
            List<SyntaxNode>? result = null;
            foreach (SyntaxNode node in facts.Body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or QueryExpressionSyntax)))
            {
                if (node is not (WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax)) continue;
                if (facts.Analysis.Contains(node) || !Lowerable(facts, node)) continue;
                if (unstorable.Exists(u => LiveAcross(facts, node, u.Declaration, u.Local, hasGoto))) continue;
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

        /// <summary>
        /// Unsafe code anywhere in the method: an <c>unsafe</c> method or type, or an <c>unsafe</c> or <c>fixed</c> block
        /// in the body. No loop of it is checked (a pointer may hold the address of a local the frame keeps in a field).
        /// </summary>
        private static bool IsUnsafeCode(MethodFacts facts)
        {
            for (ISymbol? s = facts.Method; s is IMethodSymbol or INamedTypeSymbol; s = s.ContainingSymbol)
                foreach (SyntaxReference r in s.DeclaringSyntaxReferences)
                    if (r.GetSyntax(facts.Ct) is MemberDeclarationSyntax m)
                        foreach (SyntaxToken t in m.Modifiers)
                            if (t.IsKind(SyntaxKind.UnsafeKeyword)) return true;
            foreach (SyntaxNode n in facts.Body.DescendantNodes())
                if (n is UnsafeStatementSyntax or FixedStatementSyntax or PointerTypeSyntax or FunctionPointerTypeSyntax) return true;
            return false;
        }

        /// <summary>The ref-like and <c>ref</c> locals of the body outside lambdas and local functions: no field can hold them.</summary>
        private static List<(SyntaxNode, ILocalSymbol)> UnstorableLocals(MethodFacts facts)
        {
            var result = new List<(SyntaxNode, ILocalSymbol)>();
            foreach ((SyntaxNode node, ISymbol symbol) in facts.LocalDeclarations())
                if (symbol is ILocalSymbol l && (l.IsRef || l.Type.IsRefLikeType || l.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
                    && !facts.InsideLambda(node))
                    result.Add((node, l));
            return result;
        }

        /// <summary>
        /// True when <paramref name="local"/>, which no field can hold, may be read after <paramref name="loop"/>'s check
        /// resumes: its scope holds the loop, and it is named from the outermost loop around the check within that scope
        /// (whose back-edge carries it into the next iteration; a switch with a <c>goto case</c> counts as one) to the end of the
        /// scope; with a <c>goto label;</c> in the body,
        /// anywhere in its scope. A loop that ends before the declaration cannot carry it.
        /// </summary>
        private static bool LiveAcross(MethodFacts facts, SyntaxNode loop, SyntaxNode declaration, ILocalSymbol local, bool hasGoto)
        {
            SyntaxNode scope = ScopeOf(facts, declaration);
            if (!scope.Span.Contains(loop.Span)) return false;
            if (scope is SwitchStatementSyntax sections && HasGotoCase(sections)) hasGoto = true; // one section may jump back to another
            SyntaxNode outermost = loop;
            for (SyntaxNode? n = loop.Parent; n != null && n != scope; n = n.Parent)
                if (n is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax || n is SwitchStatementSyntax sw && HasGotoCase(sw))
                    outermost = n; // a goto case may jump back over the loop as well
            if (!hasGoto && outermost.Span.End <= declaration.SpanStart) return false;
            int from = hasGoto ? scope.SpanStart : outermost.SpanStart;
            foreach (SyntaxNode n in scope.DescendantNodes(n => n.Span.End > from))
                if (n is IdentifierNameSyntax id && id.SpanStart >= from && id.Identifier.ValueText == local.Name
                    && SymbolEqualityComparer.Default.Equals(facts.Model.GetSymbolInfo(id, facts.Ct).Symbol, local))
                    return true;
            return false;
        }

        /// <summary>
        /// The block (or switch: its sections share one scope, or the body) whose end ends a local's scope, or a wider
        /// one: a for, foreach or using declaration is taken to last to the end of the block around the statement.
        /// </summary>
        private static SyntaxNode ScopeOf(MethodFacts facts, SyntaxNode declaration)
        {
            for (SyntaxNode? n = declaration.Parent; n != null && n != facts.Body; n = n.Parent)
                if (n is BlockSyntax or SwitchStatementSyntax) return n;
            return facts.Body;
        }

        /// <summary>A <c>goto label;</c> outside lambdas: it may jump back over a loop anywhere in the body.</summary>
        private static bool HasLabelGoto(MethodFacts facts)
        {
            foreach (SyntaxNode n in facts.Body.DescendantNodes())
                if (n is GotoStatementSyntax g && g.IsKind(SyntaxKind.GotoStatement) && !facts.InsideLambda(g)) return true;
            return false;
        }

        private static bool HasGotoCase(SwitchStatementSyntax sw)
        {
            foreach (SyntaxNode n in sw.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
                if (n is GotoStatementSyntax g && !g.IsKind(SyntaxKind.GotoStatement)) return true;
            return false;
        }
    }
}
