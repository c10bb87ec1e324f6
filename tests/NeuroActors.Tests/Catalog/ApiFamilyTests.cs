using NeuroActors.Domain.Catalog;

namespace NeuroActors.Tests.Catalog;

public sealed class ApiFamilyTests
{
    [Fact]
    public void Every_family_has_its_own_slug_and_paths()
    {
        var families = Enum.GetValues<ApiFamily>();

        Assert.Equal(families.Length, ApiFamilies.All.Count);
        Assert.All(families, f => Assert.Equal(f, f.Info().Family));
        Assert.Equal(families.Length, ApiFamilies.All.Select(i => i.Slug).Distinct().Count());
        Assert.Equal(families.Length, ApiFamilies.All.Select(i => i.CreatePath).Distinct().Count());
        Assert.Equal(families.Length, ApiFamilies.All.Select(i => i.RecordPath).Distinct().Count());
        Assert.All(ApiFamilies.All, i => Assert.StartsWith("/api/v1/", i.RecordPath, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Market")]
    [InlineData("Veo")]
    [InlineData("Suno")]
    [InlineData("Runway")]
    [InlineData("Gpt4oImage")]
    [InlineData("FluxKontext")]
    public void Family_names_stored_in_job_journals_by_earlier_builds_still_read(string stored)
    {
        Assert.True(Enum.TryParse<ApiFamily>(stored, out var family));
        Assert.Equal(stored, family.ToString());
    }

    [Fact]
    public void The_catalogue_spells_a_slug_exactly_a_callback_url_in_any_case()
    {
        Assert.True(ApiFamilies.TryParse("4o-image", out var exact));
        Assert.Equal(ApiFamily.Gpt4oImage, exact);
        Assert.False(ApiFamilies.TryParse("Market", out _));
        Assert.True(ApiFamilies.TryParse("Market", out var anyCase, ignoreCase: true));
        Assert.Equal(ApiFamily.Market, anyCase);
        Assert.False(ApiFamilies.TryParse("midjourney", out _, ignoreCase: true));
    }
}
