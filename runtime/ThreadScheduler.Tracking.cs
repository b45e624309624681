using System.Collections.Generic;
using System.Linq;

namespace Stackless
{
    // Every alive tasklet of a TaskletThread's scheduler, so that Dispose can kill them (blocked and awaiting ones are
    // otherwise referenced only by their channel or task). Off (null) on every other thread: one null check per spawn and end.
    internal sealed partial class ThreadScheduler
    {
        internal HashSet<Tasklet>? tracked;

        internal void TrackTasklets() => tracked ??= new HashSet<Tasklet>(ReferenceEqualityComparer.Instance);

        internal Tasklet[] TrackedTasklets() => tracked == null ? new Tasklet[0] : tracked.Where(t => t.IsAlive).ToArray();
    }
}
