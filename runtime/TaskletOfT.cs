using System;
using System.Runtime.ExceptionServices;

namespace Stackless
{
    /// <summary>A tasklet whose method returns a value of type <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The method's return type.</typeparam>
    public abstract class Tasklet<T> : Tasklet
    {
        internal T result = default!;

        private protected Tasklet() { }

        /// <summary>The value the tasklet's method returned.</summary>
        /// <exception cref="InvalidOperationException">The tasklet has not finished (run the scheduler first), or it was killed.</exception>
        /// <remarks>If the tasklet failed, its exception is rethrown with its original stack trace.</remarks>
        public T Result
        {
            get
            {
                if (status != TaskletStatus.Dead)
                    throw new InvalidOperationException($"{this} has not finished yet; run the scheduler (Scheduler.Run()) until it returns before reading Result.");
                if (FailureOf() is ExceptionDispatchInfo edi)
                {
                    if (edi.SourceException is TaskletExit exit)
                        throw new InvalidOperationException($"{this} was killed before it returned a value.", exit);
                    edi.Throw();
                }
                return result;
            }
        }
    }
}
