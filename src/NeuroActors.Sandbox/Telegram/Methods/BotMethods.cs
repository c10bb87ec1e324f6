using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NeuroActors.Sandbox.Telegram.State;
using NeuroActors.Sandbox.Telegram.Wire;

namespace NeuroActors.Sandbox.Telegram.Methods;

/// <summary>getMe, the command menu (setMyCommands/getMyCommands/deleteMyCommands) and the bot's profile settings.</summary>
internal static partial class BotMethods
{
    public static void Register(Dictionary<string, BotApiMethod> methods)
    {
        methods["getme"] = GetMe;
        methods["setmycommands"] = SetMyCommands;
        methods["getmycommands"] = GetMyCommands;
        methods["deletemycommands"] = DeleteMyCommands;

        // Accepted so that a bot's start-up succeeds; the sandbox keeps no profile.
        foreach (var name in new[] { "setmydescription", "setmyshortdescription", "setmyname", "setchatmenubutton", "setmydefaultadministratorrights", "logout", "close" })
        {
            methods[name] = _ => Task.FromResult(BotApiResult.True());
        }
    }

    [GeneratedRegex("^[a-z0-9_]{1,32}$")]
    private static partial Regex CommandPattern();

    private static Task<BotApiResult> GetMe(BotApiCall call) => Task.FromResult(new BotApiResult(new JsonObject
    {
        ["id"] = call.Bot.Id,
        ["is_bot"] = true,
        ["first_name"] = call.Bot.FirstName,
        ["username"] = call.Bot.Username,
        ["can_join_groups"] = true,
        ["can_read_all_group_messages"] = false,
        ["supports_inline_queries"] = false,
        ["can_connect_to_business"] = false,
        ["has_main_web_app"] = false,
    }));

    private static Task<BotApiResult> SetMyCommands(BotApiCall call)
    {
        var parameters = call.Parameters;
        var json = parameters.GetJson("commands", "can't parse commands JSON object") ?? throw BotApiErrors.ParameterRequired("commands");
        if (json is not JsonArray array)
        {
            throw BotApiErrors.BadRequest("expected an Array of BotCommand");
        }

        if (array.Count > 100)
        {
            throw BotApiErrors.BadRequest("BOT_COMMANDS_TOO_MUCH");
        }

        var commands = new List<BotCommandInfo>();
        foreach (var item in array)
        {
            var command = (item?["command"] as JsonValue)?.TryGetValue<string>(out var c) == true ? c : null;
            var description = (item?["description"] as JsonValue)?.TryGetValue<string>(out var d) == true ? d : null;
            if (command is null || description is null)
            {
                throw BotApiErrors.BadRequest("can't parse BotCommand: expected command and description");
            }

            command = command.TrimStart('/');
            if (!CommandPattern().IsMatch(command))
            {
                throw BotApiErrors.BadRequest("BOT_COMMAND_INVALID");
            }

            if (description.Trim().Length == 0 || description.Length > 256)
            {
                throw BotApiErrors.BadRequest("BOT_COMMAND_DESCRIPTION_INVALID");
            }

            commands.Add(new BotCommandInfo(command, description));
        }

        var key = ReadKey(parameters);
        lock (call.State.Gate)
        {
            call.State.Commands[key] = commands;
        }

        return Task.FromResult(BotApiResult.True());
    }

    private static Task<BotApiResult> GetMyCommands(BotApiCall call)
    {
        var key = ReadKey(call.Parameters);
        lock (call.State.Gate)
        {
            var commands = call.State.Commands.GetValueOrDefault(key) ?? [];
            var result = new JsonArray(commands.Select(c => (JsonNode)new JsonObject { ["command"] = c.Command, ["description"] = c.Description }).ToArray());
            return Task.FromResult(new BotApiResult(result));
        }
    }

    private static Task<BotApiResult> DeleteMyCommands(BotApiCall call)
    {
        var key = ReadKey(call.Parameters);
        lock (call.State.Gate)
        {
            call.State.Commands.Remove(key);
        }

        return Task.FromResult(BotApiResult.True());
    }

    private static CommandSetKey ReadKey(BotApiParameters parameters)
    {
        var scope = parameters.GetJson("scope", "can't parse BotCommandScope JSON object");
        var type = "default";
        long? chatId = null;
        if (scope is JsonObject scopeObject)
        {
            type = (scopeObject["type"] as JsonValue)?.TryGetValue<string>(out var t) == true ? t : throw BotApiErrors.BadRequest("can't parse BotCommandScope: Field \"type\" must be of type String");
            if (scopeObject["chat_id"] is JsonValue chat)
            {
                chatId = chat.TryGetValue<long>(out var id) ? id
                    : chat.TryGetValue<string>(out var text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out id) ? id : null;
            }
        }

        return new CommandSetKey(type, chatId, parameters.GetString("language_code") ?? string.Empty);
    }
}
