namespace Stackless.Generator.Facts
{
    /// <summary>What a suspension point is; decides what it lowers to.</summary>
    internal enum SuspensionKind
    {
        None,
        /// <summary>A call of a method with [SuspensionPoint]: its Begin/End pair, or the nested frame it creates (<see cref="SuspensionContract"/>).</summary>
        Declared,
        /// <summary>A call of a [Tasklet] method: its frame, run as a nested call.</summary>
        TaskletCall,
        /// <summary>A foreach whose GetEnumerator has [SuspensionPoint]: each step is its Begin/End pair.</summary>
        DeclaredForEach,
    }
}
