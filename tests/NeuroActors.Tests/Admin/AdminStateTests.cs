using NeuroActors.Actors.Admin;
using NeuroActors.Domain.Admin;
using NeuroActors.Domain.Broadcasts;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Tests.Admin;

public sealed class AdminStateTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 15, 30, 0, TimeSpan.Zero);

    private static AdminActionRecorded Audit(long updateId, AdminActionKind kind, string target) =>
        new(updateId, 1, kind, target, 0, "why", 1, Language.English, At);

    [Fact]
    public void An_audited_action_stays_pending_until_completed_and_an_update_once_handled_stays_handled()
    {
        var state = AdminState.Empty(1)
            .Apply(new AdminUpdateRecorded(10, At))
            .Apply(Audit(10, AdminActionKind.Grant, "1234"));

        Assert.True(state.Handled.IsHandled(10, At));
        Assert.Equal([10L], state.Pending.Select(p => p.UpdateId));
        Assert.Equal("tg:10", state.Pending[0].ActionId);
        Assert.Equal("admin:1", state.Pending[0].By);

        var done = state.Apply(new AdminActionCompleted(10, "Applied", At));
        Assert.Empty(done.Pending);
        Assert.True(done.Handled.IsHandled(10, At));
    }

    [Fact]
    public void A_draft_goes_from_content_to_audience_and_closes_and_a_started_broadcast_is_remembered()
    {
        var content = new BroadcastContent("<b>News</b>", null);
        var state = AdminState.Empty(1)
            .Apply(new BroadcastDrafted(50, At))
            .Apply(new BroadcastContentSet(50, content))
            .Apply(new BroadcastAudienceChosen(50, BroadcastAudience.Russian));
        Assert.Equal(new BroadcastDraft(50, content, BroadcastAudience.Russian), state.Draft);

        // Events of an older draft do not touch the current one.
        Assert.Equal(state.Draft, state.Apply(new BroadcastContentSet(49, new BroadcastContent("old", null))).Draft);

        var started = state
            .Apply(Audit(51, AdminActionKind.BroadcastStart, "50") with { Content = content, Audience = BroadcastAudience.Russian })
            .Apply(new BroadcastDraftClosed(50, "confirmed", At));
        Assert.Null(started.Draft);
        Assert.Contains(50L, started.Started);
    }

    [Fact]
    public void Started_broadcasts_are_bounded()
    {
        var state = AdminState.Empty(1);
        for (var id = 1; id <= AdminState.StartedKept + 5; id++)
        {
            state = state.Apply(Audit(id, AdminActionKind.BroadcastStart, id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.Equal(AdminState.StartedKept, state.Started.Count);
        Assert.DoesNotContain(1L, state.Started);
        Assert.Contains((long)AdminState.StartedKept + 5, state.Started);
    }

    [Fact]
    public void A_key_incident_is_told_once_until_the_key_is_enabled_again_or_a_day_passes()
    {
        const string key = "****c0de#3f9a1b";
        var state = AdminState.Empty(1);
        Assert.True(state.IsNewKeyIncident(key, At));

        state = state.Apply(new KeyAlertRecorded(key, At));
        Assert.False(state.IsNewKeyIncident(key, At.AddMinutes(5))); // another node's pool, the same incident
        Assert.True(state.IsNewKeyIncident("****beef#000001", At.AddMinutes(5)));
        Assert.True(state.IsNewKeyIncident(key, At + AdminState.KeyAlertQuiet));

        var enabled = state.Apply(Audit(20, AdminActionKind.KeyOn, key));
        Assert.True(enabled.IsNewKeyIncident(key, At.AddMinutes(10)));
        Assert.Single(enabled.Pending);
    }
}
