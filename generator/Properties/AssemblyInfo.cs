using System.Runtime.CompilerServices;

// The generator tests construct the generator with a fault injector (see TaskletGenerator's internal constructor).
[assembly: InternalsVisibleTo("Stackless.Generator.Tests")]
