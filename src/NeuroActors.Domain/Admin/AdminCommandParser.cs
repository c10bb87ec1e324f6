using System.Globalization;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Credits;

namespace NeuroActors.Domain.Admin;

/// <summary>What an admin asked for by a typed command, after <see cref="AdminCommandParser.Parse"/>.</summary>
public abstract partial record AdminRequest
{
    private AdminRequest()
    {
    }

    public sealed record Panel : AdminRequest;

    public sealed record Stats : AdminRequest;

    /// <summary>/find with what to look for (see <see cref="AdminLookup"/>).</summary>
    public sealed record Find(AdminLookup Lookup) : AdminRequest;

    /// <summary>/user by id, or by @username (without the @) when <see cref="UserId"/> is null.</summary>
    public sealed record ShowUser(long? UserId, string? Username) : AdminRequest;

    /// <summary>/grant, /debit, /ban or /unban: an account action; <see cref="Amount"/> is 0 for a ban or unban.</summary>
    public sealed record Account(Accounts.AccountActionKind Kind, long UserId, long Amount, string Reason) : AdminRequest;

    /// <summary>/models, page 0-based.</summary>
    public sealed record Models(int Page) : AdminRequest;

    /// <summary>/model id on|off.</summary>
    public sealed record SwitchModel(string ModelId, bool Visible) : AdminRequest;

    public sealed record Sync : AdminRequest;

    public sealed record Keys : AdminRequest;

    /// <summary>/key id on: a KIE key back into rotation (the id as /keys shows it, or its fingerprint).</summary>
    public sealed record EnableKey(string KeyId) : AdminRequest;

    public sealed record Broadcast : AdminRequest;

    /// <summary>/refund &lt;charge id&gt; [reason]: refund a Stars payment and take its pack's credits back.</summary>
    public sealed record Refund(string ChargeId, string Reason) : AdminRequest;

    /// <summary>An admin command typed wrong: the admin reads its usage; nothing happens.</summary>
    public sealed record Usage(AdminUsage Command) : AdminRequest;
}

/// <summary>The commands whose usage an admin may need to read.</summary>
public enum AdminUsage
{
    Find,
    User,
    Grant,
    Debit,
    Ban,
    Unban,
    Model,
    Key,
    Refund,
    Promo,
}

/// <summary>What /find looks for: a request id (one variant), an order id (all its variants), or a KIE task id.</summary>
public abstract record AdminLookup
{
    private AdminLookup()
    {
    }

    public sealed record Request(string RequestId) : AdminLookup;

    public sealed record Order(string OrderId) : AdminLookup;

    public sealed record KieTask(string TaskId) : AdminLookup;

    /// <summary>
    /// "G7K2QXMNPA-2" (any case, an optional '#') is a request id; "G7K2QXMNPA" an order id; any other single word of
    /// letters, digits, '-' and '_' a KIE task id; anything else null.
    /// </summary>
    public static AdminLookup? Parse(string? text)
    {
        var word = text?.Trim();
        if (string.IsNullOrEmpty(word) || word.Length > 100 || word.Any(char.IsWhiteSpace))
        {
            return null;
        }

        if (ParseRequestId(word) is { } requestId)
        {
            return new Request(requestId);
        }

        var order = word.TrimStart('#').ToUpperInvariant();
        if (order.Length == OrderIds.Length && OrderIds.IsWellFormed(order))
        {
            return new Order(order);
        }

        return word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? new KieTask(word) : null;
    }

    /// <summary>"G7K2QXMNPA-2" (any case, an optional '#'): the order id and the variant's number; null for anything else.</summary>
    public static string? ParseRequestId(string? text)
    {
        var candidate = text?.Trim().TrimStart('#').ToUpperInvariant();
        var dash = candidate?.LastIndexOf('-') ?? -1;
        if (candidate is null || dash < 0)
        {
            return null;
        }

        var orderId = candidate[..dash];
        return OrderIds.IsWellFormed(orderId)
               && int.TryParse(candidate.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index is >= 1 and <= 99
            ? OrderIds.RequestId(orderId, index)
            : null;
    }
}

/// <summary>
/// Reads an admin's typed commands. Pure: the admin actor decides what to do with the result. A command that is not an
/// admin command (/start, /help, plain text) gives null, and the update goes on to the admin's own user conversation.
/// </summary>
public static class AdminCommandParser
{
    /// <summary>The commands the admin actor takes; every other command belongs to the user conversation.</summary>
    public static readonly IReadOnlySet<string> Commands = new HashSet<string>(StringComparer.Ordinal)
    {
        "admin", "stats", "find", "user", "grant", "debit", "ban", "unban", "models", "model", "sync", "keys", "key", "broadcast", "refund", "promo",
    };

    /// <summary>The command name of a message ("grant" for "/grant@bot 1 2"), or null for text that is no command.</summary>
    public static string? CommandName(string? text)
    {
        var trimmed = text?.TrimStart();
        if (trimmed is null || trimmed.Length < 2 || trimmed[0] != '/' || !char.IsAsciiLetterOrDigit(trimmed[1]))
        {
            return null;
        }

        var end = trimmed.IndexOfAny([' ', '\n', '\t']);
        var head = end < 0 ? trimmed[1..] : trimmed[1..end];
        var at = head.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            head = head[..at];
        }

        return head.Length is > 0 and <= 32 && head.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? head.ToLowerInvariant() : null;
    }

    /// <summary>An admin request, or null when <paramref name="text"/> is not an admin command.</summary>
    public static AdminRequest? Parse(string? text)
    {
        if (CommandName(text) is not { } name || !Commands.Contains(name))
        {
            return null;
        }

        var trimmed = text!.Trim();
        var space = trimmed.IndexOfAny([' ', '\n', '\t']);
        var argument = space < 0 ? string.Empty : trimmed[(space + 1)..].Trim();
        var words = argument.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return name switch
        {
            "admin" => new AdminRequest.Panel(),
            "stats" => new AdminRequest.Stats(),
            "find" => AdminLookup.Parse(argument) is { } lookup ? new AdminRequest.Find(lookup) : Usage(AdminUsage.Find),
            "user" => ParseUser(words),
            "grant" => ParseAmount(Accounts.AccountActionKind.Grant, argument, AdminUsage.Grant),
            "debit" => ParseAmount(Accounts.AccountActionKind.Debit, argument, AdminUsage.Debit),
            "ban" => words.Length >= 1 && ParseUserId(words[0]) is { } banned
                ? new AdminRequest.Account(Accounts.AccountActionKind.Ban, banned, 0, Rest(argument, 1))
                : Usage(AdminUsage.Ban),
            "unban" => words.Length == 1 && ParseUserId(words[0]) is { } unbanned
                ? new AdminRequest.Account(Accounts.AccountActionKind.Unban, unbanned, 0, string.Empty)
                : Usage(AdminUsage.Unban),
            "models" => new AdminRequest.Models(words.Length == 1 && int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page >= 1 ? page - 1 : 0),
            "model" => words.Length == 2 && OnOff(words[1]) is { } visible ? new AdminRequest.SwitchModel(words[0], visible) : Usage(AdminUsage.Model),
            "sync" => new AdminRequest.Sync(),
            "keys" => new AdminRequest.Keys(),
            "key" => words.Length == 2 && OnOff(words[1]) == true ? new AdminRequest.EnableKey(words[0]) : Usage(AdminUsage.Key),
            "refund" => words.Length >= 1 && IsChargeId(words[0]) ? new AdminRequest.Refund(words[0], Rest(argument, 1)) : Usage(AdminUsage.Refund),
            "promo" => PromoAdminCommands.Parse(words),
            _ => new AdminRequest.Broadcast(),
        };
    }

    /// <summary>A telegram_payment_charge_id as Telegram writes them: 1-128 of ASCII letters, digits, '-', '_' and '.'.</summary>
    public static bool IsChargeId(string? text) =>
        text is { Length: >= 1 and <= 128 } && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>A Telegram user id: a positive whole number, nothing else.</summary>
    public static long? ParseUserId(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

    private static AdminRequest ParseUser(string[] words)
    {
        if (words.Length != 1)
        {
            return Usage(AdminUsage.User);
        }

        if (words[0].StartsWith('@'))
        {
            var username = words[0][1..];
            return username.Length is >= 3 and <= 32 && username.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
                ? new AdminRequest.ShowUser(null, username)
                : Usage(AdminUsage.User);
        }

        return ParseUserId(words[0]) is { } id ? new AdminRequest.ShowUser(id, null) : Usage(AdminUsage.User);
    }

    /// <summary>"&lt;id&gt; &lt;credits&gt; [reason]": both whole numbers; the amount's limits are checked with the request (Admin:MaxGrant).</summary>
    private static AdminRequest ParseAmount(Accounts.AccountActionKind kind, string argument, AdminUsage usage)
    {
        var words = argument.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || ParseUserId(words[0]) is not { } userId)
        {
            return Usage(usage);
        }

        // A negative, fractional or absurd amount is no amount: the usage says what to type.
        if (!long.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0 || amount > CreditLedger.MaxAmount)
        {
            return Usage(usage);
        }

        return new AdminRequest.Account(kind, userId, amount, Rest(argument, 2));
    }

    /// <summary>The argument after its first <paramref name="skip"/> words, as typed.</summary>
    private static string Rest(string argument, int skip)
    {
        var rest = argument;
        for (var i = 0; i < skip; i++)
        {
            rest = rest.TrimStart();
            var end = rest.IndexOfAny([' ', '\n', '\t']);
            rest = end < 0 ? string.Empty : rest[end..];
        }

        return rest.Trim();
    }

    private static bool? OnOff(string word) => word.ToLowerInvariant() switch
    {
        "on" => true,
        "off" => false,
        _ => null,
    };

    private static AdminRequest.Usage Usage(AdminUsage command) => new(command);
}
