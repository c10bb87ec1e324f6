using System.Text;
using NeuroActors.Actors.Serialization;
using NeuroActors.Domain.Broadcasts;

namespace NeuroActors.Actors.Broadcasts;

/// <summary>
/// A broadcast entity's state, changed only through <see cref="Apply"/>. Mutable on purpose: one outcome is recorded
/// per recipient, and copying an audience-sized array per event would make a large broadcast quadratic.
/// </summary>
public sealed class BroadcastState
{
    private readonly List<long> _recipients = [];
    private RecipientOutcome?[] _outcomes = [];

    /// <summary>What the admin confirmed; null while nobody started this id.</summary>
    public BroadcastAccepted? Accepted { get; private set; }

    public bool Exists => Accepted is not null;

    /// <summary>The audience is listed and kept (<see cref="Recipients"/> is complete).</summary>
    public bool Listed { get; private set; }

    public IReadOnlyList<long> Recipients => _recipients;

    public BroadcastTally Tally { get; private set; } = BroadcastTally.Empty;

    public long? ProgressMessageId { get; private set; }

    public bool Paused { get; private set; }

    public bool Stopped { get; private set; }

    public bool Finished { get; private set; }

    public BroadcastPhase Phase =>
        Finished ? BroadcastPhase.Finished
        : Stopped ? BroadcastPhase.Stopped
        : Paused ? BroadcastPhase.Paused
        : Listed ? BroadcastPhase.Sending
        : BroadcastPhase.Preparing;

    /// <summary>Every listed recipient has an outcome.</summary>
    public bool AllDone => Listed && Tally.Done == Tally.Total;

    public bool HasOutcome(int index) => _outcomes[index] is not null;

    /// <summary>The state as a snapshot: a large broadcast recovers from it without replaying an event per recipient.</summary>
    public BroadcastSnapshot ToSnapshot()
    {
        var outcomes = new StringBuilder(_outcomes.Length);
        foreach (var outcome in _outcomes) outcomes.Append(outcome is { } o ? OutcomeCodes[(int)o] : Pending);
        return new BroadcastSnapshot(Accepted!, [.. _recipients], Listed, outcomes.ToString(), ProgressMessageId, Paused, Stopped, Finished);
    }

    public static BroadcastState From(BroadcastSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var state = new BroadcastState
        {
            Accepted = snapshot.Accepted,
            Listed = snapshot.Listed,
            ProgressMessageId = snapshot.ProgressMessageId,
            Paused = snapshot.Paused,
            Stopped = snapshot.Stopped,
            Finished = snapshot.Finished,
        };
        state._recipients.AddRange(snapshot.Recipients);
        if (!snapshot.Listed) return state;
        state._outcomes = new RecipientOutcome?[snapshot.Recipients.Count];
        var tally = BroadcastTally.Empty with { Total = snapshot.Recipients.Count };
        for (var i = 0; i < snapshot.Outcomes.Length; i++)
        {
            var code = OutcomeCodes.IndexOf(snapshot.Outcomes[i], StringComparison.Ordinal);
            if (code < 0) continue;
            state._outcomes[i] = (RecipientOutcome)code;
            tally = tally.Add((RecipientOutcome)code);
        }

        state.Tally = tally;
        return state;
    }

    // One character per recipient, in audience order; the codes follow RecipientOutcome's values and never change.
    private const string OutcomeCodes = "sfbl";
    private const char Pending = '.';

    public void Apply(IBroadcastEvent e)
    {
        switch (e)
        {
            case BroadcastAccepted accepted:
                Accepted = accepted;
                break;
            case BroadcastRecipientsListed chunk:
                // A chunk is only ever written in one atomic write with the rest of its audience; From guards the order.
                if (chunk.From != _recipients.Count)
                    throw new InvalidOperationException($"Audience chunk from {chunk.From} follows {_recipients.Count} recipients");
                _recipients.AddRange(chunk.UserIds);
                break;
            case BroadcastAudienceListed listed:
                Listed = true;
                _outcomes = new RecipientOutcome?[_recipients.Count];
                Tally = BroadcastTally.Empty with { Total = listed.Total };
                break;
            case BroadcastProgressPosted posted:
                ProgressMessageId = posted.MessageId;
                break;
            case BroadcastRecipientRecorded recorded when _outcomes[recorded.Index] is null:
                _outcomes[recorded.Index] = recorded.Outcome;
                Tally = Tally.Add(recorded.Outcome);
                break;
            case BroadcastRecipientRecorded:
                break; // recorded twice (cannot happen: the actor checks first); counting it again would be wrong
            case BroadcastPauseChanged pause:
                Paused = pause.Paused;
                break;
            case BroadcastStopped:
                Stopped = true;
                break;
            case BroadcastFinished:
                Finished = true;
                break;
        }
    }
}

/// <summary>
/// A broadcast's state in the snapshot store. <see cref="Outcomes"/> has one character per recipient, in audience order:
/// '.' no outcome yet, 's' sent, 'f' failed, 'b' blocked, 'l' left.
/// </summary>
[Manifest("broadcast-state.v1")]
public sealed record BroadcastSnapshot(
    BroadcastAccepted Accepted,
    IReadOnlyList<long> Recipients,
    bool Listed,
    string Outcomes,
    long? ProgressMessageId,
    bool Paused,
    bool Stopped,
    bool Finished) : ISnapshotState;
