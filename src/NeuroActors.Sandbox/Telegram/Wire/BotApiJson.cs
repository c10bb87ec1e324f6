using System.Text.Encodings.Web;
using System.Text.Json;

namespace NeuroActors.Sandbox.Telegram.Wire;

/// <summary>JSON output like the real server's: UTF-8 text, no HTML-safe escaping of quotes and angle brackets.</summary>
internal static class BotApiJson
{
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonSerializerOptions NodeOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
