using NeuroActors.Domain.Telegram;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace NeuroActors.Telegram;

/// <summary>Fetches a photo a user sent: getFile, then the download (bots may download files of up to 20 MB).</summary>
public sealed class TelegramFileSource(ITelegramBotClient bot) : ITelegramFileSource
{
    public const long MaxDownloadBytes = 20L * 1024 * 1024;

    public async Task<TelegramFileContent> DownloadAsync(string fileId, CancellationToken cancel)
    {
        global::Telegram.Bot.Types.TGFile file;
        try
        {
            file = await bot.GetFile(fileId, cancel);
        }
        catch (ApiRequestException e) when (e.ErrorCode == 400)
        {
            throw new TelegramFileUnavailableException("Telegram cannot give this file: " + e.Message);
        }

        if (file.FileSize > MaxDownloadBytes || file.FilePath is null)
        {
            throw new TelegramFileUnavailableException($"the file is {file.FileSize} bytes, over the 20 MB bots may download");
        }

        using var content = new MemoryStream();
        await bot.DownloadFile(file.FilePath, content, cancel);
        var name = Path.GetFileName(file.FilePath);
        return new TelegramFileContent(content.ToArray(), string.IsNullOrEmpty(name) ? "photo.jpg" : name, ContentTypeOf(name));
    }

    private static string? ContentTypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".webp" => "image/webp",
        _ => null,
    };
}
