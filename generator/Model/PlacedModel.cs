namespace Stackless.Generator.Model
{
    /// <summary>A model to write, with the lines its method moved since it was lowered (added to every user line written).</summary>
    internal sealed record PlacedModel(TaskletModel Model, int LineDelta)
    {
        // A kept model is the same object on every later run: that comparison must not walk it.
        public bool Equals(PlacedModel? other) =>
            ReferenceEquals(this, other) || other is not null && LineDelta == other.LineDelta && (ReferenceEquals(Model, other.Model) || Model.Equals(other.Model));

        public override int GetHashCode() => Model.HintName.GetHashCode() * 31 + LineDelta;

        public string HintName => Model.HintName;
    }
}
