using Xunit;

namespace Stackless.Package.Tests
{
    public class PlaceholderTests
    {
        [Fact]
        public void ProjectBuilds() => Assert.True(typeof(Stackless.Channel<int>).IsSealed);
    }
}
