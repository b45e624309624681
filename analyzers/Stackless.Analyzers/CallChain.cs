using System.Collections.Immutable;

namespace Stackless.Analyzers
{
    /// <summary>A path of calls from tasklet code to what it reaches: <c>Helper → Wait → Thread.Sleep</c>.</summary>
    internal sealed class CallChain
    {
        public static readonly CallChain None = new CallChain(ImmutableArray<string>.Empty, ruleId: null);

        public CallChain(ImmutableArray<string> steps, string? ruleId)
        {
            Steps = steps;
            RuleId = ruleId;
        }

        public ImmutableArray<string> Steps { get; }

        /// <summary>The ID of the blocking family the chain ends in, if it ends in a blocking call.</summary>
        public string? RuleId { get; }

        public bool IsNone => Steps.IsEmpty;

        public string Describe() =>
            string.Join(" \u2192 ", Steps) + (RuleId is null ? "" : " (" + RuleId + ")");
    }
}
