using System.Collections.Generic;

namespace Stackless.Generator.Lowering
{
    /// <summary>Where the jumps of a lowered loop or switch go (<see cref="ControlFlowLowering.JumpTargets"/>): its labels, and a switch's cases.</summary>
    internal sealed class JumpTargets
    {
        public string? Break;
        public string? Continue;
        public readonly List<(object? Value, string Label)> Cases = new();
        public string? Default;
    }
}
