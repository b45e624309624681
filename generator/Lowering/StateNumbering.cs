using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;
using Stackless.Generator.Ir;
using Stackless.Generator.Model;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// The state numbering pass: a lowered body (<see cref="IrBody"/>, no dispatch) whose resume points carry the
    /// lowering's provisional identities in, the same body with each resume point numbered out — 1, 2, … in tree order
    /// (statements, then a try region's body before its handlers), the method's entry check
    /// (<see cref="IrStepCheck.AtEntry"/>) after all of them, so that adding it leaves the other numbers as they are.
    /// A body that needs more than <see cref="MaxResumePoints"/> resume points is refused here with TSK014: the frame's
    /// 16-bit <c>State</c> holds no more.
    /// <see cref="StateDispatch"/> runs next.
    /// </summary>
    /// <remarks>
    /// Invariants: the lowering's identities are unique in the body (they may name fields, <c>__callK</c>, and helpers,
    /// <c>__EndK</c>, which need only be unique). A step check written into copied code (<see cref="IrStepCheckResume"/>:
    /// <c>if (BudgetCheck(k)) return;</c> is part of the user's statement text) keeps its identity as its number: the
    /// lowering hands identities out in the order it writes nodes, which is tree order. Recurses as deep as try
    /// regions nest (as <see cref="StateDispatch"/> does).
    /// </remarks>
    internal static class StateNumbering
    {
        /// <summary>
        /// The most resume points of one frame: what its 16-bit <c>State</c> holds (docs/frame-contract.md). C# compiles a
        /// frame this big because its dispatch is two levels (<see cref="StateDispatch"/>; one switch of N cases costs it
        /// time and memory quadratic in N, out of memory at 21.9 GB for 32,767): the generated frame of 32,767 sequential
        /// receives peaks at 0.7 GB, 32,767 resume points in tries at 1.7 GB (issue 16, docs/diagnostics/TSK014.md).
        /// </summary>
        public const int MaxResumePoints = 32767;

        public static IrBody Number(IrBody body, MethodFacts facts)
        {
            Debug.Assert(body.Dispatch.Count == 0, "numbered before the dispatch is derived");
            var counter = new Counter();
            Count(body.Statements, counter);
            int total = counter.InOrder + counter.AtEntry;
            if (total > MaxResumePoints)
            {
                SyntaxNode declaration = facts.Body.Parent is ArrowExpressionClauseSyntax arrow ? arrow.Parent! : facts.Body.Parent!;
                throw new RefusalException(DiagnosticDescriptors.TooManyResumePoints, declaration, facts.Method.Name,
                    total.ToString("N0", CultureInfo.InvariantCulture), MaxResumePoints.ToString("N0", CultureInfo.InvariantCulture));
            }
            var next = new Next { InOrder = 1, AtEntry = counter.InOrder + 1 };
            IrNode[]? statements = Number(body.Statements, next);
            Debug.Assert(next.InOrder == counter.InOrder + 1 && next.AtEntry == total + 1, "every resume point numbered once");
            return statements is null ? body : body with { Statements = new EquatableArray<IrNode>(statements) };
        }

        private sealed class Counter
        {
            public int InOrder, AtEntry;
        }

        private sealed class Next
        {
            public int InOrder, AtEntry;
        }

        private static void Count(EquatableArray<IrNode> nodes, Counter counter)
        {
            foreach (IrNode node in nodes)
            {
                switch (node)
                {
                    case IrStepCheck { AtEntry: true }: counter.AtEntry++; break;
                    case IrResumePoint: counter.InOrder++; break;
                    case IrTryRegion t: Count(t.Body, counter); Count(t.Handlers, counter); break;
                    case IrBlock b: Count(b.Body, counter); break;
                    case IrCatch c: Count(c.Body, counter); break;
                    case IrFinally f: Count(f.Body, counter); break;
                }
            }
        }

        /// <summary>The nodes with their resume points numbered; null when every number is already right (nothing copied).</summary>
        private static IrNode[]? Number(EquatableArray<IrNode> nodes, Next next)
        {
            IrNode[]? numbered = null;
            for (int i = 0; i < nodes.Count; i++)
            {
                IrNode node = nodes[i];
                IrNode result = node switch
                {
                    IrStepCheck { AtEntry: true } entry => Renumbered(entry, next.AtEntry++),
                    IrResumePoint r => Renumbered(r, next.InOrder++),
                    IrTryRegion t => Rebuilt(t, Number(t.Body, next), Number(t.Handlers, next)),
                    IrBlock b => Number(b.Body, next) is IrNode[] body ? b with { Body = new EquatableArray<IrNode>(body) } : b,
                    IrCatch c => Number(c.Body, next) is IrNode[] body ? c with { Body = new EquatableArray<IrNode>(body) } : c,
                    IrFinally f => Number(f.Body, next) is IrNode[] body ? f with { Body = new EquatableArray<IrNode>(body) } : f,
                    _ => node,
                };
                if (ReferenceEquals(result, node)) continue;
                numbered ??= Copy(nodes);
                numbered[i] = result;
            }
            return numbered;
        }

        private static IrNode Renumbered(IrResumePoint point, int state)
        {
            Debug.Assert(point is not IrStepCheckResume || point.State == state, "a check in copied text is numbered as the lowering wrote it");
            return point.State == state ? point : point with { State = state };
        }

        private static IrNode Rebuilt(IrTryRegion t, IrNode[]? body, IrNode[]? handlers) =>
            body is null && handlers is null ? t : t with
            {
                Body = body is null ? t.Body : new EquatableArray<IrNode>(body),
                Handlers = handlers is null ? t.Handlers : new EquatableArray<IrNode>(handlers),
            };

        private static IrNode[] Copy(EquatableArray<IrNode> nodes)
        {
            var copy = new IrNode[nodes.Count];
            for (int i = 0; i < copy.Length; i++) copy[i] = nodes[i];
            return copy;
        }
    }
}
