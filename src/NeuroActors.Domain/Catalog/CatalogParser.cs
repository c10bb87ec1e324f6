using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace NeuroActors.Domain.Catalog;

/// <summary>
/// Reads a catalogue file (catalog/models.yaml, or the same schema from a remote source) into a validated
/// <see cref="CatalogDocument"/>. Every problem is reported with the file and the line it is on; nothing half-valid
/// comes out.
/// </summary>
public static class CatalogParser
{
    public const int SupportedSchema = 1;

    public static CatalogDocument Parse(string text, string sourceName)
    {
        if (TryParse(text, sourceName, out var document, out var problems))
        {
            return document;
        }

        throw new CatalogLoadException(problems);
    }

    public static bool TryParse(
        string text,
        string sourceName,
        [NotNullWhen(true)] out CatalogDocument? document,
        out IReadOnlyList<CatalogProblem> problems)
    {
        var reader = new CatalogYamlReader(sourceName);
        document = reader.Read(text);
        problems = reader.Problems;
        if (problems.Count > 0)
        {
            document = null;
        }

        return document is not null;
    }

    /// <summary>Reads and validates a file; a missing or malformed file throws <see cref="CatalogLoadException"/>.</summary>
    public static CatalogDocument LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CatalogLoadException([new CatalogProblem(path, 0, "cannot read the catalogue: " + e.Message)]);
        }

        return Parse(text, path);
    }

    internal static string Sha256Hex(string text) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}
