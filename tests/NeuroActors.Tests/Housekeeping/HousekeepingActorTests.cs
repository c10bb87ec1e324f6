using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using NeuroActors.Actors.Housekeeping;
using NeuroActors.Domain.Housekeeping;

namespace NeuroActors.Tests.Housekeeping;

public class HousekeepingActorTests : TestKit
{
    private const string Config = """
        akka.loglevel = WARNING
        akka.actor.serialize-messages = on
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly HousekeepingSettings Hourly = new(TimeSpan.FromHours(1), TimeSpan.FromDays(7));

    public HousekeepingActorTests()
        : base(Config)
    {
    }

    private IActorRef Start(HousekeepingSettings settings, params IRetentionTarget[] targets) =>
        Sys.ActorOf(HousekeepingActor.Props(settings, targets));

    private HousekeepingRunReport Run(IActorRef housekeeping)
    {
        housekeeping.Tell(RunHousekeepingNow.Instance, TestActor);
        return ExpectMsg<HousekeepingRunReport>(Wait);
    }

    private HousekeepingStatus Status(IActorRef housekeeping)
    {
        housekeeping.Tell(GetHousekeepingStatus.Instance, TestActor);
        return ExpectMsg<HousekeepingStatus>(Wait);
    }

    [Fact]
    public void It_runs_on_its_schedule_by_itself_and_each_run_carries_on_from_the_last_checkpoint()
    {
        var target = new CountingTarget("rows");
        Start(new HousekeepingSettings(TimeSpan.FromMilliseconds(200), TimeSpan.FromDays(7)), target);

        // No one asks: the schedule alone starts the runs.
        Assert.Equal(0, NextRun(target));
        Assert.Equal(10, NextRun(target));
        Assert.Equal(20, NextRun(target));
    }

    [Fact]
    public void A_run_reports_each_targets_count_and_the_status_shows_it_with_the_next_run()
    {
        var housekeeping = Start(Hourly, new CountingTarget("rows"), new CountingTarget("marks", removedPerRun: 3));
        var never = Status(housekeeping);
        Assert.Null(never.LastRun);
        Assert.False(never.Running);

        var report = Run(housekeeping);
        Assert.Equal(["rows", "marks"], report.Removed.Select(r => r.Target));
        Assert.Equal([1L, 3L], report.Removed.Select(r => r.Removed));
        Assert.Equal(4, report.TotalRemoved);

        var status = Status(housekeeping);
        Assert.Equal(report.FinishedAt, status.LastRun!.FinishedAt);
        Assert.Equal(report.Removed, status.LastRun.Removed);
        Assert.Equal(report.FinishedAt + Hourly.Every, status.NextRunAt);
        Assert.Equal(Hourly.JobGrace, status.JobGrace);
        Assert.Equal(((ExtendedActorSystem)Sys).Provider.DefaultAddress.ToString(), status.Node);
    }

    [Fact]
    public void Requests_during_a_run_are_answered_by_that_run_and_start_no_second_one()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var target = new CountingTarget("rows", gate: gate.Task);
        var housekeeping = Start(Hourly, target);
        var first = CreateTestProbe();
        var second = CreateTestProbe();

        housekeeping.Tell(RunHousekeepingNow.Instance, first.Ref);
        Assert.Equal(0, NextRun(target));
        housekeeping.Tell(RunHousekeepingNow.Instance, second.Ref);
        Assert.True(Status(housekeeping).Running);
        gate.SetResult();

        var report = first.ExpectMsg<HousekeepingRunReport>(Wait);
        Assert.Equal(report.FinishedAt, second.ExpectMsg<HousekeepingRunReport>(Wait).FinishedAt);
        Assert.False(Status(housekeeping).Running);
        Assert.Equal(1, target.Runs);
    }

    [Fact]
    public void After_a_restart_it_remembers_the_last_run_and_every_targets_checkpoint()
    {
        var target = new CountingTarget("rows");
        var housekeeping = Start(Hourly, target);
        var report = Run(housekeeping);
        Run(housekeeping);
        Watch(housekeeping);
        housekeeping.Tell(PoisonPill.Instance);
        ExpectTerminated(housekeeping, Wait);

        var again = Start(Hourly, target);
        var status = Status(again);
        Assert.True(status.LastRun!.StartedAt >= report.FinishedAt, "the status shows the second run, the last one before the restart");
        Assert.Equal(status.LastRun.FinishedAt + Hourly.Every, status.NextRunAt);
        Run(again);
        Assert.Equal([0L, 10L, 20L], target.Checkpoints.ToArray());
    }

    [Fact]
    public void A_failing_target_is_reported_keeps_its_checkpoint_and_the_others_still_run()
    {
        var failing = new CountingTarget("broken", fail: true);
        var healthy = new CountingTarget("rows");
        var housekeeping = Start(Hourly, failing, healthy);

        var report = Run(housekeeping);
        Assert.Equal("database is down", report.Removed.Single(r => r.Target == "broken").Failure);
        Assert.Equal(1, report.Removed.Single(r => r.Target == "rows").Removed);
        Run(housekeeping);
        Assert.Equal([0L, 0L], failing.Checkpoints.ToArray());
        Assert.Equal([0L, 10L], healthy.Checkpoints.ToArray());
    }

    /// <summary>The checkpoint the target's next run started from, once it started.</summary>
    private static long NextRun(CountingTarget target)
    {
        Assert.True(target.Started.TryTake(out var checkpoint, Wait), $"target {target.Name} did not run");
        return checkpoint;
    }

    /// <summary>Removes <c>removedPerRun</c> each run and moves its checkpoint on by 10; records the checkpoint each run started from.</summary>
    private sealed class CountingTarget(string name, long removedPerRun = 1, Task? gate = null, bool fail = false) : IRetentionTarget
    {
        private int _runs;

        public string Name => name;

        /// <summary>Every run's starting checkpoint, in order.</summary>
        public ConcurrentQueue<long> Checkpoints { get; } = new();

        /// <summary>The same, taken by <see cref="NextRun"/> as the runs start.</summary>
        public BlockingCollection<long> Started { get; } = new();

        public int Runs => Volatile.Read(ref _runs);

        public async Task<RetentionRun> RunAsync(RetentionContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            Checkpoints.Enqueue(context.Checkpoint);
            Started.Add(context.Checkpoint, cancellationToken);
            if (gate is not null)
            {
                await gate.WaitAsync(cancellationToken);
            }

            if (fail)
            {
                throw new InvalidOperationException("database is down");
            }

            return new RetentionRun(new RetentionCount(name, removedPerRun, 0, null), context.Checkpoint + 10);
        }
    }
}
