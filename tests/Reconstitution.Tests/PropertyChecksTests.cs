namespace Reconstitution.Tests;

public sealed class PropertyChecksTests
{
    [Fact]
    public void Seed_Unset_IsTheFixedCiSeed()
    {
        Assert.Equal(PropertyChecks.FixedSeed, PropertyChecks.Seed(null));
        Assert.Equal(PropertyChecks.FixedSeed, PropertyChecks.Seed(" "));
    }

    [Fact]
    public void Seed_RandomOrPair_IsRead()
    {
        Assert.Null(PropertyChecks.Seed("random"));
        Assert.Equal((12345UL, 67UL), PropertyChecks.Seed("12345, 67"));
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("12345,66")]
    [InlineData("-1,3")]
    [InlineData("often")]
    public void Seed_Malformed_ThrowsNamingTheVariable(string setting)
    {
        var ex = Assert.Throws<ArgumentException>(() => PropertyChecks.Seed(setting));
        Assert.Contains(PropertyChecks.SeedVariable, ex.Message, StringComparison.Ordinal);
    }
}
