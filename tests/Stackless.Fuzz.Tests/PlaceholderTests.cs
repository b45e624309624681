using Xunit;

namespace Stackless.Fuzz.Tests
{
    public class PlaceholderTests
    {
        [Fact]
        public void ProjectBuilds() => Assert.True(typeof(Stackless.Channel<int>).IsSealed);
    }
}
