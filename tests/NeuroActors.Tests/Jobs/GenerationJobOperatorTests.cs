using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Time.Testing;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Failures;
using NeuroActors.Domain.Kie;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Tests.Jobs;

/// <summary>What a job tells operators (summary, story) and an operator's cancel.</summary>
public sealed class GenerationJobOperatorTests : TestKit
{
    private const string OrderId = "H8K2QXMNPA";
    private const string RequestId = OrderId + "-1";
    private const long UserId = 4545;
    private const string ImageModel = "google/nano-banana";

    private static readonly JobSettings Settings = new(
        new RetrySchedule([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)]),
        new PollSchedule([(TimeSpan.Zero, TimeSpan.FromSeconds(10))], TimeSpan.FromHours(3)),
        new Dictionary<MediaKind, TimeSpan> { [MediaKind.Image] = TimeSpan.FromMinutes(10) },
        AdoptWindow: TimeSpan.FromMinutes(2),
        ReportEvery: TimeSpan.FromSeconds(30));

    private readonly FakeTimeProvider _clock = AggregateTestKit.Clock();
    private readonly TestProbe _users;
    private readonly TestProbe _submits;
    private readonly TestProbe _passivations;
    private readonly ScriptedKieGateway _kie;
    private readonly JobPorts _ports;

    public GenerationJobOperatorTests() : base(AggregateTestKit.Config)
    {
        _users = CreateTestProbe("users");
        _users.IgnoreMessages(message => message is ReportJobProgress);
        _submits = CreateTestProbe("submits");
        _passivations = CreateTestProbe("passivations");
        _kie = new ScriptedKieGateway(_submits.Ref, _clock);
        _ports = new JobPorts(_kie, AggregateTestKit.Menu(), new FakeTelegramFiles(), (family, jobKey) => $"http://node.test/kie/callback/{family}/{jobKey}/t", Settings, _clock);
    }

    [Fact]
    public void The_story_shows_each_attempt_with_its_task_key_failure_and_retry()
    {
        var job = Generating("task-1");
        var failedAt = _clock.GetUtcNow();
        job.Tell(new KieCallbackReceived(RequestId, 1, "task-1", Final: true, Succeeded: false, [], null, FailureClass.Temporary, FailureTextKeys.Temporary, Retry: true, AlertAdmins: false, "upstream 503"));
        ExpectMsg<KieCallbackTaken>(); // as the callback endpoint waits for it
        Story(job);
        this.Advance(_clock, Settings.Retry.Delays[0]);
        _submits.ExpectMsg<PendingSubmit>().Succeed("task-2");
        AwaitSubmitted(job, "task-2");

        var story = Story(job);

        Assert.Equal((RequestId, UserId, OrderId, ImageModel, 2), (story.Summary.RequestId, story.Summary.UserId, story.Summary.OrderId, story.Summary.ModelId, story.Summary.Attempts));
        Assert.Equal(2, story.Attempts.Count);
        var first = story.Attempts[0];
        Assert.Equal(("task-1", "key-a", FailureClass.Temporary, "upstream 503"), (first.TaskId, first.KeyId, first.FailureClass, first.Detail));
        Assert.Equal(failedAt + Settings.Retry.Delays[0], first.RetryAt);
        Assert.Equal(("task-2", null), (story.Attempts[1].TaskId, story.Attempts[1].FailureClass));
        Assert.Null(story.Outcome);
    }

    [Fact]
    public void An_operator_cancel_ends_a_running_job_cancelled_reports_it_to_the_user_and_a_second_cancel_is_refused()
    {
        var job = Generating("task-1");

        job.Tell(new CancelJob(RequestId, "operator:127.0.0.1"), TestActor);
        var reply = ExpectMsg<JobCancelReply>();
        var report = _users.ExpectMsg<ReportJobFinished>();

        Assert.Equal((JobCancelOutcome.Cancelled, "cancelled"), (reply.Outcome, reply.State));
        Assert.Equal((UserId, OrderId, 1, VariantStage.Cancelled), (report.UserId, report.OrderId, report.Index, report.Outcome.Stage));
        job.Tell(new CancelJob(RequestId, "operator:127.0.0.1"), TestActor);
        Assert.Equal(JobCancelOutcome.AlreadyFinished, ExpectMsg<JobCancelReply>().Outcome);
        Assert.Equal("cancelled by operator:127.0.0.1", Story(job).Detail);
    }

    [Fact]
    public void A_question_about_a_job_that_does_not_exist_says_so_and_the_entity_it_created_goes_away()
    {
        var job = Host();

        job.Tell(new GetJobSummary(RequestId), TestActor);

        Assert.False(ExpectMsg<JobSummary>().Exists);
        _passivations.ExpectMsg<EntityHost.Passivated>();
    }

    [Theory]
    [InlineData(JobPhase.Queued, null, false, "queued")]
    [InlineData(JobPhase.Submitting, null, true, "waiting-for-key")]
    [InlineData(JobPhase.Submitting, null, false, "running")]
    [InlineData(JobPhase.Generating, null, false, "running")]
    [InlineData(JobPhase.Finished, VariantStage.Failed, false, "failed")]
    [InlineData(JobPhase.Finished, VariantStage.Done, false, "delivering")]
    [InlineData(JobPhase.Finished, VariantStage.Cancelled, false, "cancelled")]
    [InlineData(JobPhase.Settled, VariantStage.Done, false, "settled")]
    public void Operator_states_name_where_a_job_stands(JobPhase phase, VariantStage? stage, bool waitingForKey, string expected)
    {
        var outcome = stage is { } s ? new VariantOutcome(s, []) : null;

        Assert.Equal(expected, JobStory.OperatorState(phase, outcome, waitingForKey));
    }

    private IActorRef Host() =>
        Sys.ActorOf(Props.Create(() => new EntityHost(Props.Create(() => new GenerationJobActor(RequestId, _ports, _users.Ref)), _passivations.Ref)));

    private IActorRef Generating(string taskId)
    {
        var job = Host();
        job.Tell(new StartJob(new JobSpec(RequestId, OrderId, 1, UserId, ImageModel, MediaKind.Image, "a red fox", null, Language.English)));
        _submits.ExpectMsg<PendingSubmit>().Succeed(taskId);
        AwaitSubmitted(job, taskId);
        return job;
    }

    /// <summary>The create's answer reaches the job through its mailbox some time after the test gives it: wait for its effect.</summary>
    private void AwaitSubmitted(IActorRef job, string taskId) =>
        AwaitAssert(() => Assert.Equal(taskId, Story(job).Attempts is { Count: > 0 } attempts ? attempts[^1].TaskId : null), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));

    private JobStoryReply Story(IActorRef job)
    {
        job.Tell(new GetJobStory(RequestId), TestActor);
        return ExpectMsg<JobStoryReply>();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _kie.Dispose();
        }

        base.Dispose(disposing);
    }
}
