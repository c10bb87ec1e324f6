using NeuroActors.Domain.Configuration;
using NeuroActors.Host.Operator;

namespace NeuroActors.Tests.Accounts;

/// <summary><c>Admin:MaxGrant</c>: the largest grant or debit in one action; a bad value stops the node naming the key.</summary>
public sealed class MaxGrantSettingTests
{
    [Fact]
    public void Absent_it_is_the_default_and_a_positive_number_sets_it()
    {
        Assert.Equal(UserOperations.DefaultMaxGrant, UserOperations.MaxGrant(Reader(null)));
        Assert.Equal(250, UserOperations.MaxGrant(Reader("250")));
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("0")]
    [InlineData("-10")]
    public void A_bad_value_names_the_key(string value)
    {
        var problem = Assert.Throws<BadSettingException>(() => UserOperations.MaxGrant(Reader(value)));

        Assert.Contains("Admin:MaxGrant", problem.Message, StringComparison.Ordinal);
    }

    private static SettingReader Reader(string? maxGrant) => new(key => key == "Admin:MaxGrant" ? maxGrant : null);
}
