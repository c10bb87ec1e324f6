using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Conversation;
using MediaKind = NeuroActors.Domain.Conversation.MediaKind;
using NeuroActors.Domain.Failures;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Telegram;
using NeuroActors.Kie;

namespace NeuroActors.Actors.Jobs;

/// <summary>
/// One variant of an order: one KIE task, sharded by request id, persistent, remembered (a node that dies takes no job
/// with it). It submits through the key pool, learns the outcome from KIE's callback or by polling, retries temporary
/// failures on the schedule, and then settles with its user as the job protocol says (<see cref="ReportJobFinished"/>
/// until <see cref="JobFinishedAck"/>); settled, it stops. createTask is called at most once per attempt: an attempt
/// whose create answer was lost waits for that attempt's own callback (adopting the task KIE created anyway) before a
/// new attempt starts.
/// </summary>
#pragma warning disable CA1001 // the key wait's token source is disposed in PostStop, the actor's end of life
public sealed class GenerationJobActor : ReceivePersistentActor, IWithTimers
{
    private const string PollTimer = "poll", RetryTimer = "retry", AdoptTimer = "adopt", ReportTimer = "report", TimeoutTimer = "timeout";
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly JobPorts _ports;
    private readonly IActorRef _users;
    private JobState _state = JobState.Empty;
    private CancellationTokenSource? _waitingForKey;
    private int _reportsSent; // since this incarnation started: after a restart the first re-reports come soon again
    private bool _pollInFlight;
    private int? _keyQueuePosition; // where the job stands in the key pool's line, while it waits for a key
    private (int? Position, int? Percent, Domain.Conversation.VariantStage Stage)? _lastProgress;

    /// <param name="requestId">The entity id.</param>
    /// <param name="ports">What the node gives every job.</param>
    /// <param name="users">The user shard region, where outcomes and progress are reported.</param>
    public GenerationJobActor(string requestId, JobPorts ports, IActorRef users)
    {
        _ports = ports;
        _users = users;
        PersistenceId = "job-" + requestId;

        Recover<SnapshotOffer>(offer => _state = (JobState)offer.Snapshot);
        Recover<IJobEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => Resume());

        Command<StartJob>(OnStart);
        Command<CancelJobIfQueued>(_ => OnCancel());
        Command<KieCallbackReceived>(OnCallback);
        Command<JobFinishedAck>(_ => OnAcknowledged());
        Command<GetJobStatus>(_ => Sender.Tell(new JobStatusReply(
            PersistenceId["job-".Length..], _state.Phase.ToString(), _state.Attempt, _state.Task?.TaskId, _state.Outcome, _state.Reported)));
        Command<BeginAttempt>(_ => Begin());
        Command<InputReady>(OnInputReady);
        Command<InputFailed>(OnInputFailed);
        Command<SubmitAnswered>(OnSubmitAnswered);
        Command<SubmitCancelled>(cancelled => OnSubmitCancelled(cancelled.Attempt));
        Command<QueuePositionChanged>(changed =>
        {
            _keyQueuePosition = changed.Position;
            Progress(VariantStage.Queued, changed.Position, null);
        });
        Command<GetJobSummary>(_ => AnswerOperator(() => Summary()));
        Command<GetJobStory>(_ => AnswerOperator(() => new JobStoryReply(
            Summary(), _state.Story?.Attempts ?? [], _state.Outcome, _state.Detail, _state.Story?.FinishedAt, _state.Story?.SettledAt, _state.Spec?.Prompt)));
        Command<CancelJob>(OnOperatorCancel);
        Command<PollNow>(_ => Poll());
        Command<PollAnswered>(OnPollAnswered);
        Command<AdoptWindowOver>(over => OnAdoptWindowOver(over.Attempt));
        Command<TimedOut>(_ => OnTimedOut());
        Command<ReportAgain>(_ => Report());
    }
#pragma warning restore CA1001

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _ports.Time.GetUtcNow();

    private JobSpec Spec => _state.Spec!;

    protected override void PostStop()
    {
        _waitingForKey?.Cancel();
        _waitingForKey?.Dispose();
        base.PostStop();
    }

    // ---------- start, resume, cancel ----------
    private void OnStart(StartJob start)
    {
        switch (_state.Phase)
        {
            case JobPhase.New:
                Persist(new JobAccepted(start.Spec, Now), e =>
                {
                    _state = _state.Apply(e);
                    _log.Info("Job {RequestId} accepted: model {ModelId}, user {UserId}", start.RequestId, start.Spec.ModelId, start.Spec.UserId);
                    ScheduleTimeout();
                    Begin();
                });
                break;
            case JobPhase.Finished:
                Report();
                break;
            case JobPhase.Settled:
                Passivate();
                break;
            default:
                // Running already: the user heard nothing since it asked (its StartJob or our progress went astray while
                // shards moved), so it asks again; tell it where the job stands.
                RepeatProgress();
                break;
        }
    }

    private void RepeatProgress()
    {
        var stage = _state.Phase == JobPhase.Generating ? Domain.Conversation.VariantStage.Generating : Domain.Conversation.VariantStage.Queued;
        var (position, percent, _) = _lastProgress ?? (null, null, stage);
        _lastProgress = null;
        Progress(stage, position, percent);
    }

    /// <summary>After a restart or a rebalance: carry on from where the events say the job stood.</summary>
    private void Resume()
    {
        switch (_state.Phase)
        {
            case JobPhase.New when LastSequenceNr > 0:
                Passivate(); // settled long ago and its events removed by housekeeping (a late callback woke it): nothing to do
                return;
            case JobPhase.New:
                return; // remembered but never started: the order's StartJob will come again
            case JobPhase.Queued when _state.RetryAt is { } retryAt:
                ScheduleTimeout();
                Timers.StartSingleTimer(RetryTimer, BeginAttempt.Instance, Positive(retryAt - Now));
                break;
            case JobPhase.Queued:
                ScheduleTimeout();
                Self.Tell(BeginAttempt.Instance);
                break;
            case JobPhase.Submitting:
                // The node died while createTask was on its way: KIE may have created the task. Wait for its callback.
                ScheduleTimeout();
                Timers.StartSingleTimer(AdoptTimer, new AdoptWindowOver(_state.Attempt), Positive(_state.AttemptStartedAt!.Value + _ports.Settings.AdoptWindow - Now));
                break;
            case JobPhase.Generating:
                ScheduleTimeout();
                Self.Tell(PollNow.Instance);
                break;
            case JobPhase.Finished:
                Self.Tell(ReportAgain.Instance);
                break;
            case JobPhase.Settled:
                Passivate();
                break;
        }
    }

    private void ScheduleTimeout()
    {
        var deadline = _state.AcceptedAt!.Value + _ports.Settings.TimeoutFor(Spec.Kind);
        Timers.StartSingleTimer(TimeoutTimer, TimedOut.Instance, Positive(deadline - Now));
    }

    private void OnCancel()
    {
        if (_state.Phase == JobPhase.Queued)
        {
            Finish(VariantOutcome.Cancelled, alertAdmins: false, detail: "cancelled by the user while queued");
        }
        else if (_state.Phase == JobPhase.Submitting && _waitingForKey is { } waiting)
        {
            waiting.Cancel(); // only the wait for a key stops; a create already sent runs on (see SubmitCancelled)
        }
    }

    // ---------- operators ----------
    private JobSummary Summary()
    {
        var waiting = _state.Phase == JobPhase.Submitting && _keyQueuePosition is not null;
        var spec = _state.Spec;
        return new JobSummary(
            PersistenceId["job-".Length..], spec is not null, spec?.UserId ?? 0, spec?.OrderId, spec?.ModelId,
            JobStory.OperatorState(_state.Phase, _state.Outcome, waiting), _state.Attempt, waiting, waiting ? _keyQueuePosition : null,
            _state.AcceptedAt, _state.Story?.LastChangeAt);
    }

    /// <summary>Answers an operator's question; an id no job has was created by the question itself, so it goes again at once.</summary>
    private void AnswerOperator(Func<object> answer)
    {
        Sender.Tell(answer());
        if (_state.Phase == JobPhase.New)
        {
            Passivate();
        }
    }

    /// <summary>An operator's cancel ends the job whatever its phase, as a user's cancel ends a queued one: reported cancelled, its credits released.</summary>
    private void OnOperatorCancel(CancelJob cancel)
    {
        var sender = Sender;
        var requestId = PersistenceId["job-".Length..];
        switch (_state.Phase)
        {
            case JobPhase.New:
                AnswerOperator(() => new JobCancelReply(requestId, JobCancelOutcome.Unknown, "new"));
                return;
            case JobPhase.Finished or JobPhase.Settled:
                sender.Tell(new JobCancelReply(requestId, JobCancelOutcome.AlreadyFinished, Summary().State));
                return;
        }

        _waitingForKey?.Cancel(); // leave the key pool's line; a create already sent runs on at KIE, its outcome is ignored
        ClearKeyWait();
        Timers.Cancel(PollTimer);
        Timers.Cancel(RetryTimer);
        Timers.Cancel(AdoptTimer);
        _log.Info("Job {RequestId} cancelled by {By}", requestId, cancel.By);
        Persist(new JobFinished(VariantOutcome.Cancelled, false, "cancelled by " + cancel.By, Now), e =>
        {
            _state = _state.Apply(e);
            sender.Tell(new JobCancelReply(requestId, JobCancelOutcome.Cancelled, Summary().State));
            Report();
        });
    }

    // ---------- an attempt ----------
    private void Begin()
    {
        if (_state.Phase != JobPhase.Queued)
        {
            return;
        }

        Progress(VariantStage.Queued, null, null);
        if (JobInputs.NextToUpload(_state) is { } next)
        {
            UploadInput(next.FileId, next.Slot);
            return;
        }

        var attempt = _state.Attempt + 1;
        var catalog = _ports.Menu.Holder.Current;
        var callbackUrl = catalog.Find(Spec.ModelId) is { } model
            ? _ports.CallbackUrl(model.Family, JobKeys.ForAttempt(Spec.RequestId, attempt))
            : null;
        var build = catalog.BuildRequest(new GenerationChoices(
            Spec.ModelId,
            Spec.Prompt,
            Options: Spec.Options,
            ImageUrls: JobInputs.ImageUrls(_state),
            AudioUrls: JobInputs.AudioUrls(_state),
            VideoUrls: JobInputs.VideoUrls(_state),
            MediaSeconds: Spec.Media?.MediaSeconds,
            CallbackUrl: callbackUrl));
        if (!build.IsAccepted)
        {
            // The catalogue changed under the order, or the input does not fit the model: nothing was sent, nothing is owed.
            Finish(VariantOutcome.Failed(FailureClass.UserViolation, FailureTextKeys.InvalidInput, _state.Attempt), alertAdmins: false, build.Rejection.ToString());
            return;
        }

        var request = CatalogRequests.ToCreateRequest(build.Request, callbackUrl);
        Persist(new JobAttemptStarted(attempt, Now), e =>
        {
            _state = _state.Apply(e);
            var self = Self;
            _waitingForKey = new CancellationTokenSource();
            var queue = new Progress<KieQueuePosition>(position => self.Tell(new QueuePositionChanged(position.Position)));
            _ports.Kie.SubmitAsync(request, queue, _waitingForKey.Token).PipeTo(self,
                success: result => new SubmitAnswered(attempt, result),
                failure: error => error is OperationCanceledException ? new SubmitCancelled(attempt) : new SubmitAnswered(attempt, null, error.GetBaseException().Message));
        });
    }

    private void UploadInput(string fileId, string slot)
    {
        var files = _ports.Files;
        var kie = _ports.Kie;
        var requestId = Spec.RequestId;
        Upload().PipeTo(Self, success: url => url, failure: error => new InputFailed(error is TelegramFileUnavailableException, error.GetBaseException().Message, null));

        async Task<object> Upload()
        {
            var file = await files.DownloadAsync(fileId, CancellationToken.None);
            using var content = new MemoryStream(file.Content, writable: false);
            var uploaded = await kie.UploadStreamAsync(content, "neuroactors/inputs", requestId + "-" + file.FileName, file.ContentType);
            return uploaded.IsSuccess
                ? new InputReady(uploaded.Value.DownloadUrl, slot)
                : new InputFailed(false, uploaded.Failure.ToString(), uploaded.Failure);
        }
    }

    private void OnInputReady(InputReady ready)
    {
        if (_state.Phase != JobPhase.Queued)
        {
            return;
        }

        IJobEvent uploaded = ready.Slot == JobInputs.FirstImage ? new JobInputUploaded(ready.Url, Now) : new JobMediaUploaded(ready.Slot, ready.Url, Now);
        Persist(uploaded, e =>
        {
            _state = _state.Apply(e);
            Begin();
        });
    }

    private void OnInputFailed(InputFailed failed)
    {
        if (_state.Phase != JobPhase.Queued)
        {
            return;
        }

        if (failed.Permanent)
        {
            Finish(VariantOutcome.Failed(FailureClass.UserViolation, FailureTextKeys.BadImage, _state.Attempt + 1), alertAdmins: false, failed.Detail);
        }
        else if (failed.Kie is { } kie)
        {
            AttemptFailed(kie.Class, kie.Classification.TextKey, kie.Classification.Retry, kie.Classification.AlertAdmins, failed.Detail);
        }
        else
        {
            AttemptFailed(FailureClass.Temporary, FailureTextKeys.Temporary, retry: true, alertAdmins: false, failed.Detail);
        }
    }

    private void OnSubmitAnswered(SubmitAnswered answered)
    {
        if (answered.Attempt != _state.Attempt || _state.Phase != JobPhase.Submitting)
        {
            return; // this attempt was settled meanwhile (its callback came first)
        }

        ClearKeyWait();
        if (answered.Result is { IsSuccess: true } ok)
        {
            var task = ok.Value;
            Persist(new JobTaskSubmitted(answered.Attempt, task.TaskId, task.Family.ToString(), task.KeyId.Value, Now), e =>
            {
                _state = _state.Apply(e);
                _log.Info("Job {RequestId} attempt {Attempt}: KIE task {TaskId} created with key {KeyId}", Spec.RequestId, answered.Attempt, task.TaskId, task.KeyId.Value);
                Progress(VariantStage.Generating, null, null);
                SchedulePoll();
            });
            return;
        }

        var failure = answered.Result?.Failure;
        if (failure is null || failure.Classification.OutcomeUncertain)
        {
            // KIE may have created the task and will post to this attempt's callback URL: wait for it before trying again.
            _log.Warning("Job {RequestId} attempt {Attempt}: the create's outcome is unknown ({Failure}); waiting {AdoptWindow} for its callback",
                Spec.RequestId, answered.Attempt, failure?.ToString() ?? answered.Error, _ports.Settings.AdoptWindow);
            Timers.StartSingleTimer(AdoptTimer, new AdoptWindowOver(answered.Attempt), _ports.Settings.AdoptWindow);
            return;
        }

        AttemptFailed(failure.Class, failure.Classification.TextKey, failure.Classification.Retry, failure.Classification.AlertAdmins, failure.ToString());
    }

    private void OnSubmitCancelled(int attempt)
    {
        ClearKeyWait();
        if (attempt == _state.Attempt && _state.Phase == JobPhase.Submitting)
        {
            Finish(VariantOutcome.Cancelled, alertAdmins: false, detail: "cancelled by the user while waiting for its turn");
        }
    }

    private void ClearKeyWait()
    {
        _keyQueuePosition = null;
        _waitingForKey?.Dispose();
        _waitingForKey = null;
    }

    private void OnAdoptWindowOver(int attempt)
    {
        if (attempt == _state.Attempt && _state.Phase == JobPhase.Submitting)
        {
            AttemptFailed(FailureClass.Temporary, FailureTextKeys.Temporary, retry: true, alertAdmins: false, "no answer to createTask and no callback");
        }
    }

    // ---------- outcome: callbacks and polling ----------
    private void OnCallback(KieCallbackReceived callback)
    {
        // Taken: whatever it decides below is this job's, and if this node dies before recording it the job polls KIE.
        Sender.Tell(new KieCallbackTaken(callback.RequestId));
        switch (_state.Phase)
        {
            case JobPhase.Finished:
            case JobPhase.Settled:
                return; // KIE may post the same callback twice; the first one decided
            case JobPhase.New:
                _log.Warning("Callback for unknown job {RequestId} ignored (task {TaskId})", callback.RequestId, callback.TaskId);
                return;
        }

        var current = callback.Attempt == _state.Attempt;
        if (!callback.Final)
        {
            if (current && callback.Progress is { } percent)
            {
                Progress(VariantStage.Generating, null, percent);
            }

            return;
        }

        if (current && _state.Phase == JobPhase.Submitting)
        {
            // The create's answer was lost, but KIE created the task after all: adopt it.
            _log.Info("Job {RequestId} attempt {Attempt}: adopted KIE task {TaskId} from its callback", Spec.RequestId, callback.Attempt, callback.TaskId);
            ClearKeyWait();
            Timers.Cancel(AdoptTimer);
            var family = _ports.Menu.Holder.Current.Find(Spec.ModelId) is { } model ? model.Family.ToString() : string.Empty;
            Persist(new JobTaskSubmitted(callback.Attempt, callback.TaskId, family, null, Now), e =>
            {
                _state = _state.Apply(e); // the job knows its task, as if the create had answered
                Conclude(callback.Conclusion());
            });
            return;
        }
        else if (!current)
        {
            if (!callback.Succeeded)
            {
                return; // an earlier attempt's failure changes nothing now
            }

            Timers.Cancel(PollTimer);
            Timers.Cancel(RetryTimer); // a result is a result, whichever attempt made it
            _waitingForKey?.Cancel(); // and the next attempt, if still waiting for a key, is not needed any more
        }

        Conclude(callback.Conclusion());
    }

    private void SchedulePoll()
    {
        if (_state.Task is not { } task)
        {
            return;
        }

        var delay = _ports.Settings.Poll.NextDelay(Now - task.At);
        if (delay is { } wait)
        {
            Timers.StartSingleTimer(PollTimer, PollNow.Instance, wait);
        }
        else
        {
            AttemptFailed(FailureClass.Temporary, FailureTextKeys.TimedOut, retry: false, alertAdmins: false, "KIE reported no outcome in time");
        }
    }

    private void Poll()
    {
        if (_state.Phase != JobPhase.Generating || _state.Task is not { } task || _pollInFlight || !Enum.TryParse<ApiFamily>(task.Family, out var family))
        {
            return;
        }

        _pollInFlight = true;
        _ports.Kie.GetTaskAsync(family, task.TaskId, new KieKeyId(task.KeyId ?? string.Empty)).PipeTo(Self,
            success: result => new PollAnswered(task.Attempt, result, null),
            failure: error => new PollAnswered(task.Attempt, null, error.GetBaseException().Message));
    }

    private void OnPollAnswered(PollAnswered answered)
    {
        _pollInFlight = false;
        if (_state.Phase != JobPhase.Generating || _state.Task?.Attempt != answered.Attempt)
        {
            return;
        }

        if (answered.Result is not { IsSuccess: true } ok)
        {
            // A failed status query says nothing about the task: ask again later (the pool paces the queries).
            _log.Debug("Job {RequestId}: status query of task {TaskId} failed ({Failure})", Spec.RequestId, _state.Task?.TaskId, answered.Result?.Failure?.ToString() ?? answered.Error);
            SchedulePoll();
            return;
        }

        var outcome = ok.Value;
        if (!outcome.IsFinal)
        {
            if (outcome.Progress is { } percent)
            {
                Progress(VariantStage.Generating, null, percent);
            }

            SchedulePoll();
            return;
        }

        Conclude(KieTaskConclusion.Of(outcome));
    }

    private void Conclude(KieTaskConclusion conclusion)
    {
        Timers.Cancel(PollTimer);
        if (conclusion.Succeeded && (conclusion.ResultUrls.Count > 0 || !string.IsNullOrEmpty(conclusion.ResultText)))
        {
            Finish(VariantOutcome.Done(conclusion.ResultUrls, _state.Attempt) with { ResultText = conclusion.ResultText }, alertAdmins: false, detail: null);
        }
        else if (conclusion.Succeeded)
        {
            Finish(VariantOutcome.Failed(FailureClass.Unknown, FailureTextKeys.Unknown, _state.Attempt), alertAdmins: true, "KIE reported success without result files");
        }
        else
        {
            AttemptFailed(conclusion.FailureClass, conclusion.FailureTextKey, conclusion.Retry, conclusion.AlertAdmins, conclusion.Detail);
        }
    }

    private void AttemptFailed(FailureClass failureClass, string textKey, bool retry, bool alertAdmins, string? detail)
    {
        var failedSoFar = _state.FailedAttempts + 1;
        var delay = retry ? _ports.Settings.Retry.DelayAfter(failedSoFar) : null;
        var now = Now;
        var attempt = Math.Max(_state.Attempt, 1);
        if (delay is { } nextIn)
        {
            _log.Warning("Job {RequestId} attempt {Attempt} failed: {FailureClass} ({Detail}); next try in {RetryIn}", Spec.RequestId, attempt, failureClass, detail, nextIn);
        }
        else
        {
            _log.Warning("Job {RequestId} attempt {Attempt} failed: {FailureClass} ({Detail}); no try left", Spec.RequestId, attempt, failureClass, detail);
        }

        var failed = new JobAttemptFailed(attempt, failureClass, textKey, detail, delay is { } wait ? now + wait : null, now);
        if (delay is { } retryIn)
        {
            Persist(failed, e =>
            {
                _state = _state.Apply(e);
                Progress(VariantStage.Queued, null, null);
                Timers.StartSingleTimer(RetryTimer, BeginAttempt.Instance, retryIn);
            });
            return;
        }

        var finished = new JobFinished(VariantOutcome.Failed(failureClass, textKey, attempt), alertAdmins, detail, now);
        PersistAll(new IJobEvent[] { failed, finished }, e =>
        {
            _state = _state.Apply(e);
            if (e is JobFinished)
            {
                Report();
            }
        });
    }

    private void Finish(VariantOutcome outcome, bool alertAdmins, string? detail)
    {
        if (_state.Outcome is not null)
        {
            return;
        }

        Persist(new JobFinished(outcome, alertAdmins, detail, Now), e =>
        {
            _state = _state.Apply(e);
            _log.Info("Job {RequestId} finished: {Stage}", Spec.RequestId, outcome.Stage);
            Report();
        });
    }

    private void OnTimedOut()
    {
        if (_state.Phase is JobPhase.Queued or JobPhase.Submitting or JobPhase.Generating)
        {
            _waitingForKey?.Cancel(); // else the pool keeps the place in line and creates a task after the credits were released
            ClearKeyWait();
            Timers.Cancel(PollTimer);
            Timers.Cancel(RetryTimer);
            Timers.Cancel(AdoptTimer);
            Finish(VariantOutcome.Failed(FailureClass.Temporary, FailureTextKeys.TimedOut, Math.Max(1, _state.Attempt)), alertAdmins: false,
                $"not finished within {_ports.Settings.TimeoutFor(Spec.Kind)}");
        }
    }

    // ---------- reporting to the user ----------
    private void Progress(VariantStage stage, int? position, int? percent)
    {
        if (_lastProgress == (position, percent, stage))
        {
            return;
        }

        _lastProgress = (position, percent, stage);
        _users.Tell(new ReportJobProgress(Spec.UserId, Spec.OrderId, Spec.Index, stage, position, percent,
            stage == VariantStage.Generating ? _state.Task?.At : null));
    }

    /// <summary>Tells the user the outcome, and again on the report schedule until the user acknowledges it (see <see cref="JobFinishedAck"/>).</summary>
    private void Report()
    {
        if (_state.Phase != JobPhase.Finished)
        {
            return;
        }

        Timers.Cancel(TimeoutTimer);
        _users.Tell(new ReportJobFinished(Spec.UserId, Spec.OrderId, Spec.Index, Spec.ModelId, _state.Outcome!, _state.AlertAdmins, _state.Detail));
        _reportsSent++;
        Timers.StartSingleTimer(ReportTimer, ReportAgain.Instance, _ports.Settings.Reports.DelayAfter(_reportsSent));
    }

    private void OnAcknowledged()
    {
        if (_state.Phase != JobPhase.Finished)
        {
            return;
        }

        Persist(new JobReported(Now), e =>
        {
            _state = _state.Apply(e);
            Timers.CancelAll();
            Passivate();
        });
    }

    private void Passivate() => Context.Parent.Tell(new Passivate(PoisonPill.Instance));

    private static TimeSpan Positive(TimeSpan span) => span > TimeSpan.Zero ? span : TimeSpan.Zero;

    private sealed class BeginAttempt
    {
        public static readonly BeginAttempt Instance = new();
    }

    private sealed class PollNow
    {
        public static readonly PollNow Instance = new();
    }

    private sealed class TimedOut
    {
        public static readonly TimedOut Instance = new();
    }

    private sealed class ReportAgain
    {
        public static readonly ReportAgain Instance = new();
    }

    private sealed record InputReady(string Url, string Slot);

    private sealed record InputFailed(bool Permanent, string Detail, KieFailure? Kie);

    private sealed record SubmitAnswered(int Attempt, KieResult<KieSubmittedTask>? Result, string? Error = null);

    private sealed record SubmitCancelled(int Attempt);

    private sealed record QueuePositionChanged(int Position);

    private sealed record PollAnswered(int Attempt, KieResult<KieTaskOutcome>? Result, string? Error);

    private sealed record AdoptWindowOver(int Attempt);
}

/// <summary>Job keys in callback URLs name the attempt too ("G7K2QXMNPA-2.1"), so a late callback is matched to its attempt.</summary>
public static class JobKeys
{
    public static string ForAttempt(string requestId, int attempt) => $"{requestId}.{attempt}";

    public static bool TryParse(string jobKey, out string requestId, out int attempt)
    {
        var dot = jobKey.LastIndexOf('.');
        requestId = dot > 0 ? jobKey[..dot] : jobKey;
        attempt = 0;
        return dot > 0 && int.TryParse(jobKey.AsSpan(dot + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out attempt) && attempt > 0;
    }
}
