using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace NeuroActors.Sandbox.Kie;

/// <summary>
/// The bytes behind result URLs: a PNG drawn here (its colours follow the task id, so results differ), and a 2 s MP4
/// (H.264 + AAC, 160x90) and a 2 s MP3 (440 Hz tone) shipped as embedded resources, and a one-line transcript.
/// </summary>
public static class KieSampleMedia
{
    private const int ImageSize = 64;
    private static readonly Lazy<byte[]> Mp4 = new(() => Resource("sample.mp4"));
    private static readonly Lazy<byte[]> Mp3 = new(() => Resource("sample.mp3"));
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static byte[] Video => Mp4.Value;

    public static byte[] Audio => Mp3.Value;

    /// <summary>What a simulated speech-to-text task "heard".</summary>
    public const string Transcript = "This is a simulated transcript of the uploaded audio.";

    public static string Extension(KieResultKind kind) => kind switch
    {
        KieResultKind.Image => "png",
        KieResultKind.Video => "mp4",
        KieResultKind.Text => "txt",
        _ => "mp3",
    };

    public static string ContentType(KieResultKind kind) => kind switch
    {
        KieResultKind.Image => "image/png",
        KieResultKind.Video => "video/mp4",
        KieResultKind.Text => "text/plain; charset=utf-8",
        _ => "audio/mpeg",
    };

    public static byte[] For(KieResultKind kind, string seed) => kind switch
    {
        KieResultKind.Image => Png(seed),
        KieResultKind.Video => Video,
        KieResultKind.Text => Encoding.UTF8.GetBytes(Transcript),
        _ => Audio,
    };

    /// <summary>A 64x64 RGB PNG: a diagonal blend of two colours taken from the seed's hash.</summary>
    public static byte[] Png(string seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var raw = new byte[ImageSize * ((ImageSize * 3) + 1)];
        var offset = 0;
        for (var y = 0; y < ImageSize; y++)
        {
            raw[offset++] = 0; // filter type None
            for (var x = 0; x < ImageSize; x++)
            {
                var t = (x + y) / (2.0 * (ImageSize - 1));
                for (var c = 0; c < 3; c++)
                {
                    raw[offset++] = (byte)((hash[c] * (1 - t)) + (hash[c + 3] * t));
                }
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, ImageSize);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), ImageSize);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type RGB
        WriteChunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(raw);
            }

            WriteChunk(png, "IDAT", compressed.ToArray());
        }

        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeAndData = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData, 4);
        stream.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        stream.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }

    private static byte[] Resource(string name)
    {
        var assembly = typeof(KieSampleMedia).Assembly;
        using var stream = assembly.GetManifestResourceStream($"NeuroActors.Sandbox.Kie.Media.{name}")
            ?? throw new InvalidOperationException($"The sandbox is built without its sample media '{name}'.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
