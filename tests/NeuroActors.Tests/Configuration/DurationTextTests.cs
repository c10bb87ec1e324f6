using NeuroActors.Domain.Configuration;

namespace NeuroActors.Tests.Configuration;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("10m", 600_000)]
    [InlineData("24h", 86_400_000)]
    [InlineData("7d", 604_800_000)]
    [InlineData(" 0s ", 0)]
    public void A_number_and_a_unit_is_a_duration(string text, long milliseconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("30")] // a bare number: seconds in one section and days in another before
    [InlineData("0")]
    [InlineData("00:00:30")]
    [InlineData("1.00:00:00")]
    [InlineData("-5s")]
    [InlineData("+5s")]
    [InlineData("5 s")]
    [InlineData("5S")]
    [InlineData("5x")]
    [InlineData("s")]
    [InlineData("5.s")]
    [InlineData("1e3ms")]
    [InlineData("ten seconds")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_refused(string? text)
    {
        Assert.False(DurationText.TryParse(text, out _));
    }

    [Fact]
    public void Parse_shows_the_syntax_when_it_refuses()
    {
        var error = Assert.Throws<FormatException>(() => DurationText.Parse("30"));
        Assert.Contains("500ms, 30s, 10m, 24h or 7d", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_is_durations_separated_by_commas_and_empty_is_none()
    {
        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40)], DurationText.TryParseList("10s, 20s,40s"));
        Assert.Empty(DurationText.TryParseList(" ")!);
        Assert.Null(DurationText.TryParseList("10s,20"));
        Assert.Null(DurationText.TryParseList("10s,,20s"));
    }

    [Theory]
    [InlineData(1_500, "1500ms")]
    [InlineData(20_000, "20s")]
    [InlineData(90_000, "90s")]
    [InlineData(600_000, "10m")]
    [InlineData(86_400_000, "1d")]
    public void Format_writes_the_shortest_text_that_reads_back(long milliseconds, string text)
    {
        Assert.Equal(text, DurationText.Format(TimeSpan.FromMilliseconds(milliseconds)));
        Assert.True(DurationText.TryParse(text, out var back));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), back);
    }
}

public sealed class SettingReaderTests
{
    private static SettingReader Reader(params (string Key, string? Value)[] values) =>
        new(key => values.FirstOrDefault(v => v.Key == key).Value);

    [Fact]
    public void A_bare_number_is_refused_with_the_key_and_the_syntax()
    {
        var error = Assert.Throws<BadSettingException>(() => Reader(("Jobs:AdoptWindow", "5")).Duration("Jobs:AdoptWindow", TimeSpan.FromMinutes(2)));
        Assert.Equal("Jobs:AdoptWindow", error.Setting);
        Assert.Equal("Jobs:AdoptWindow: '5' has no unit. Fix: set Jobs:AdoptWindow to a duration such as 2m: a number and a unit: 500ms, 30s, 10m, 24h or 7d",
            error.Message);
    }

    [Fact]
    public void Zero_is_refused_unless_allowed_and_blank_means_the_default()
    {
        Assert.Throws<BadSettingException>(() => Reader(("K", "0s")).Duration("K", TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.Zero, Reader(("K", "0s")).Duration("K", TimeSpan.FromSeconds(1), allowZero: true));
        Assert.Equal(TimeSpan.FromSeconds(1), Reader(("K", " ")).Duration("K", TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(1), Reader().Duration("K", TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void A_list_names_the_key_and_shows_an_example()
    {
        var error = Assert.Throws<BadSettingException>(() => Reader(("Kie:Retry:Delays", "10,20")).Durations("Kie:Retry:Delays", [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)]));
        Assert.Equal("Kie:Retry:Delays", error.Setting);
        Assert.Contains("e.g. 10s,20s", error.Message, StringComparison.Ordinal);
        Assert.Null(Reader().Durations("Kie:Retry:Delays", []));
        Assert.Empty(Reader(("Kie:Retry:Delays", "")).Durations("Kie:Retry:Delays", [])!);
    }

    [Fact]
    public void Flags_numbers_and_urls_name_their_key()
    {
        Assert.Equal("Catalog:ProbeKie", Assert.Throws<BadSettingException>(() => Reader(("Catalog:ProbeKie", "yes")).Flag("Catalog:ProbeKie", true)).Setting);
        Assert.False(Reader(("Catalog:ProbeKie", "False")).Flag("Catalog:ProbeKie", true));
        Assert.Equal("Credits:Welcome", Assert.Throws<BadSettingException>(() => Reader(("Credits:Welcome", "-1")).Whole("Credits:Welcome", 0, "fix")).Setting);
        Assert.Equal(7, Reader(("Credits:Welcome", "7")).Whole("Credits:Welcome", 0, "fix"));
        Assert.Equal("Catalog:SourceUrl", Assert.Throws<BadSettingException>(() => Reader(("Catalog:SourceUrl", "catalog.yaml")).HttpUrl("Catalog:SourceUrl", "fix")).Setting);
    }
}
