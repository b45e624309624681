using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// The output of the <see cref="HoistingPlanner"/> pass, read by the lowering and never changed: which locals of
    /// the flattened spine become frame fields and which stay C# locals (<see cref="PlannedLocal"/>), the frame field
    /// of every parameter, and the names, by symbol, of everything that keeps the user's name only when it cannot hide
    /// or be hidden by a frame-level name: locals of copied code, parameters of lambdas and local functions, local
    /// functions, range variables and labels.
    /// </summary>
    /// <remarks>
    /// Invariants: no two frame-level names (parameter fields, planned locals, save fields) are equal; none starts with
    /// <c>__</c> except save fields (generated names; a user name starting with <c>__</c> is always renamed); a
    /// renamed name is spelled by no identifier of the user's method.
    /// </remarks>
    internal sealed class HoistingPlan
    {
        private readonly Dictionary<ISymbol, PlannedLocal> _locals;
        private readonly Dictionary<ISymbol, string> _parameterFields;
        private readonly Dictionary<ISymbol, string> _copiedNames;
        private readonly Dictionary<LabeledStatementSyntax, string> _labelNames;
        private readonly HashSet<string> _frameLevelNames;
        private readonly HashSet<string> _frameMemberNames;
        private readonly SuspensionAnalysis _analysis;
        private readonly HashSet<SyntaxNode> _checkedSpine;

        public HoistingPlan(IReadOnlyList<(IParameterSymbol Parameter, string Field)> parameterFields, IReadOnlyList<PlannedLocal> locals,
            Dictionary<ISymbol, string> copiedNames, Dictionary<LabeledStatementSyntax, string> labelNames,
            HashSet<string> frameLevelNames, HashSet<string> frameMemberNames, SuspensionAnalysis analysis, HashSet<SyntaxNode> checkedSpine)
        {
            _analysis = analysis;
            _checkedSpine = checkedSpine;
            ParameterFields = parameterFields;
            Locals = locals;
            _parameterFields = new Dictionary<ISymbol, string>(SymbolEqualityComparer.Default);
            foreach ((IParameterSymbol p, string field) in parameterFields) _parameterFields[p] = field;
            _locals = new Dictionary<ISymbol, PlannedLocal>(SymbolEqualityComparer.Default);
            foreach (PlannedLocal l in locals) _locals[l.Symbol] = l;
            _copiedNames = copiedNames;
            _labelNames = labelNames;
            _frameLevelNames = frameLevelNames;
            _frameMemberNames = frameMemberNames;
            System.Diagnostics.Debug.Assert(_parameterFields.Count + _locals.Count + SaveFieldCount(locals) <= frameLevelNames.Count, "every frame-level name is distinct");
        }

        private static int SaveFieldCount(IReadOnlyList<PlannedLocal> locals)
        {
            int n = 0;
            foreach (PlannedLocal l in locals) if (l.SaveField != null) n++;
            return n;
        }

        /// <summary>
        /// True when the lowering lowers <paramref name="node"/> (flattens a statement into labels, spills an expression)
        /// rather than copying it as written: it is or contains a suspension point, or it is a loop that gets a step check
        /// without suspending (the planner's checked loops) or a node around one. Every "lowered or copied" decision of
        /// the lowering asks this, so a loop the plan checks is lowered exactly where the plan flattened its locals.
        /// </summary>
        public bool IsLowered(SyntaxNode? node) => node != null && (_analysis.Contains(node) || _checkedSpine.Contains(node));

        /// <summary>Each parameter with the frame field that holds it, in the method's order.</summary>
        public IReadOnlyList<(IParameterSymbol Parameter, string Field)> ParameterFields { get; }

        /// <summary>The locals of the flattened spine (and const locals), in source order.</summary>
        public IReadOnlyList<PlannedLocal> Locals { get; }

        /// <summary>The planned local of <paramref name="symbol"/>, or null (a local of copied code, a parameter, …).</summary>
        public PlannedLocal? LocalOf(ISymbol symbol) => _locals.TryGetValue(symbol, out PlannedLocal? l) ? l : null;

        /// <summary>The frame-level name of a parameter or planned local (a field's or a flattened local's), if it has one.</summary>
        public bool TryGetName(ISymbol symbol, out string name)
        {
            if (_locals.TryGetValue(symbol, out PlannedLocal? l)) { name = l.Name; return true; }
            if (_parameterFields.TryGetValue(symbol, out string? field)) { name = field; return true; }
            name = "";
            return false;
        }

        /// <summary>The frame-level name of a parameter or planned local.</summary>
        public string NameOf(ISymbol symbol) =>
            TryGetName(symbol, out string name) ? name : throw new InvalidOperationException("'" + symbol.Name + "' is not in the hoisting plan");

        /// <summary>True for a parameter or a planned local: it has a frame-level name.</summary>
        public bool HasName(ISymbol symbol) => _locals.ContainsKey(symbol) || _parameterFields.ContainsKey(symbol);

        /// <summary>Its declarations become assignments: a frame field or a local at the top of MoveNext.</summary>
        public bool IsAssigned(ISymbol symbol) => _locals.TryGetValue(symbol, out PlannedLocal? l) && l.IsAssigned;

        /// <summary>A field holding a fresh box per iteration (captured by a closure, in a loop that suspends).</summary>
        public bool IsBoxedPerIteration(ISymbol symbol) => _locals.TryGetValue(symbol, out PlannedLocal? l) && l.Storage == LocalStorage.FieldBoxPerIteration;

        /// <summary>True when some local is boxed per iteration.</summary>
        public bool HasBoxesPerIteration
        {
            get
            {
                foreach (PlannedLocal l in Locals) if (l.Storage == LocalStorage.FieldBoxPerIteration) return true;
                return false;
            }
        }

        /// <summary>A flattened ref-like local or a const: its declaration is written as a declaration, under its planned name.</summary>
        public bool KeepsDeclaration(ISymbol symbol) =>
            _locals.TryGetValue(symbol, out PlannedLocal? l) && l.Storage is LocalStorage.FlattenedLocal or LocalStorage.Const;

        /// <summary>
        /// The name a local-like symbol that stays in copied code (a local, a lambda or local-function parameter, a local
        /// function, a range variable) has in the frame, when it is not the user's; null when it keeps its name.
        /// </summary>
        public string? CopiedNameOf(ISymbol? symbol)
        {
            if (symbol is null || _copiedNames.Count == 0) return null;
            symbol = symbol switch
            {
                IMethodSymbol m => m.OriginalDefinition,
                // A named argument of a call of a generic local function names the constructed method's parameter.
                IParameterSymbol { ContainingSymbol: IMethodSymbol { IsDefinition: false } m } p when p.Ordinal < m.OriginalDefinition.Parameters.Length
                    => m.OriginalDefinition.Parameters[p.Ordinal],
                _ => symbol,
            };
            return _copiedNames.TryGetValue(symbol, out string? name) ? name : null;
        }

        /// <summary>The name a user label has in the frame, when it is not the user's.</summary>
        public bool TryGetLabelName(LabeledStatementSyntax label, out string name)
        {
            if (_labelNames.TryGetValue(label, out string? n)) { name = n; return true; }
            name = "";
            return false;
        }

        public bool RenamesLabels => _labelNames.Count > 0;

        /// <summary>A name of the frame's own scope (a parameter field, a planned local, a save field): a simple name spelled so in copied code would bind to it.</summary>
        public bool IsFrameLevelName(string name) => _frameLevelNames.Contains(name);

        /// <summary>A member of the frame's base classes (State, Return, …).</summary>
        public bool IsFrameMemberName(string name) => _frameMemberNames.Contains(name);
    }
}
