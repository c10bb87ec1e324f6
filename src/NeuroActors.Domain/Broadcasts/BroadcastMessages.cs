using NeuroActors.Domain.Telegram;

namespace NeuroActors.Domain.Broadcasts;

public static class BroadcastMessages
{
    /// <summary>What each recipient gets: the HTML text, or the photo (a Telegram file id, sent again by id) with the HTML as its caption.</summary>
    public static OutboundMessage ToMessage(this BroadcastContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return content.PhotoFileId is { Length: > 0 } photo
            ? new OutboundMessage.SendMedia(new MediaItem(OutboundMediaType.Photo, photo, string.IsNullOrEmpty(content.Html) ? null : content.Html))
            : new OutboundMessage.SendScreen(new Screen(content.Html, null));
    }
}
