namespace Stackless.Fuzz.Harness
{
    /// <summary>
    /// A differential test program: the method under test, how to call it directly and through its
    /// generated Spawn method, and the partner tasklets that feed it. A fresh instance is made for each run.
    /// </summary>
    public abstract class Prog
    {
        /// <summary>Spawns the partner tasklets (after the method's own tasklet in the spawned run).</summary>
        public virtual void Partners() { }

        /// <summary>Calls the method under test directly, from the main tasklet. Void methods return null.</summary>
        public abstract object? Direct();

        /// <summary>Spawns the method under test through its generated <c>SpawnM</c>.</summary>
        public abstract Tasklet Spawn();

        /// <summary>True when the method under test returns void (the <c>//@entry-void</c> macro says so).</summary>
        public virtual bool ReturnsVoid => false;

        /// <summary>If set, a method name that the stack trace of the method's exception must contain in both runs.</summary>
        public virtual string? StackTraceMustContain => null;
    }
}
