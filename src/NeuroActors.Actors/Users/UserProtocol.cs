using NeuroActors.Actors.Serialization;

namespace NeuroActors.Actors.Users;

/// <summary>Every message routed to a user entity names its Telegram user id, the entity id.</summary>
public interface IUserCommand : INeuroMessage
{
    long UserId { get; }
}

public interface IUserEvent : INeuroMessage;

// Commands

[Manifest("user-register.v1")]
public sealed record RegisterUser(long UserId, string FirstName, string? LanguageCode, int WelcomeCredits) : IUserCommand;

[Manifest("user-grant-credits.v1")]
public sealed record GrantCredits(long UserId, string GrantId, int Amount, string Reason) : IUserCommand;

[Manifest("user-get-state.v1")]
public sealed record GetUserState(long UserId) : IUserCommand;

// Events

[Manifest("user-registered.v1")]
public sealed record UserRegistered(long UserId, string FirstName, string? LanguageCode, DateTimeOffset At) : IUserEvent;

[Manifest("credits-granted.v1")]
public sealed record CreditsGranted(string GrantId, int Amount, string Reason, DateTimeOffset At) : IUserEvent;

// Replies

[Manifest("user-state-reply.v1")]
public sealed record UserStateReply(long UserId, bool Registered, string? FirstName, string? LanguageCode, int Balance) : INeuroMessage;

/// <summary>The user entity's state; also its snapshot.</summary>
[Manifest("user-state.v1")]
public sealed record UserState(long UserId, bool Registered, string? FirstName, string? LanguageCode, int Balance, IReadOnlyList<string> GrantIds) : ISnapshotState
{
    public static UserState Empty(long userId) => new(userId, false, null, null, 0, []);

    public UserState Apply(IUserEvent @event) => @event switch
    {
        UserRegistered e => this with { Registered = true, FirstName = e.FirstName, LanguageCode = e.LanguageCode },
        CreditsGranted e => this with { Balance = Balance + e.Amount, GrantIds = [.. GrantIds, e.GrantId] },
        _ => this,
    };

    public UserStateReply ToReply() => new(UserId, Registered, FirstName, LanguageCode, Balance);
}

// The gateway's hand-off

/// <summary>An update for this user. Answered with <see cref="UpdateAccepted"/> once it is persisted (or known already).</summary>
[Manifest("user-handle-update.v1")]
public sealed record HandleUpdate(long UserId, NeuroActors.Domain.Telegram.IncomingUpdate Update) : IUserCommand;

/// <summary>The update is safe in the journal: the gateway may confirm it to Telegram.</summary>
[Manifest("user-update-accepted.v1")]
public sealed record UpdateAccepted(long UpdateId, bool Duplicate) : INeuroMessage;
