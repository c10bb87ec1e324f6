using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace NeuroActors.Sandbox.Kie;

/// <summary>JSON settings and the KIE envelopes.</summary>
public static class KieJson
{
    /// <summary>For KIE bodies: compact, non-ASCII prompts kept readable.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>For the control API: camelCase, enums as kebab-case strings ("content-policy").</summary>
    public static JsonSerializerOptions Control { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary><c>{"code":..,"msg":..,"data":..}</c> with HTTP 200, or HTTP = code when the simulator is set so.</summary>
    public static IResult Envelope(KieSimulatorState state, int code, string msg, JsonNode? data = null) =>
        Write(new JsonObject { ["code"] = code, ["msg"] = msg, ["data"] = data }, state.Settings.HttpStatusEqualsCode ? code : 200);

    /// <summary>An error envelope with the msg KIE sends for that code.</summary>
    public static IResult Error(KieSimulatorState state, int code) => Envelope(state, code, KieMessages.ForCode(code));

    /// <summary>The file-upload host's envelope: <c>{"success":..,"code":..,"msg":..,"data":..}</c>.</summary>
    public static IResult Upload(KieSimulatorState state, int code, string msg, JsonNode? data = null)
    {
        var body = new JsonObject { ["success"] = code == 200, ["code"] = code, ["msg"] = msg };
        if (data is not null)
        {
            body["data"] = data;
        }

        return Write(body, state.Settings.HttpStatusEqualsCode ? code : 200);
    }

    public static IResult Write(JsonNode body, int httpStatus = 200) =>
        Results.Content(body.ToJsonString(Options), "application/json", Encoding.UTF8, httpStatus);

    public static long UnixMs(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static long? UnixMs(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds();
}
