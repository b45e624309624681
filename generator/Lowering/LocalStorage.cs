namespace Stackless.Generator.Lowering
{
    /// <summary>Where a local of a [Tasklet] body lives in its frame (decided by the <see cref="HoistingPlanner"/> pass).</summary>
    internal enum LocalStorage
    {
        /// <summary>
        /// A frame field (an <c>object</c> holding a box when its type is anonymous or built from one): its scope is
        /// flattened and a resume point may lie between its declaration and a use. Its declarations become assignments.
        /// </summary>
        Field,

        /// <summary>
        /// A frame field holding a fresh <c>StrongBox</c> per loop iteration: a closure that may outlive the iteration
        /// captures it, in a loop that suspends. Its declarations start a new box.
        /// </summary>
        FieldBoxPerIteration,

        /// <summary>
        /// A C# local declared at the top of <c>MoveNext</c> (the flattened method scope): no suspension point can come
        /// between its declaration and a use, only step checks of loops that do not otherwise suspend. Its declarations
        /// become assignments, as a field's; around each such check it is saved to a field and restored
        /// (<see cref="PlannedLocal.SaveField"/>, <see cref="PlannedLocal.SavedAround"/>).
        /// </summary>
        MethodLocal,

        /// <summary>
        /// A C# local declared where the user declared it, in the flattened scope (a ref-like or <c>ref</c> local that
        /// nothing suspends after): its declaration is copied, under a name no other local of the method has.
        /// </summary>
        FlattenedLocal,

        /// <summary>A <c>const</c> local, declared at the top of <c>MoveNext</c> under a name no other local of the method has.</summary>
        Const,
    }
}
