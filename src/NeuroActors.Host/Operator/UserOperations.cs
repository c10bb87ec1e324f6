using System.Globalization;
using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Accounts;
using NeuroActors.Domain.Configuration;

namespace NeuroActors.Host.Operator;

/// <summary>
/// <c>users show|grant|debit|ban|unban</c>: a user's account, and the audited, idempotent account actions
/// (<see cref="ApplyAccountAction"/>, the same path the Telegram admin commands take). Each action names who asked
/// ("operator:&lt;caller address&gt;") and carries an action id: the same id sent again counts once.
/// </summary>
public static class UserOperations
{
    /// <summary>Default of <c>Admin:MaxGrant</c>, the largest grant or debit in one action.</summary>
    public const long DefaultMaxGrant = Domain.Admin.AdminLimits.DefaultMaxGrant;

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private static readonly JsonSerializerOptions BodyJson = new(JsonSerializerDefaults.Web);

    /// <summary>Reads <c>Admin:MaxGrant</c> (a bad value stops the node with exit code 2, naming the key).</summary>
    public static long MaxGrant(SettingReader reader) => Domain.Admin.AdminLimits.MaxGrant(reader);

    public static void MapUserOperations(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var configuration = api.ServiceProvider().GetRequiredService<IConfiguration>();
        var maxGrant = MaxGrant(new SettingReader(key => configuration[key]));

        api.MapGet("/users/{id}", async (string id, IActorRegistry registry, CancellationToken cancel) =>
        {
            if (ParseUserId(id) is not { } userId) return OperatorResults.BadRequest($"'{id}' is not a Telegram user id (a positive whole number)");
            try
            {
                var users = await registry.GetAsync<UserRegion>(cancel);
                var state = await users.Ask<UserStateReply>(new GetUserState(userId), AskTimeout, cancel);
                return state.Registered ? Results.Ok(UserView(state)) : NeverStarted(userId);
            }
            catch (AskTimeoutException)
            {
                return OperatorResults.Unavailable($"user {userId} did not answer within {AskTimeout.TotalSeconds:F0} s; try again");
            }
        });

        api.MapPost("/users/{id}/grant", (string id, HttpContext http, IActorRegistry registry) => ActAsync(id, AccountActionKind.Grant, http, registry, maxGrant));
        api.MapPost("/users/{id}/debit", (string id, HttpContext http, IActorRegistry registry) => ActAsync(id, AccountActionKind.Debit, http, registry, maxGrant));
        api.MapPost("/users/{id}/ban", (string id, HttpContext http, IActorRegistry registry) => ActAsync(id, AccountActionKind.Ban, http, registry, maxGrant));
        api.MapPost("/users/{id}/unban", (string id, HttpContext http, IActorRegistry registry) => ActAsync(id, AccountActionKind.Unban, http, registry, maxGrant));
    }

    /// <summary>The body of an account action; every field is optional except what the action needs.</summary>
    /// <param name="Credits">For a grant or debit.</param>
    /// <param name="Reason">Shown to the user and kept in the audit record; required for a grant or debit.</param>
    /// <param name="Id">The action id; neuroctl sends a fresh one per invocation (or the one given with --id).</param>
    public sealed record AccountActionBody(long? Credits, string? Reason, string? Id);

    private static async Task<IResult> ActAsync(string id, AccountActionKind kind, HttpContext http, IActorRegistry registry, long maxGrant)
    {
        if (ParseUserId(id) is not { } userId) return OperatorResults.BadRequest($"'{id}' is not a Telegram user id (a positive whole number)");
        AccountActionBody body;
        try
        {
            body = http.Request.ContentLength is 0 ? new AccountActionBody(null, null, null)
                : await JsonSerializer.DeserializeAsync<AccountActionBody>(http.Request.Body, BodyJson, http.RequestAborted) ?? new AccountActionBody(null, null, null);
        }
        catch (JsonException)
        {
            return OperatorResults.BadRequest("the body must be JSON like {\"credits\": 100, \"reason\": \"...\", \"id\": \"...\"} (credits a whole number)");
        }

        var amount = kind is AccountActionKind.Grant or AccountActionKind.Debit ? body.Credits ?? 0 : 0;
        var request = new AccountRequest(
            string.IsNullOrWhiteSpace(body.Id) ? Guid.NewGuid().ToString("N") : body.Id.Trim(),
            kind,
            amount,
            "operator:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
            body.Reason?.Trim() ?? string.Empty);
        if (request.Problem(maxGrant) is { } problem) return OperatorResults.BadRequest(problem);

        try
        {
            var users = await registry.GetAsync<UserRegion>(http.RequestAborted);
            var reply = await users.Ask<AccountActionReply>(new ApplyAccountAction(userId, request), AskTimeout, http.RequestAborted);
            var state = reply.State;
            return reply.Outcome switch
            {
                AccountOutcome.Applied => Results.Ok(new { outcome = "applied", actionId = request.ActionId, user = UserView(state) }),
                AccountOutcome.AlreadyApplied => Results.Ok(new { outcome = "already-applied", actionId = request.ActionId, user = UserView(state) }),
                AccountOutcome.NeverStarted => NeverStarted(userId),
                AccountOutcome.Conflict => OperatorResults.Conflict($"action id '{request.ActionId}' was already used for another action on user {userId}"),
                AccountOutcome.NoChange => OperatorResults.Conflict(kind == AccountActionKind.Ban ? $"user {userId} is already banned" : $"user {userId} is not banned"),
                AccountOutcome.InsufficientCredits => OperatorResults.Conflict(
                    $"user {userId} has {state.Available} available credits (balance {state.Balance}, reserved {state.Reserved}); a debit of {amount} would take the balance below zero"),
                _ => OperatorResults.BadRequest($"the amount {amount} is not valid"),
            };
        }
        catch (AskTimeoutException)
        {
            return OperatorResults.Unavailable($"user {userId} did not answer within {AskTimeout.TotalSeconds:F0} s; the action may still happen: send it again with the same id ({request.ActionId})");
        }
    }

    private static IResult NeverStarted(long userId) => OperatorResults.NotFound($"user {userId} has never started the bot");

    private static long? ParseUserId(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

    private static object UserView(UserStateReply state) => new
    {
        userId = state.UserId,
        firstName = state.FirstName,
        language = state.LanguageCode,
        balance = state.Balance,
        reserved = state.Reserved,
        available = state.Available,
        orders = state.OrderCount,
        lastSeen = state.LastSeen,
        banned = state.Banned,
        banReason = state.BanReason,
        blockedTheBot = state.Blocked,
        openOrders = state.OpenOrders,
        lastOrders = (state.LastOrders ?? []).Select(o => new
        {
            orderId = o.OrderId,
            model = o.ModelId,
            variants = o.Variants,
            unitPrice = o.UnitPrice,
            state = o.State,
            placedAt = o.PlacedAt,
        }),
    };

    private static IServiceProvider ServiceProvider(this IEndpointRouteBuilder endpoints) => endpoints.ServiceProvider;
}
