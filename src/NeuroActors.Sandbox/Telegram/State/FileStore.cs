using System.Security.Cryptography;

namespace NeuroActors.Sandbox.Telegram.State;

/// <summary>A stored file: what a file_id stands for.</summary>
internal sealed record StoredFile(
    string FileId,
    string FileUniqueId,
    string Kind,
    byte[] Content,
    string? MimeType,
    string? FileName,
    string FilePath,
    int? Width,
    int? Height)
{
    public long Size => Content.LongLength;
}

/// <summary>Files uploaded by the bot, fetched from URLs, or sent by users. Not thread-safe: the owner holds the sandbox lock.</summary>
internal sealed class FileStore
{
    private readonly Dictionary<string, StoredFile> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredFile> _byPath = new(StringComparer.Ordinal);
    private int _counter;

    public StoredFile Add(string kind, byte[] content, string? mimeType, string? fileName, int? width = null, int? height = null)
    {
        _counter++;
        var fileId = NewFileId(kind);
        var extension = Extension(fileName, mimeType, kind);
        var path = $"{Folder(kind)}/file_{_counter}{extension}";
        var file = new StoredFile(fileId, UniqueId(content), kind, content, mimeType, fileName, path, width, height);
        _byId[fileId] = file;
        _byPath[path] = file;
        return file;
    }

    public StoredFile? Find(string fileId) => _byId.GetValueOrDefault(fileId);

    public StoredFile? FindByPath(string path) => _byPath.GetValueOrDefault(path);

    public void Clear()
    {
        _byId.Clear();
        _byPath.Clear();
    }

    // Real file ids are long base64url strings; a kind prefix keeps them readable in test output.
    private static string NewFileId(string kind) =>
        "Ag" + kind[..2].ToUpperInvariant() + Base64Url(RandomNumberGenerator.GetBytes(24));

    private static string UniqueId(byte[] content) => "AQ" + Base64Url(SHA256.HashData(content).AsSpan(0, 9).ToArray());

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Folder(string kind) => kind switch
    {
        "photo" => "photos",
        "video" => "videos",
        "audio" => "music",
        "voice" => "voice",
        "animation" => "animations",
        _ => "documents",
    };

    private static string Extension(string? fileName, string? mimeType, string kind)
    {
        var fromName = Path.GetExtension(fileName);
        if (!string.IsNullOrEmpty(fromName))
        {
            return fromName.ToLowerInvariant();
        }

        return mimeType switch
        {
            "image/jpeg" => ".jpg",
            "image/png" => ".png",
            "image/gif" => ".gif",
            "image/webp" => ".webp",
            "video/mp4" => ".mp4",
            "audio/mpeg" => ".mp3",
            "audio/ogg" => ".oga",
            "application/pdf" => ".pdf",
            _ => kind switch
            {
                "photo" => ".jpg",
                "video" or "animation" => ".mp4",
                "audio" => ".mp3",
                "voice" => ".oga",
                _ => string.Empty,
            },
        };
    }
}
