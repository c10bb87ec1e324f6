using System.Globalization;
using Microsoft.Extensions.Options;
using NeuroActors.Sandbox.Kie;
using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.Sandbox.ChatPage;

/// <summary>Options of the sandbox chat page.</summary>
public sealed class SandboxChatPageOptions
{
    /// <summary>Telegram ids the page offers as "admin" users; when empty, <c>Admin:TelegramIds</c> (comma-separated) is read from the configuration.</summary>
    public IList<long> AdminTelegramIds { get; } = new List<long>();
}

/// <summary>What the page needs to know about the node: the bot's name, admin ids, and whether the simulated KIE is hosted.</summary>
public sealed record SandboxChatPageConfig(string BotName, string BotUsername, IReadOnlyList<long> AdminIds, bool KieSimulator);

/// <summary>
/// The sandbox chat page: a Telegram-like client for the Bot API sandbox, served from embedded static files.
/// Map it only in sandbox mode; it drives the control APIs under /sandbox/telegram and /sandbox/kie.
/// </summary>
public static class SandboxChatPageExtensions
{
    public const string PagePath = "/sandbox";
    public const string AssetsPath = "/sandbox/ui";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["app.css"] = "text/css; charset=utf-8",
        ["app.js"] = "text/javascript; charset=utf-8",
    };

    /// <summary>Maps GET /sandbox (the page), /sandbox/ui/app.css, /sandbox/ui/app.js and /sandbox/ui/config.</summary>
    public static IEndpointRouteBuilder MapSandboxChatPage(this IEndpointRouteBuilder endpoints, Action<SandboxChatPageOptions>? configure = null)
    {
        var options = new SandboxChatPageOptions();
        configure?.Invoke(options);
        var assets = ContentTypes.Keys.ToDictionary(name => name, LoadAsset, StringComparer.Ordinal);

        endpoints.MapGet(PagePath, () => Asset(assets, "index.html"));
        endpoints.MapGet(AssetsPath + "/{name}", (string name) =>
            name != "index.html" && assets.ContainsKey(name) ? Asset(assets, name) : Results.NotFound());
        endpoints.MapGet(AssetsPath + "/config", (HttpContext context) =>
        {
            var services = context.RequestServices;
            var bot = services.GetService<IOptions<BotApiSandboxOptions>>()?.Value ?? new BotApiSandboxOptions();
            var adminIds = options.AdminTelegramIds.Count > 0
                ? options.AdminTelegramIds.ToList()
                : ParseAdminIds(services.GetService<IConfiguration>());
            var config = new SandboxChatPageConfig(bot.BotFirstName, bot.BotUsername, adminIds, services.GetService<KieSimulatorState>() is not null);
            return Results.Json(config, ControlApiJson.Options);
        });
        return endpoints;
    }

    /// <summary>Reads <c>Admin:TelegramIds</c> as a comma-separated list, or as an array section.</summary>
    public static IReadOnlyList<long> ParseAdminIds(IConfiguration? configuration)
    {
        if (configuration is null)
        {
            return [];
        }

        var section = configuration.GetSection("Admin:TelegramIds");
        var values = section.Value is { } joined ? joined.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries) : section.GetChildren().Select(c => c.Value ?? string.Empty);
        return values
            .Select(v => long.TryParse(v.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0)
            .Distinct()
            .ToList();
    }

    private static IResult Asset(Dictionary<string, byte[]> assets, string name) =>
        Results.Bytes(assets[name], ContentTypes[name]);

    private static byte[] LoadAsset(string name)
    {
        var resource = "NeuroActors.Sandbox.ChatPage." + name;
        using var stream = typeof(SandboxChatPageExtensions).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the chat page asset {resource} is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
