using Akka.Actor;
using Akka.Hosting;
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

public sealed class GenerationJobActorTests : TestKit
{
    private const string OrderId = "G7K2QXMNPA";
    private const string RequestId = OrderId + "-1";
    private const long UserId = 4242;
    private const string ImageModel = "google/nano-banana";
    private const string VideoModel = "veo3-fast/text-to-video";

    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private static readonly JobSettings Settings = new(
        new RetrySchedule([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)]),
        new PollSchedule([(TimeSpan.Zero, TimeSpan.FromSeconds(10))], TimeSpan.FromHours(3)),
        new Dictionary<MediaKind, TimeSpan>
        {
            [MediaKind.Image] = TimeSpan.FromMinutes(10),
            [MediaKind.Video] = TimeSpan.FromMinutes(40),
        },
        AdoptWindow: TimeSpan.FromMinutes(2),
        ReportEvery: TimeSpan.FromSeconds(30));

    private readonly FakeTimeProvider _clock = AggregateTestKit.Clock();
    private readonly TestProbe _users;
    private readonly TestProbe _callbacks;
    private readonly TestProbe _submits;
    private readonly TestProbe _passivations;
    private readonly ScriptedKieGateway _kie;
    private readonly FakeTelegramFiles _files = new();
    private readonly JobPorts _ports;

    public GenerationJobActorTests() : base(AggregateTestKit.Config)
    {
        _users = CreateTestProbe("users");
        _callbacks = CreateTestProbe("callbacks");
        _users.IgnoreMessages(message => message is ReportJobProgress);
        _submits = CreateTestProbe("submits");
        _passivations = CreateTestProbe("passivations");
        _kie = new ScriptedKieGateway(_submits.Ref, _clock);
        _ports = new JobPorts(
            _kie,
            AggregateTestKit.Menu(),
            _files,
            (family, jobKey) => $"http://node.test/kie/callback/{family}/{jobKey}/secret-token",
            Settings,
            _clock);
    }

    [Fact]
    public void Happy_path_submits_once_reports_done_until_acknowledged_then_passivates()
    {
        var job = StartJob();
        var submit = NextSubmit();
        Assert.Contains("/kie/callback/Market/" + RequestId + ".1/", submit.Request.CallbackUrl, StringComparison.Ordinal);
        submit.Succeed("task-1");
        AwaitPhase(job, JobPhase.Generating);
        Assert.Equal("task-1", Status(job).TaskId);

        Callback(job, Succeeded(1, "task-1", "http://kie.test/r/1.png"));
        var report = NextReport();
        Assert.Equal((UserId, OrderId, 1, ImageModel), (report.UserId, report.OrderId, report.Index, report.ModelId));
        Assert.Equal(VariantStage.Done, report.Outcome.Stage);
        Assert.Equal(["http://kie.test/r/1.png"], report.Outcome.ResultUrls);

        AdvanceAfter(job, Settings.ReportEvery);
        Assert.Equal(VariantStage.Done, NextReport().Outcome.Stage);
        AdvanceAfter(job, Settings.ReportEvery * 2);
        Assert.Equal(VariantStage.Done, NextReport().Outcome.Stage);

        job.Tell(new JobFinishedAck(RequestId), _users.Ref);
        _passivations.ExpectMsg<EntityHost.Passivated>();
        this.Advance(_clock, Settings.ReportEvery * 4);
        _users.ExpectNoMsg(Quiet);
        Assert.Equal(1, _kie.SubmitCount);
    }

    [Fact]
    public void Unacknowledged_reports_are_repeated_ever_less_often_up_to_the_ceiling()
    {
        var job = Generating();
        Callback(job, Succeeded(1, "task-1", "http://kie.test/r/1.png"));
        NextReport();

        // Settings.ReportEvery is 30 s: the repeats come after 30 s, 1, 2, 4 min, then every 5 min (the ceiling).
        TimeSpan[] expected = [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5)];
        foreach (var wait in expected)
        {
            AdvanceAfter(job, wait - TimeSpan.FromSeconds(1));
            Status(job); // every timer due so far has fired and been handled: a report now would be early
            AssertNoReportYet();
            AdvanceAfter(job, TimeSpan.FromSeconds(1));
            Assert.Equal(VariantStage.Done, NextReport().Outcome.Stage);
        }

        job.Tell(new JobFinishedAck(RequestId), _users.Ref);
        _passivations.ExpectMsg<EntityHost.Passivated>();
    }

    [Fact]
    public void StartJob_twice_submits_once()
    {
        var job = StartJob();
        job.Tell(new StartJob(Spec()));
        NextSubmit().Succeed("task-1");
        AwaitPhase(job, JobPhase.Generating);
        job.Tell(new StartJob(Spec()));

        Assert.Equal(nameof(JobPhase.Generating), Status(job).Phase);
        _submits.ExpectNoMsg(Quiet);
        Assert.Equal(1, _kie.SubmitCount);
    }

    [Fact]
    public void A_duplicate_final_callback_reports_once()
    {
        var job = Generating();
        Callback(job, Succeeded(1, "task-1", "http://kie.test/r/1.png"));
        Callback(job, Succeeded(1, "task-1", "http://kie.test/r/1.png"));

        Assert.Equal(VariantStage.Done, NextReport().Outcome.Stage);
        Status(job);
        _users.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void A_failed_callback_of_an_older_attempt_is_ignored()
    {
        var job = OnSecondAttempt();

        Callback(job, Failed(1, "task-1", FailureClass.Temporary, FailureTextKeys.Temporary, retry: true));

        var status = Status(job);
        Assert.Equal(nameof(JobPhase.Generating), status.Phase);
        Assert.Equal("task-2", status.TaskId);
        _users.ExpectNoMsg(Quiet);
        _submits.ExpectNoMsg(Quiet);
        Assert.Equal(2, _kie.SubmitCount);
    }

    [Fact]
    public void A_success_of_an_older_attempt_is_taken()
    {
        var job = OnSecondAttempt();

        Callback(job, Succeeded(1, "task-1", "http://kie.test/late/1.png"));

        var report = NextReport();
        Assert.Equal(VariantStage.Done, report.Outcome.Stage);
        Assert.Equal(["http://kie.test/late/1.png"], report.Outcome.ResultUrls);
        Assert.Equal(nameof(JobPhase.Finished), Status(job).Phase);
    }

    [Fact]
    public void A_success_of_an_older_attempt_while_the_next_one_waits_for_a_key_ends_the_job_and_gives_up_the_wait()
    {
        var job = Generating();
        Callback(job, Failed(1, "task-1", FailureClass.Temporary, FailureTextKeys.Temporary, retry: true));
        AwaitPhase(job, JobPhase.Queued);
        AdvanceAfter(job, Settings.Retry.Delays[0]);
        var second = NextSubmit();
        second.HoldUntilCancelled();
        Assert.Equal(nameof(JobPhase.Submitting), Status(job).Phase);

        Callback(job, Succeeded(1, "task-1", "http://kie.test/late/1.png"));

        Assert.Equal(["http://kie.test/late/1.png"], NextReport().Outcome.ResultUrls);
        Status(job);
        Assert.True(second.WaitCancelled, "the pool would still create the second task after the job had its result");
    }

    [Fact]
    public void An_uncertain_submit_whose_callback_comes_within_the_adopt_window_is_adopted_without_a_new_submit()
    {
        var job = StartJob();
        LoseAnswer(job, NextSubmit(), KieFailureEvidence.Timeout(KieOperation.CreateTask));
        Assert.Equal(nameof(JobPhase.Submitting), Status(job).Phase);

        AdvanceAfter(job, Settings.AdoptWindow - TimeSpan.FromSeconds(1));
        Status(job);
        _submits.ExpectNoMsg(Quiet);

        Callback(job, Succeeded(1, "task-made-anyway", "http://kie.test/r/adopted.png"));
        var report = NextReport();
        Assert.Equal(VariantStage.Done, report.Outcome.Stage);
        Assert.Equal(["http://kie.test/r/adopted.png"], report.Outcome.ResultUrls);

        AdvanceAfter(job, Settings.AdoptWindow * 2);
        Status(job);
        _submits.ExpectNoMsg(Quiet);
        Assert.Equal(1, _kie.SubmitCount);
    }

    [Fact]
    public void An_uncertain_submit_without_a_callback_makes_exactly_one_new_attempt_after_the_adopt_window()
    {
        var job = StartJob();
        LoseAnswer(job, NextSubmit(), KieFailureEvidence.Transport(KieOperation.CreateTask, requestSent: true, "connection reset"));

        AdvanceAfter(job, Settings.AdoptWindow - TimeSpan.FromSeconds(1));
        Assert.Equal(nameof(JobPhase.Submitting), Status(job).Phase);
        _submits.ExpectNoMsg(Quiet);

        AdvanceAfter(job, TimeSpan.FromSeconds(1));
        AdvanceAfter(job, Settings.Retry.Delays[0]);
        var second = NextSubmit();
        Assert.Equal(2, second.Number);
        Assert.Contains("/" + RequestId + ".2/", second.Request.CallbackUrl, StringComparison.Ordinal);
        second.Succeed("task-2");
        AwaitPhase(job, JobPhase.Generating);

        AdvanceAfter(job, Settings.AdoptWindow * 2);
        Assert.Equal("task-2", Status(job).TaskId);
        _submits.ExpectNoMsg(Quiet);
        Assert.Equal(2, _kie.SubmitCount);
    }

    [Fact]
    public void A_job_restarted_while_submitting_waits_the_adopt_window_before_a_new_attempt()
    {
        var job = StartJob();
        NextSubmit(); // the node dies before createTask answers
        Assert.Equal(nameof(JobPhase.Submitting), Status(job).Phase);

        job = Restart(job);
        Assert.Equal(nameof(JobPhase.Submitting), Status(job).Phase);
        _submits.ExpectNoMsg(Quiet);

        AdvanceAfter(job, Settings.AdoptWindow - TimeSpan.FromSeconds(1));
        Status(job);
        _submits.ExpectNoMsg(Quiet);

        AdvanceAfter(job, TimeSpan.FromSeconds(1));
        Assert.Equal(nameof(JobPhase.Queued), Status(job).Phase);
        AdvanceAfter(job, Settings.Retry.Delays[0]);
        var second = NextSubmit();
        Assert.Equal(2, second.Number);
        Assert.Contains("/" + RequestId + ".2/", second.Request.CallbackUrl, StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_restarted_while_submitting_adopts_the_callback_of_that_attempt()
    {
        var job = StartJob();
        NextSubmit();
        Status(job);

        job = Restart(job);
        Callback(job, Succeeded(1, "task-made-anyway", "http://kie.test/r/adopted.png"));

        Assert.Equal(VariantStage.Done, NextReport().Outcome.Stage);
        AdvanceAfter(job, Settings.AdoptWindow * 2);
        Status(job);
        _submits.ExpectNoMsg(Quiet);
        Assert.Equal(1, _kie.SubmitCount);
    }

    [Fact]
    public void Temporary_failures_retry_on_the_schedule_and_the_last_one_fails_the_job_with_its_class_and_text()
    {
        var serverError = KieFailureEvidence.Response(KieOperation.CreateTask, 200, 500, "Server error");
        var job = StartJob();
        NextSubmit().Fail(serverError);
        AwaitPhase(job, JobPhase.Queued);

        AdvanceAfter(job, Settings.Retry.Delays[0] - TimeSpan.FromSeconds(1));
        Status(job);
        _submits.ExpectNoMsg(Quiet);
        AdvanceAfter(job, TimeSpan.FromSeconds(1));
        NextSubmit().Fail(serverError);
        AwaitPhase(job, JobPhase.Queued);

        AdvanceAfter(job, Settings.Retry.Delays[1] - TimeSpan.FromSeconds(1));
        Status(job);
        _submits.ExpectNoMsg(Quiet);
        AdvanceAfter(job, TimeSpan.FromSeconds(1));
        NextSubmit().Fail(serverError);

        var report = NextReport();
        Assert.Equal(VariantStage.Failed, report.Outcome.Stage);
        Assert.Equal(FailureClass.Temporary, report.Outcome.FailureClass);
        Assert.Equal(FailureTextKeys.Temporary, report.Outcome.FailureTextKey);
        Assert.Equal(3, report.Outcome.Attempts);

        AdvanceAfter(job, TimeSpan.FromMinutes(5));
        Status(job);
        _submits.ExpectNoMsg(Quiet);
        Assert.Equal(3, _kie.SubmitCount);
    }

    [Fact]
    public void A_user_violation_fails_the_job_at_once_without_a_retry()
    {
        var job = StartJob();
        NextSubmit().Fail(KieFailureEvidence.Response(KieOperation.CreateTask, 200, 400, "Your prompt was flagged by the moderation system"));

        var report = NextReport();
        Assert.Equal(VariantStage.Failed, report.Outcome.Stage);
        Assert.Equal(FailureClass.UserViolation, report.Outcome.FailureClass);
        Assert.Equal(FailureTextKeys.ContentPolicy, report.Outcome.FailureTextKey);
        Assert.Equal(1, report.Outcome.Attempts);

        AdvanceAfter(job, TimeSpan.FromMinutes(5));
        Status(job);
        _submits.ExpectNoMsg(Quiet);
        Assert.Equal(1, _kie.SubmitCount);
    }

    [Fact]
    public void Cancel_while_the_submit_waits_for_a_key_ends_the_job_cancelled_without_a_task()
    {
        var job = StartJob();
        NextSubmit().HoldUntilCancelled();
        Assert.Equal(nameof(JobPhase.Submitting), Status(job).Phase);

        job.Tell(new CancelJobIfQueued(RequestId));

        var report = NextReport();
        Assert.Equal(VariantStage.Cancelled, report.Outcome.Stage);
        var status = Status(job);
        Assert.Equal(nameof(JobPhase.Finished), status.Phase);
        Assert.Null(status.TaskId);
        Assert.Equal(1, _kie.SubmitCount);
    }

    [Fact]
    public void Cancel_after_the_task_was_submitted_lets_the_job_run_on()
    {
        var job = Generating();

        job.Tell(new CancelJobIfQueued(RequestId));
        Assert.Equal(nameof(JobPhase.Generating), Status(job).Phase);
        _users.ExpectNoMsg(Quiet);

        Callback(job, Succeeded(1, "task-1", "http://kie.test/r/1.png"));
        Assert.Equal(VariantStage.Done, NextReport().Outcome.Stage);
    }

    [Theory]
    [InlineData(ImageModel, MediaKind.Image, 10)]
    [InlineData(VideoModel, MediaKind.Video, 40)]
    public void A_job_not_finished_within_its_kinds_timeout_fails_timed_out(string model, MediaKind kind, int timeoutMinutes)
    {
        var job = Generating(model, kind);

        AdvanceAfter(job, TimeSpan.FromMinutes(timeoutMinutes - 1));
        Assert.Equal(nameof(JobPhase.Generating), Status(job).Phase);
        _users.ExpectNoMsg(Quiet);

        AdvanceAfter(job, TimeSpan.FromMinutes(1));
        var report = NextReport();
        Assert.Equal(VariantStage.Failed, report.Outcome.Stage);
        Assert.Equal(FailureTextKeys.TimedOut, report.Outcome.FailureTextKey);
        Assert.Equal(nameof(JobPhase.Finished), Status(job).Phase);
    }

    [Fact]
    public void A_job_that_times_out_while_waiting_for_a_key_gives_up_the_wait_so_no_task_is_created_after_the_refund()
    {
        var job = StartJob();
        var submit = NextSubmit();
        submit.HoldUntilCancelled();
        Assert.Equal(nameof(JobPhase.Submitting), Status(job).Phase);

        AdvanceAfter(job, Settings.TimeoutFor(MediaKind.Image));

        var report = NextReport();
        Assert.Equal(FailureTextKeys.TimedOut, report.Outcome.FailureTextKey);
        Status(job);
        Assert.True(submit.WaitCancelled, "the pool still holds the job's place in line and would create a task nobody pays for");
    }

    [Fact]
    public void A_job_restarted_between_attempts_retries_when_its_retry_was_due()
    {
        var job = StartJob();
        NextSubmit().Fail(KieFailureEvidence.Response(KieOperation.CreateTask, 200, 500, "Server error"));
        AwaitPhase(job, JobPhase.Queued);
        AdvanceAfter(job, TimeSpan.FromSeconds(4));

        job = Restart(job);
        AdvanceAfter(job, Settings.Retry.Delays[0] - TimeSpan.FromSeconds(5));
        Status(job);
        _submits.ExpectNoMsg(Quiet);

        AdvanceAfter(job, TimeSpan.FromSeconds(1));
        var second = NextSubmit();
        Assert.Equal(2, second.Number);
        Assert.Contains("/" + RequestId + ".2/", second.Request.CallbackUrl, StringComparison.Ordinal);
    }

    [Fact]
    public void A_photo_is_fetched_and_uploaded_once_and_every_attempt_sends_its_url()
    {
        var job = Host();
        job.Tell(new StartJob(Spec("google/nano-banana-edit") with { ImageFileId = "tg-photo-1" }));
        var first = NextSubmit();
        Assert.Contains("http://files.test/inputs/" + RequestId + "-tg-photo-1.png", first.Request.Input.ToJsonString(), StringComparison.Ordinal);
        first.Fail(KieFailureEvidence.Response(KieOperation.CreateTask, 200, 500, "Server error"));
        AwaitPhase(job, JobPhase.Queued);

        AdvanceAfter(job, Settings.Retry.Delays[0]);
        var second = NextSubmit();
        Assert.Contains("http://files.test/inputs/" + RequestId + "-tg-photo-1.png", second.Request.Input.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(["tg-photo-1"], _files.Downloads);
    }

    [Fact]
    public void A_finished_job_that_was_not_acknowledged_reports_again_after_a_restart()
    {
        var job = Generating();
        Callback(job, Succeeded(1, "task-1", "http://kie.test/r/1.png"));
        NextReport();

        job = Restart(job);

        var report = NextReport();
        Assert.Equal(VariantStage.Done, report.Outcome.Stage);
        Assert.Equal(["http://kie.test/r/1.png"], report.Outcome.ResultUrls);
        job.Tell(new JobFinishedAck(RequestId), _users.Ref);
        _passivations.ExpectMsg<EntityHost.Passivated>();
        Assert.Equal(1, _kie.SubmitCount);
    }

    [Fact]
    public void A_settled_job_passivates_when_it_starts_again()
    {
        var job = Generating();
        Callback(job, Succeeded(1, "task-1", "http://kie.test/r/1.png"));
        NextReport();
        job.Tell(new JobFinishedAck(RequestId), _users.Ref);
        _passivations.ExpectMsg<EntityHost.Passivated>();

        job = Restart(job);

        _passivations.ExpectMsg<EntityHost.Passivated>();
        _users.ExpectNoMsg(Quiet);
        _submits.ExpectNoMsg(Quiet);
    }

    // ---------- helpers ----------
    private static JobSpec Spec(string model = ImageModel, MediaKind kind = MediaKind.Image) =>
        new(RequestId, OrderId, 1, UserId, model, kind, "a red fox in snow, watercolor", null, Language.English);

    private IActorRef Host() =>
        Sys.ActorOf(Props.Create(() => new EntityHost(Props.Create(() => new GenerationJobActor(RequestId, _ports, _users.Ref)), _passivations.Ref)));

    private IActorRef StartJob(string model = ImageModel, MediaKind kind = MediaKind.Image)
    {
        var job = Host();
        job.Tell(new StartJob(Spec(model, kind)));
        return job;
    }

    /// <summary>Started, submitted as task-1, waiting for the outcome.</summary>
    private IActorRef Generating(string model = ImageModel, MediaKind kind = MediaKind.Image)
    {
        var job = StartJob(model, kind);
        NextSubmit().Succeed("task-1");
        AwaitPhase(job, JobPhase.Generating);
        return job;
    }

    /// <summary>Attempt 1 (task-1) failed by its callback; attempt 2 runs as task-2.</summary>
    private IActorRef OnSecondAttempt()
    {
        var job = Generating();
        Callback(job, Failed(1, "task-1", FailureClass.Temporary, FailureTextKeys.Temporary, retry: true));
        Assert.Equal(nameof(JobPhase.Queued), Status(job).Phase);
        AdvanceAfter(job, Settings.Retry.Delays[0]);
        var second = NextSubmit();
        Assert.Equal(2, second.Number);
        second.Succeed("task-2");
        AwaitPhase(job, JobPhase.Generating);
        var status = Status(job);
        Assert.Equal((nameof(JobPhase.Generating), "task-2", 2), (status.Phase, status.TaskId, status.Attempts));
        return job;
    }

    private IActorRef Restart(IActorRef job)
    {
        var watcher = CreateTestProbe();
        watcher.Watch(job);
        Sys.Stop(job);
        watcher.ExpectTerminated(job);
        return Host();
    }

    /// <summary>Asks the job where it stands; the answer also proves it handled everything sent to it before.</summary>
    private JobStatusReply Status(IActorRef job)
    {
        job.Tell(new GetJobStatus(RequestId), TestActor);
        return ExpectMsg<JobStatusReply>();
    }

    /// <summary>Lets the job set its timers for what it has been told, then moves time on.</summary>
    private void AdvanceAfter(IActorRef job, TimeSpan by)
    {
        Status(job);
        this.Advance(_clock, by);
    }

    private PendingSubmit NextSubmit() => _submits.ExpectMsg<PendingSubmit>();

    /// <summary>A port's answer reaches the job through its mailbox some time after the test gives it: wait for its effect.</summary>
    private void AwaitPhase(IActorRef job, JobPhase phase) =>
        AwaitAssert(() => Assert.Equal(phase.ToString(), Status(job).Phase), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));

    /// <summary>Answers the submit as lost and returns once the job has started waiting for the attempt's callback.</summary>
    private void LoseAnswer(IActorRef job, PendingSubmit submit, KieFailureEvidence evidence)
    {
        EventFilter.Warning(contains: "outcome is unknown").ExpectOne(() => submit.Fail(evidence));
        Status(job);
    }

    /// <summary>A callback as the endpoint hands it over: the job must say it has it (else KIE would be told to retry).</summary>
    private void Callback(IActorRef job, KieCallbackReceived callback)
    {
        job.Tell(callback, _callbacks.Ref);
        _callbacks.ExpectMsg<KieCallbackTaken>(taken => taken.RequestId == callback.RequestId);
    }

    private ReportJobFinished NextReport() => _users.ExpectMsg<ReportJobFinished>();

    /// <summary>Call once the job has handled everything sent so far: whatever it reported is in the probe's queue by now.</summary>
    private void AssertNoReportYet() => Assert.False(_users.HasMessages, "a report came before its time");

    private static KieCallbackReceived Succeeded(int attempt, string taskId, params string[] urls) =>
        new(RequestId, attempt, taskId, Final: true, Succeeded: true, urls, 100, null, null, Retry: false, AlertAdmins: false, null);

    private static KieCallbackReceived Failed(int attempt, string taskId, FailureClass failureClass, string textKey, bool retry) =>
        new(RequestId, attempt, taskId, Final: true, Succeeded: false, [], null, failureClass, textKey, retry, AlertAdmins: false, "generation failed");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _kie.Dispose();
        }

        base.Dispose(disposing);
    }
}
