using System;
using Stackless.Generator.Model;

namespace Stackless.Generator.Incremental
{
    /// <summary>
    /// The lowering step's output: the result for one <see cref="MethodKey"/>, made while the method was at
    /// <see cref="LoweredAt"/> (its model's user lines and its diagnostics' spans are of that position).
    /// </summary>
    internal sealed record LoweredMethod(MethodKey Key, MethodPosition LoweredAt, TaskletResult Result)
    {
        // A kept result is the same object on every later run: that comparison must not walk the model.
        public bool Equals(LoweredMethod? other) =>
            ReferenceEquals(this, other)
            || other is not null && LoweredAt == other.LoweredAt && Key.Equals(other.Key) && Result.Equals(other.Result);

        public override int GetHashCode() => Key.GetHashCode();
    }
}
