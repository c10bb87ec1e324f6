using System.Globalization;
using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NeuroActors.Domain.Catalog;

/// <summary>YAML to JSON conversion (a fixed field's value goes into the request body as JSON).</summary>
internal sealed partial class CatalogYamlReader
{
    /// <summary>YAML to JSON for fixed fields: plain true/false and numbers keep their type, quoted text stays text.</summary>
    private static string ToJson(YamlNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(writer, node);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteJson(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlSequenceNode seq:
                writer.WriteStartArray();
                foreach (var child in seq.Children)
                {
                    WriteJson(writer, child);
                }

                writer.WriteEndArray();
                break;
            case YamlMappingNode map:
                writer.WriteStartObject();
                foreach (var (key, value) in map.Children)
                {
                    writer.WritePropertyName(((YamlScalarNode)key).Value ?? string.Empty);
                    WriteJson(writer, value);
                }

                writer.WriteEndObject();
                break;
            case YamlScalarNode scalar:
                var text = scalar.Value ?? string.Empty;
                if (scalar.Style != ScalarStyle.Plain)
                {
                    writer.WriteStringValue(text);
                }
                else if (IsPlainBool(scalar))
                {
                    writer.WriteBooleanValue(text.Equals("true", StringComparison.OrdinalIgnoreCase));
                }
                else if (text is "" or "~" or "null")
                {
                    writer.WriteNullValue();
                }
                else if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    writer.WriteNumberValue(l);
                }
                else if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
                {
                    writer.WriteNumberValue(d);
                }
                else
                {
                    writer.WriteStringValue(text);
                }

                break;
        }
    }
}
