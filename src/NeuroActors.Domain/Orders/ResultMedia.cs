using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Orders;

/// <summary>How an order's results look in Telegram: which media type, which captions, which chat action announces them.</summary>
public static class ResultMedia
{
    /// <summary>Telegram's largest album.</summary>
    public const int AlbumSize = 10;

    public static OutboundMediaType TypeOf(MediaKind kind) => kind switch
    {
        MediaKind.Image => OutboundMediaType.Photo,
        MediaKind.Video => OutboundMediaType.Video,
        _ => OutboundMediaType.Audio,
    };

    /// <summary>The chat action shown while results of this kind are made or sent ("sending a photo...").</summary>
    public static string UploadAction(MediaKind kind) => kind switch
    {
        MediaKind.Image => "upload_photo",
        MediaKind.Video => "upload_video",
        _ => "upload_voice",
    };

    /// <summary>The longest transcript sent as a message; a longer one comes as its start and a .txt file (Telegram takes 4096 characters).</summary>
    public const int MaxTextMessageChars = 3500;

    /// <summary>Every result file of the order's done variants, in variant order, captioned.</summary>
    public static IReadOnlyList<MediaItem> Items(TrackedOrder order)
    {
        if (order.Opened.TextResult == true)
        {
            return TextItems(order);
        }

        var t = UiTexts.For(order.Opened.Language);
        var type = TypeOf(order.Opened.Kind);
        var results = order.Outcomes.Where(o => o.Value.Stage == VariantStage.Done).OrderBy(o => o.Key)
            .SelectMany(o => o.Value.ResultUrls.Select(url => (Index: o.Key, Url: url)))
            .ToList();

        // An album shows one caption (the first item's); audio albums show each file's own.
        return results.Select((r, n) => new MediaItem(
            type,
            r.Url,
            n == 0 || type == OutboundMediaType.Audio
                ? OrderMessages.Caption(t, order.Opened.ModelName, order.Opened.Prompt, order.RequestId(r.Index), r.Index, order.Opened.Variants)
                : null)).ToList();
    }

    /// <summary>The result messages of the order, in the order the chat gets them: albums of up to <see cref="AlbumSize"/> (texts one by one).</summary>
    public static IReadOnlyList<IReadOnlyList<MediaItem>> Parts(TrackedOrder order) =>
        Items(order).Chunk(order.Opened.TextResult == true ? 1 : AlbumSize).ToArray();

    /// <summary>One item goes as a media message (a text result as a message), more as an album.</summary>
    public static OutboundMessage Message(IReadOnlyList<MediaItem> part) =>
        part.Count == 1 && part[0].TextHtml is { } text ? new OutboundMessage.SendScreen(new Screen(text, null))
        : part.Count == 1 ? new OutboundMessage.SendMedia(part[0])
        : new OutboundMessage.SendAlbum(part);

    /// <summary>
    /// Speech to text: each transcript as a message under its heading; a long one as its start in the caption of the
    /// .txt file KIE made (or, without a file, its start as a message).
    /// </summary>
    private static IReadOnlyList<MediaItem> TextItems(TrackedOrder order)
    {
        var language = order.Opened.Language;
        var items = new List<MediaItem>();
        foreach (var (index, outcome) in order.Outcomes.Where(o => o.Value.Stage == VariantStage.Done).OrderBy(o => o.Key))
        {
            var heading = InputTexts.TranscriptHeading(language, UiTexts.OrderTag(order.RequestId(index)));
            var url = outcome.ResultUrls.Count > 0 ? outcome.ResultUrls[0] : string.Empty;
            var text = outcome.ResultText ?? string.Empty;
            if (text.Length == 0 && url.Length > 0)
            {
                items.Add(new MediaItem(OutboundMediaType.Document, url, heading));
            }
            else if (Html.CountChars(text) <= MaxTextMessageChars || url.Length == 0)
            {
                items.Add(new MediaItem(OutboundMediaType.Document, url, null, heading + "\n\n" + Html.EscapeShort(text, MaxTextMessageChars, keepLineBreaks: true)));
            }
            else
            {
                items.Add(new MediaItem(OutboundMediaType.Document, url,
                    heading + "\n\n" + Html.EscapeShort(text, 700, keepLineBreaks: true) + "\n" + InputTexts.TranscriptContinues(language)));
            }
        }

        return items;
    }
}
