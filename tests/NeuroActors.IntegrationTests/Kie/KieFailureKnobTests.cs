using System.Text.Json.Nodes;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Failures;
using NeuroActors.Domain.Kie;
using NeuroActors.Kie;

namespace NeuroActors.IntegrationTests.Kie;

/// <summary>Every failure knob of the simulated KIE, reached over real HTTP, lands in its failure class.</summary>
public sealed class KieFailureKnobTests
{
    private static KieCreateRequest ZImage(string prompt) =>
        KieCreateRequest.Market("z-image", new JsonObject { ["prompt"] = prompt, ["aspect_ratio"] = "1:1" });

    [Theory]
    [InlineData("[[fail:402]]", false, FailureClass.Billing, "no-credits", KieKeyEffect.DisableNoCredits)]
    [InlineData("[[fail:402]]", true, FailureClass.Billing, "no-credits", KieKeyEffect.DisableNoCredits)]
    [InlineData("[[fail:429]]", false, FailureClass.RateLimit, "rate-limit", KieKeyEffect.CoolDown)]
    [InlineData("[[fail:429]]", true, FailureClass.RateLimit, "rate-limit", KieKeyEffect.CoolDown)]
    [InlineData("[[fail:433]]", false, FailureClass.RateLimit, "usage-cap", KieKeyEffect.UsageCapReached)]
    [InlineData("[[fail:455]]", false, FailureClass.Temporary, "server-or-generation-failure", KieKeyEffect.None)]
    [InlineData("[[fail:500]]", false, FailureClass.Temporary, "server-or-generation-failure", KieKeyEffect.None)]
    [InlineData("[[fail:500]]", true, FailureClass.Temporary, "server-or-generation-failure", KieKeyEffect.None)]
    [InlineData("[[fail:505]]", false, FailureClass.Unknown, "feature-disabled", KieKeyEffect.None)]
    [InlineData("[[drop:create]]", false, FailureClass.Temporary, "network", KieKeyEffect.None)]
    public async Task Create_knob_maps_to_its_class(string marker, bool httpStatusEqualsCode, FailureClass expected, string rule, KieKeyEffect keyEffect)
    {
        await using var kie = await KieClientHarness.StartAsync([KieClientHarness.KeyA], o => o.HttpStatusEqualsCode = httpStatusEqualsCode);

        var result = await kie.Client.CreateTaskAsync(kie.Key(KieClientHarness.KeyA), ZImage("a red fox " + marker));

        Assert.False(result.IsSuccess);
        Assert.Equal((expected, rule, keyEffect), (result.Failure.Class, result.Failure.Classification.Rule, result.Failure.Classification.KeyEffect));
    }

    [Fact]
    public async Task Create_that_hangs_times_out_as_temporary_with_an_uncertain_outcome()
    {
        await using var kie = await KieClientHarness.StartAsync([KieClientHarness.KeyA], kie: new Dictionary<string, string?> { ["Kie:RequestTimeout"] = "1s" });

        var result = await kie.Client.CreateTaskAsync(kie.Key(KieClientHarness.KeyA), ZImage("a red fox [[hang:create]]"));

        Assert.Equal(("timeout", FailureClass.Temporary, FailureTextKeys.TimedOut), (result.Failure!.Classification.Rule, result.Failure.Class, result.Failure.Classification.TextKey));
        Assert.True(result.Failure.Classification.OutcomeUncertain);
    }

    [Fact]
    public async Task Create_whose_connection_drops_after_sending_is_uncertain()
    {
        await using var kie = await KieClientHarness.StartAsync([KieClientHarness.KeyA]);

        var result = await kie.Client.CreateTaskAsync(kie.Key(KieClientHarness.KeyA), ZImage("[[drop:create]]"));

        Assert.True(result.Failure!.Classification.OutcomeUncertain);
    }

    [Theory]
    [InlineData("[[fail:content-policy]]", FailureClass.UserViolation, FailureTextKeys.ContentPolicy, false)]
    [InlineData("[[fail:generation]]", FailureClass.Temporary, FailureTextKeys.Temporary, true)]
    [InlineData("[[fail:501]]", FailureClass.Temporary, FailureTextKeys.Temporary, true)]
    public async Task Task_outcome_knob_maps_to_its_class(string marker, FailureClass expected, string textKey, bool retry)
    {
        await using var kie = await KieClientHarness.StartAsync([KieClientHarness.KeyA]);

        var submitted = await kie.Gateway.SubmitAsync(ZImage("a red fox " + marker));
        var outcome = await kie.PollUntilFinalAsync(submitted.Value!);

        Assert.Equal(KieTaskPhase.Failed, outcome.Phase);
        Assert.Equal((expected, textKey, retry), (outcome.Failure!.Class, outcome.Failure.TextKey, outcome.Failure.Retry));
    }

    [Theory]
    [InlineData("[[poll-fail:1]]", FailureClass.Temporary, "server-or-generation-failure")]
    [InlineData("[[poll-fail:1:429]]", FailureClass.RateLimit, "rate-limit")]
    [InlineData("[[poll-fail:1:401]]", FailureClass.Billing, "unauthorized")]
    [InlineData("[[poll-null:1]]", FailureClass.Temporary, "task-not-visible-yet")]
    [InlineData("[[drop:poll]]", FailureClass.Temporary, "network")]
    public async Task Poll_knob_maps_to_its_class(string marker, FailureClass expected, string rule)
    {
        await using var kie = await KieClientHarness.StartAsync([KieClientHarness.KeyA]);
        var key = kie.Key(KieClientHarness.KeyA);
        var created = await kie.Client.CreateTaskAsync(key, ZImage("a red fox " + marker));

        var poll = await kie.Client.GetTaskAsync(key, ApiFamily.Market, created.Value!);

        Assert.Equal((expected, rule), (poll.Failure!.Class, poll.Failure.Classification.Rule));
    }

    [Fact]
    public async Task Poll_that_hangs_times_out()
    {
        await using var kie = await KieClientHarness.StartAsync([KieClientHarness.KeyA], kie: new Dictionary<string, string?> { ["Kie:RequestTimeout"] = "1s" });
        var key = kie.Key(KieClientHarness.KeyA);
        var created = await kie.Client.CreateTaskAsync(key, ZImage("[[hang:poll]]"));

        var poll = await kie.Client.GetTaskAsync(key, ApiFamily.Market, created.Value!);

        Assert.Equal(("timeout", false), (poll.Failure!.Classification.Rule, poll.Failure.Classification.OutcomeUncertain));
    }

    [Fact]
    public async Task Recently_created_task_reads_recordinfo_is_null_as_not_visible_yet()
    {
        await using var kie = await KieClientHarness.StartAsync([KieClientHarness.KeyA], o => o.Durations = new NeuroActors.Sandbox.Kie.KieStageDurations(TimeSpan.FromSeconds(30), TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero));
        var key = kie.Key(KieClientHarness.KeyA);
        var created = await kie.Client.CreateTaskAsync(key, ZImage("a quiet lake"));

        var poll = await kie.Client.GetTaskAsync(key, ApiFamily.Market, created.Value!);

        Assert.Equal(("task-not-visible-yet", true), (poll.Failure!.Classification.Rule, poll.Failure.Classification.Retry));
    }

    [Fact]
    public async Task Unknown_model_is_an_unknown_failure_for_the_admins()
    {
        await using var kie = await KieClientHarness.StartAsync([KieClientHarness.KeyA]);

        var result = await kie.Client.CreateTaskAsync(kie.Key(KieClientHarness.KeyA), KieCreateRequest.Market("veo3", new JsonObject { ["prompt"] = "x" }));

        Assert.Equal(("model-not-supported", true), (result.Failure!.Classification.Rule, result.Failure.Classification.AlertAdmins));
    }

    [Fact]
    public async Task Missing_required_input_answered_as_500_is_invalid_input_not_a_retry()
    {
        await using var kie = await KieClientHarness.StartAsync([KieClientHarness.KeyA]);

        var result = await kie.Client.CreateTaskAsync(kie.Key(KieClientHarness.KeyA), KieCreateRequest.Market("z-image", new JsonObject { ["prompt"] = "x" }));

        Assert.Equal((FailureClass.UserViolation, FailureTextKeys.InvalidInput, false), (result.Failure!.Class, result.Failure.Classification.TextKey, result.Failure.Classification.Retry));
    }

    [Fact]
    public async Task Key_the_service_does_not_know_is_unauthorized_billing()
    {
        await using var kie = await KieClientHarness.StartAsync([KieClientHarness.KeyA]);

        var result = await kie.Client.GetCreditsAsync(new KieApiKey("not-a-key-of-this-account-zzzz"));

        Assert.Equal((FailureClass.Billing, KieKeyEffect.DisableUnauthorized), (result.Failure!.Class, result.Failure.Classification.KeyEffect));
    }

    [Fact]
    public async Task Foreign_url_for_download_is_refused_as_unknown()
    {
        await using var kie = await KieClientHarness.StartAsync([KieClientHarness.KeyA]);

        var result = await kie.Gateway.GetDownloadUrlAsync("https://example.com/not-from-kie.png");

        Assert.Equal(("download-url-refused", FailureClass.Unknown), (result.Failure!.Classification.Rule, result.Failure.Class));
    }
}
