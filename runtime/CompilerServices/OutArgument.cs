using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Stackless.CompilerServices
{
    /// <summary>Generated code: the location of an <c>out</c> argument of a suspension point, fixed before the call as C# fixes it.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class OutArgument
    {
        /// <summary>
        /// Does nothing with <paramref name="variable"/>: passing it by reference makes the caller locate it now (an
        /// array element's null, bounds and array-type checks; a field's null check). Called before <c>Begin…</c>, so a
        /// bad location throws before the operation starts, as a direct call throws before it runs, and never after a
        /// value was received into nowhere.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Locate<T>(ref T variable) { }
    }
}
