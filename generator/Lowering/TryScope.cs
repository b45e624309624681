namespace Stackless.Generator.Lowering
{
    /// <summary>A try the code being lowered is in (<see cref="ControlFlowLowering.Try"/>); a return inside it jumps to the end through its finally.</summary>
    internal sealed class TryScope
    {
        public string EntryLabel = "";
    }
}
