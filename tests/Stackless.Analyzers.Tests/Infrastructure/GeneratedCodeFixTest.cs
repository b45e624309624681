using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Stackless.Generator;

namespace Stackless.Analyzers.Tests.Infrastructure
{
    /// <summary>
    /// A code-fix test whose sources also go through the real generator: the fixed code must not only bind but be
    /// lowered (no TSK0xx refusal) and compile with its generated frames, as it would in the user's build.
    /// </summary>
    internal sealed class GeneratedCodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        public GeneratedCodeFixTest()
        {
            ReferenceAssemblies = TestReferences.NoPackage;
            TestState.AdditionalReferences.AddRange(TestReferences.All);
            FixedState.AdditionalReferences.AddRange(TestReferences.All);
            // The generated frames are the generator's tests' business; here only that they compile.
            TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck;
        }

        protected override IEnumerable<Type> GetSourceGenerators() => new[] { typeof(TaskletGenerator) };
    }
}
