using System;
using System.Collections.Generic;
using System.Linq;
using Stackless.Fuzz.Tests.Oracle;

namespace Stackless.Fuzz.Tests.Fuzz
{
    /// <summary>
    /// Reduces a failing fuzz program: deletes statements, unwraps compound statements, simplifies expressions
    /// and drops partners, keeping each edit while the program still fails with the same signature. Candidates
    /// are compiled many per batch, so a round costs one compilation.
    /// </summary>
    public static class Shrinker
    {
        private const int CandidatesPerBatch = 40;

        public static FuzzProgram Shrink(FuzzProgram program, string signature, Action<string>? log = null)
        {
            FuzzProgram current = program;
            int round = 0;
            bool progress = true;
            while (progress && round < 200)
            {
                progress = false;
                int edits = Edits(current.Clone()).Count;
                for (int first = 0; first < edits && !progress; first += CandidatesPerBatch)
                {
                    round++;
                    var candidates = new List<(FuzzProgram Program, ProgramSource Source)>();
                    for (int k = first; k < Math.Min(edits, first + CandidatesPerBatch); k++)
                    {
                        FuzzProgram clone = current.Clone();
                        List<Action> actions = Edits(clone);
                        actions[k]();
                        string name = $"Shrink_{program.Seed}_{round}_{k}";
                        candidates.Add((clone, FuzzRunner.Source(clone, name, "shrink")));
                    }
                    Dictionary<string, CompiledProgram> compiled = BatchCompiler.Compile(candidates.Select(c => c.Source).ToList());
                    foreach (var (cand, src) in candidates)
                    {
                        string? diff = DifferentialRunner.Check(compiled[src.Name]);
                        if (diff != null && FuzzRunner.Signature(diff) == signature && cand.Size < current.Size)
                        {
                            current = cand;
                            progress = true;
                            log?.Invoke($"  shrink round {round}: size {current.Size}");
                            break;
                        }
                    }
                }
            }
            return current;
        }

        /// <summary>Every single edit of <paramref name="p"/>, as actions on that instance, in a fixed order (big cuts first).</summary>
        private static List<Action> Edits(FuzzProgram p)
        {
            var removals = new List<Action>();
            var unwraps = new List<Action>();
            var exprs = new List<Action>();
            foreach (Block b in p.AllBlocks().ToList())
            {
                for (int i = 0; i < b.Stmts.Count; i++)
                {
                    int idx = i;
                    Stmt s = b.Stmts[i];
                    if (s.Kind != "init" && s.Kind != "return" && s.Kind != "guard")
                        removals.Add(() => b.Stmts.RemoveAt(idx));
                    if (s.Unwrappable)
                        foreach (var (child, _) in s.Children)
                        {
                            Block c = child;
                            unwraps.Add(() => { b.Stmts.RemoveAt(idx); b.Stmts.InsertRange(idx, c.Stmts); });
                        }
                    for (int e = 0; e < s.Exprs.Count; e++)
                    {
                        int ei = e;
                        Expr root = s.Exprs[e];
                        if (!root.IsLiteral) exprs.Add(() => s.Exprs[ei] = Expr.Literal(root.Type));
                        foreach (Expr k in root.Kids.Where(k => k.Type == root.Type))
                        {
                            Expr kid = k;
                            exprs.Add(() => s.Exprs[ei] = kid);
                        }
                        foreach (Expr node in root.Descendants().Prepend(root).Where(n => n.ChainOps != null && n.Kids.Count >= 4).ToList())
                        {
                            // A long chain is cut in halves first (one literal at a time would take a round per term).
                            Expr chain = node;
                            int half = chain.Kids.Count / 2;
                            exprs.Insert(0, () => chain.CutChain(0, half));
                            exprs.Insert(0, () => chain.CutChain(half, chain.Kids.Count));
                        }
                        foreach (Expr node in root.Descendants().ToList())
                        {
                            for (int j = 0; j < node.Kids.Count; j++)
                            {
                                int jj = j;
                                Expr kid = node.Kids[j];
                                if (!kid.IsLiteral) exprs.Add(() => node.Kids[jj] = Expr.Literal(kid.Type));
                            }
                        }
                        for (int j = 0; j < root.Kids.Count; j++)
                        {
                            int jj = j;
                            Expr kid = root.Kids[j];
                            if (!kid.IsLiteral) exprs.Add(() => root.Kids[jj] = Expr.Literal(kid.Type));
                        }
                    }
                }
                if (b.EndLabel != null) exprs.Add(() => b.EndLabel = null);
            }
            for (int i = 0; i < p.Partners.Count; i++)
            {
                int idx = i;
                removals.Add(() => p.Partners.RemoveAt(idx));
            }
            for (int m = p.Methods.Count - 1; m >= 1; m--)
            {
                int mi = m;
                removals.Add(() => p.Methods.RemoveAt(mi));
            }
            return removals.Concat(unwraps).Concat(exprs).ToList();
        }
    }
}
