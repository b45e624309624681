namespace Stackless.Generator.Lowering
{
    /// <summary>What a suspension point is; decides the Begin/End pair (or nested frame) it lowers to.</summary>
    internal enum SuspensionKind
    {
        None,
        Send,
        SendException,
        Receive,
        SendSequence,
        Schedule,
        ScheduleRemove,
        Run,
        Kill,
        Throw,
        TaskletCall,
        ChannelForEach,
    }
}
