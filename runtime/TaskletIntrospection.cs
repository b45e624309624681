using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Stackless.CompilerServices;

namespace Stackless
{
    // Seeing inside a tasklet: its name, where it waits, its frames. Nothing here is on a hot path and nothing here adds a
    // field to the tasklet (issue 15 keeps it small): the name lives in a side table, the wait is derived from what the
    // tasklet and the scheduler already hold (blockedOn, slot, the transfer slot, the timer heap), the frames from the
    // frame chain and a static table per frame type.
    [DebuggerDisplay("{ToString(),nq}")]
    [DebuggerTypeProxy(typeof(TaskletDebugView))]
    public abstract partial class Tasklet
    {
        /// <summary>Names of the tasklets that have one: rare, and a name must not keep its tasklet alive.</summary>
        private static readonly ConditionalWeakTable<Tasklet, string> s_names = new ConditionalWeakTable<Tasklet, string>();

        /// <summary>A name for dumps, <see cref="ToString"/> and the debugger; null until set. Any thread may read or set it.</summary>
        public string? Name
        {
            get => s_names.TryGetValue(this, out string? name) ? name : null;
            set
            {
                if (value is null)
                    s_names.Remove(this);
                else
                    s_names.AddOrUpdate(this, value);
            }
        }

        /// <summary>
        /// Where the tasklet waits: null while it is runnable or running (main included), not yet spawned, or dead; else what it
        /// waits for (<see cref="TaskletWait.Kind"/>), on which channel, and until when.
        /// </summary>
        /// <exception cref="InvalidOperationException">Read on another thread than the tasklet's.</exception>
        public TaskletWait? WaitingOn
        {
            get
            {
                Owner();
                return status == TaskletStatus.Alive ? scheduler!.WaitOf(this) : null;
            }
        }

        /// <summary>
        /// The tasklet's frames, innermost first: each <see cref="TaskletAttribute"/> method on its chain of calls and the file
        /// and line where it is suspended or calling (from the table the generator emits; a frame without one gives its method
        /// only). Empty for main (it runs on the thread's own stack), a dead tasklet and one not yet spawned. A snapshot.
        /// </summary>
        /// <exception cref="InvalidOperationException">Read on another thread than the tasklet's.</exception>
        public IReadOnlyList<TaskletFrameInfo> Frames
        {
            get
            {
                Owner();
                if (status != TaskletStatus.Alive || nested || IsMain || id <= 0)
                    return Array.Empty<TaskletFrameInfo>();
                var frames = new List<TaskletFrameInfo>();
                for (Tasklet? f = link; f != null; f = f.link)
                {
                    frames.Add(f.DescribeFrame());
                    if (!f.nested)
                        break; // the root: its link is the innermost frame again
                }
                return frames.ToArray();
            }
        }

        /// <summary>
        /// The table that names this frame's method and maps its resume states to source lines: by default the one the frame
        /// type's <see cref="FrameLocationsAttribute"/> describes (generated code), kept per type. Null (no attribute) names
        /// the method after the frame type, with no file (docs/frame-contract.md).
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected internal virtual FrameLocationTable? FrameLocations => FrameLocationTable.OfAttribute(GetType());

        /// <summary>This frame's method and where it is suspended or calling.</summary>
        internal TaskletFrameInfo DescribeFrame()
        {
            FrameLocationTable? table = FrameLocations;
            return table != null ? table.At(State) : new TaskletFrameInfo(TypeNames.FrameMethod(GetType()), null, 0);
        }

        /// <summary>
        /// Describes the tasklet: its id, name, state and where it waits (<c>tasklet #3 "worker" (blocked: Receive on Channel&lt;Int32&gt; #1a2b3c)</c>).
        /// On another thread than the tasklet's it says only the state.
        /// </summary>
        public override string ToString()
        {
            var sb = new StringBuilder(IsMain ? "main tasklet" : "tasklet #" + id);
            string? name = Name;
            if (name != null)
                sb.Append(" \"").Append(name).Append('"');
            sb.Append(" (").Append(StateText()).Append(')');
            return sb.ToString();
        }

        private string StateText()
        {
            if (status == TaskletStatus.Dead) return "dead";
            if (status == TaskletStatus.New) return "not spawned";
            ThreadScheduler? s = scheduler;
            // Only on its own thread may the scheduler's tables be read (ToString also names a tasklet in the error of a wrong-thread use).
            if (s != null && s.ThreadId == Environment.CurrentManagedThreadId)
            {
                if (s.Current == this) return "running";
                TaskletWait? wait = s.WaitOf(this);
                if (wait == null) return "scheduled";
                string word = wait.Kind switch
                {
                    TaskletWaitKind.Sleep => "sleeping",
                    TaskletWaitKind.Await => "awaiting",
                    TaskletWaitKind.Paused => "paused",
                    _ => "blocked",
                };
                return wait.Kind == TaskletWaitKind.Paused ? word : word + ": " + wait;
            }
            return blockedOn != null ? "blocked" : IsSleeping ? "sleeping" : inRunQueue ? "scheduled" : IsAwaiting ? "awaiting" : "paused";
        }
    }
}
