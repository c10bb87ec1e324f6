using System.IO.Compression;
using System.Text;
using NeuroActors.Domain.Catalog;

namespace NeuroActors.Actors.Catalog;

/// <summary>Between a stored or published <see cref="CatalogVersion"/> and the snapshot a node serves.</summary>
public static class CatalogVersions
{
    public static byte[] Compress(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            gzip.Write(bytes, 0, bytes.Length);
        }

        return buffer.ToArray();
    }

    public static string Decompress(byte[] gzip)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var reader = new StreamReader(input, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public static IReadOnlyList<ModelAvailability> Availability(CatalogVersion version) =>
        version.Unavailable
            .Select(u => new ModelAvailability(u.ModelId, AvailabilityStatus.Unavailable, u.Reason, u.CheckedAt))
            .ToArray();

    /// <summary>Parses the version's text into the snapshot nodes serve; throws <see cref="CatalogLoadException"/> if it no longer parses.</summary>
    public static CatalogSnapshot ToSnapshot(CatalogVersion version) =>
        CatalogSnapshot.Create(CatalogParser.Parse(Decompress(version.YamlGzip), version.Source), Availability(version), version.Number);
}
