using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Stackless.Generator
{
    /// <summary>Every diagnostic the coroutine compiler reports. Each ID is documented in docs/diagnostics/TSK0NN.md.</summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "Stackless";
        private const string HelpBase = "https://github.com/stackless-csharp/stackless/blob/main/docs/diagnostics/";

        private static DiagnosticDescriptor Error(string id, string title, string message) =>
            new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpBase + id + ".md");

        /// <summary>TSK001 — a code fix ("make partial") depends on this ID: do not renumber.</summary>
        public static readonly DiagnosticDescriptor TypeNotPartial = Error("TSK001",
            "The type containing a [Tasklet] method must be partial",
            "Type '{0}' must be declared partial because it contains the [Tasklet] method '{1}' (the generator adds its frame and Spawn{1} to the type)");

        public static readonly DiagnosticDescriptor AsyncOrIterator = Error("TSK002",
            "A [Tasklet] method cannot be async or an iterator",
            "[Tasklet] method '{0}' cannot be {1}: a tasklet suspends on channels and Scheduler.Schedule(), not on await or yield");

        public static readonly DiagnosticDescriptor ByRefParameter = Error("TSK003",
            "A [Tasklet] method cannot have ref, out, in or pointer parameters",
            "Parameter '{0}' of [Tasklet] method '{1}' is {2}: a suspended tasklet keeps its parameters on the heap, where references and pointers cannot live");

        public static readonly DiagnosticDescriptor RefLikeAcrossSuspension = Error("TSK004",
            "A ref-like local, stackalloc, pointer or ref local cannot live across a suspension point",
            "'{0}' ({1}) cannot be kept in a tasklet frame across a suspension point; move it into a helper method or out of the scope that suspends");

        public static readonly DiagnosticDescriptor SuspensionInLock = Error("TSK005",
            "A tasklet cannot suspend inside a lock",
            "'{0}' suspends the tasklet inside a lock statement; the lock would be held by a parked tasklet (release the lock before suspending)");

        public static readonly DiagnosticDescriptor SuspensionInFilter = Error("TSK006",
            "A tasklet cannot suspend inside a catch filter",
            "'{0}' suspends the tasklet inside an exception filter; compute the value before the try statement");

        public static readonly DiagnosticDescriptor SuspensionInLambda = Error("TSK007",
            "A tasklet cannot suspend inside a lambda, local function or query",
            "'{0}' suspends inside a {1}; only the [Tasklet] method's own body can suspend (make the helper a [Tasklet] method instead)");

        public static readonly DiagnosticDescriptor InstanceMethodOfStruct = Error("TSK008",
            "An instance [Tasklet] method cannot belong to a struct",
            "Instance [Tasklet] method '{0}' belongs to struct '{1}': a tasklet would run on a copy of the struct; make the method static or the type a class");

        public static readonly DiagnosticDescriptor SpawnNameClash = Error("TSK009",
            "The generated Spawn method's name is already taken",
            "Type '{0}' already has a member named '{1}', which the generator must add for [Tasklet] method '{2}'; rename one of them");

        public static readonly DiagnosticDescriptor NotSupported = Error("TSK010",
            "Construct not supported in a tasklet",
            "{0} is not supported in a [Tasklet] method: {1}");

        public static readonly DiagnosticDescriptor InternalError = Error("TSK011",
            "The coroutine compiler failed on this method",
            "The Stackless generator could not compile [Tasklet] method '{0}' ({1}); please report this with the method's source");

        public static readonly DiagnosticDescriptor TooDeeplyNested = Error("TSK012",
            "Code too deeply nested for the coroutine compiler",
            "{0} is too deeply nested for the coroutine compiler; move part of it into a local variable or a helper method");

        public static readonly DiagnosticDescriptor IllFormedSuspensionPoint = Error("TSK013",
            "A declared suspension point is ill-formed",
            "'{0}' is declared a suspension point ([SuspensionPoint]), but {1}; see docs/frame-contract.md");

        public static readonly DiagnosticDescriptor TooManyResumePoints = Error("TSK014",
            "A tasklet method with more resume points than the coroutine compiler allows",
            "[Tasklet] method '{0}' needs {1} resume points; a frame has at most {2} (its State is 16 bits); split it into smaller [Tasklet] methods");

        private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = new()
        {
            [TypeNotPartial.Id] = TypeNotPartial,
            [AsyncOrIterator.Id] = AsyncOrIterator,
            [ByRefParameter.Id] = ByRefParameter,
            [RefLikeAcrossSuspension.Id] = RefLikeAcrossSuspension,
            [SuspensionInLock.Id] = SuspensionInLock,
            [SuspensionInFilter.Id] = SuspensionInFilter,
            [SuspensionInLambda.Id] = SuspensionInLambda,
            [InstanceMethodOfStruct.Id] = InstanceMethodOfStruct,
            [SpawnNameClash.Id] = SpawnNameClash,
            [NotSupported.Id] = NotSupported,
            [InternalError.Id] = InternalError,
            [TooDeeplyNested.Id] = TooDeeplyNested,
            [IllFormedSuspensionPoint.Id] = IllFormedSuspensionPoint,
            [TooManyResumePoints.Id] = TooManyResumePoints,
        };

        public static DiagnosticDescriptor ById(string id) => s_byId[id];
    }
}
