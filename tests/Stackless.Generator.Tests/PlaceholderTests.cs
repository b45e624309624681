using Xunit;

namespace Stackless.Generator.Tests
{
    public class PlaceholderTests
    {
        [Fact]
        public void ProjectBuilds() => Assert.True(typeof(Stackless.Channel<int>).IsSealed);
    }
}
