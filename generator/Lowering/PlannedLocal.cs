using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Stackless.Generator.Facts;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// One local of the flattened spine in a <see cref="HoistingPlan"/>: where it lives and its name in the frame (a
    /// field's or a local's, unescaped: <c>FrameNaming.Escape</c> makes a keyword a verbatim identifier).
    /// </summary>
    internal sealed class PlannedLocal
    {
        public PlannedLocal(ILocalSymbol symbol, SyntaxNode declaration, LocalStorage storage, string name, string? saveField, IReadOnlyList<SyntaxNode> savedAround)
        {
            System.Diagnostics.Debug.Assert((saveField != null) == (savedAround.Count > 0), "a local is saved to a field exactly when some check is around it");
            System.Diagnostics.Debug.Assert(saveField is null || storage == LocalStorage.MethodLocal, "only a local of MoveNext is saved around checks");
            Symbol = symbol;
            Declaration = declaration;
            Storage = storage;
            Name = name;
            SaveField = saveField;
            SavedAround = savedAround;
        }

        public ILocalSymbol Symbol { get; }
        /// <summary>Its declarator, designation, foreach or catch declaration.</summary>
        public SyntaxNode Declaration { get; }
        public LocalStorage Storage { get; }
        public string Name { get; }
        /// <summary>The field a <see cref="LocalStorage.MethodLocal"/> is saved to around the checks of <see cref="SavedAround"/>, or null.</summary>
        public string? SaveField { get; }
        /// <summary>The loops (that do not suspend) whose back-edge step check this local is live across, in source order.</summary>
        public IReadOnlyList<SyntaxNode> SavedAround { get; }

        /// <summary>Its declarations become assignments (of a field or of a local declared at the top of MoveNext).</summary>
        public bool IsAssigned => Storage is LocalStorage.Field or LocalStorage.FieldBoxPerIteration or LocalStorage.MethodLocal;
    }
}
