using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NeuroActors.Domain.Catalog;

/// <summary>Option value types and the canonical text of a value, shared by the reader and the price lookup.</summary>
internal sealed partial class CatalogYamlReader
{
    private static bool TryParseValueType(string text, out OptionValueType type)
    {
        switch (text)
        {
            case "string":
                type = OptionValueType.Text;
                return true;
            case "integer":
                type = OptionValueType.WholeNumber;
                return true;
            case "number":
                type = OptionValueType.Number;
                return true;
            case "boolean":
                type = OptionValueType.Boolean;
                return true;
            default:
                type = OptionValueType.Text;
                return false;
        }
    }

    /// <summary>The canonical text of an option value of a type, or null when the text is not of that type.</summary>
    internal static string? NormalizeValue(string text, OptionValueType type)
    {
        switch (type)
        {
            case OptionValueType.Boolean:
                return text.Equals("true", StringComparison.OrdinalIgnoreCase) ? "true"
                    : text.Equals("false", StringComparison.OrdinalIgnoreCase) ? "false"
                    : null;
            case OptionValueType.WholeNumber:
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                    ? l.ToString(CultureInfo.InvariantCulture)
                    : null;
            case OptionValueType.Number:
                return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
                    ? d.ToString(CultureInfo.InvariantCulture)
                    : null;
            default:
                return text.Length > 0 ? text : null;
        }
    }

    private static string NormalizeScalar(YamlScalarNode? node, string value) =>
        node is not null && IsPlainBool(node) ? value.ToLowerInvariant() : value;

    private static bool IsPlainBool(YamlScalarNode node) =>
        node.Style == ScalarStyle.Plain &&
        (string.Equals(node.Value, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(node.Value, "false", StringComparison.OrdinalIgnoreCase));
}
