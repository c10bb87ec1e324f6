using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Failures;
using NeuroActors.Domain.Kie;
using NeuroActors.Kie;

namespace NeuroActors.Tests.Kie;

public sealed class KieTaskConclusionTests
{
    [Fact]
    public void A_success_carries_its_results()
    {
        var conclusion = KieTaskConclusion.Of(Outcome(KieTaskPhase.Succeeded, "success", ["http://kie.test/r/1.png"]));

        Assert.True(conclusion.Succeeded);
        Assert.Equal(["http://kie.test/r/1.png"], conclusion.ResultUrls);
    }

    [Fact]
    public void A_classified_failure_keeps_its_verdict()
    {
        var verdict = KieFailureClassifier.Classify(KieFailureEvidence.Task(KieOperation.QueryTask, "400", "content policy violation"));
        var conclusion = KieTaskConclusion.Of(Outcome(KieTaskPhase.Failed, "fail", []) with
        {
            FailCode = "400",
            FailMessage = "content policy violation",
            Failure = verdict,
        });

        Assert.False(conclusion.Succeeded);
        Assert.Equal((verdict.Class, verdict.TextKey, verdict.Retry, verdict.AlertAdmins), (conclusion.FailureClass, conclusion.FailureTextKey, conclusion.Retry, conclusion.AlertAdmins));
        Assert.Equal("content policy violation", conclusion.Detail);
    }

    [Fact]
    public void An_unclassified_failure_is_unknown_final_and_alerts_admins()
    {
        var conclusion = KieTaskConclusion.Of(Outcome(KieTaskPhase.Failed, "fail", []));

        Assert.Equal(
            (false, FailureClass.Unknown, FailureTextKeys.Unknown, false, true),
            (conclusion.Succeeded, conclusion.FailureClass, conclusion.FailureTextKey, conclusion.Retry, conclusion.AlertAdmins));
    }

    [Theory]
    [InlineData("boom", "501", "fail", "boom")]
    [InlineData(null, "501", "fail", "501")]
    [InlineData(null, null, "fail", "fail")]
    public void The_detail_is_the_message_else_the_code_else_the_state(string? message, string? code, string state, string detail)
    {
        var conclusion = KieTaskConclusion.Of(Outcome(KieTaskPhase.Failed, state, []) with { FailMessage = message, FailCode = code });

        Assert.Equal(detail, conclusion.Detail);
    }

    [Fact]
    public void A_pending_outcome_concludes_nothing()
    {
        Assert.Throws<ArgumentException>(() => KieTaskConclusion.Of(Outcome(KieTaskPhase.Pending, "generating", [])));
    }

    private static KieTaskOutcome Outcome(KieTaskPhase phase, string state, IReadOnlyList<string> urls) =>
        new(ApiFamily.Market, "task-1", phase, state, urls);
}
