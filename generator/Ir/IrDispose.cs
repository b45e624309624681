using System;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Model;

namespace Stackless.Generator.Ir
{
    /// <summary>
    /// The clean-up of a lowered <c>using</c> or <c>foreach</c> (in its guarded finally): each resource disposed, in the
    /// order given (a using's last resource first), on one hidden line.
    /// </summary>
    internal sealed record IrDispose(EquatableArray<IrResource> Resources) : IrNode;

    /// <summary>
    /// A resource of an <see cref="IrDispose"/>: where it is held (a temp or a hoisted local's field, a box's value, or an
    /// anonymous value's object box access) and how it is disposed.
    /// </summary>
    internal readonly record struct IrResource(IrSyntax<ExpressionSyntax> Variable, IrDisposal How) : IEquatable<IrResource>;

    /// <summary>How a resource is disposed, by what its static type lets C# know.</summary>
    internal enum IrDisposal
    {
        /// <summary>A struct known to be disposable: <c>((IDisposable)v).Dispose();</c>.</summary>
        Cast,
        /// <summary>A class known to be disposable: <c>if (v != null) ((IDisposable)v).Dispose();</c>.</summary>
        NullChecked,
        /// <summary>A nullable struct: <c>if (v != null) ((IDisposable)v.Value).Dispose();</c>.</summary>
        NullableValue,
        /// <summary>A class that may be disposable at run time (an enumerator of a non-sealed type): <c>(v as IDisposable)?.Dispose();</c>.</summary>
        AsDisposable,
    }
}
