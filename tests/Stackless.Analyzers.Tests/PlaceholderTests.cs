using Xunit;

namespace Stackless.Analyzers.Tests
{
    public class PlaceholderTests
    {
        [Fact]
        public void ProjectBuilds() => Assert.True(typeof(Stackless.Channel<int>).IsSealed);
    }
}
