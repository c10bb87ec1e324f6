using NeuroActors.Domain.Telegram;

namespace NeuroActors.Domain.Orders;

/// <summary>An order's results sent again from /history: media by Telegram's file ids (albums of up to ten), transcripts as text.</summary>
public static class ResultResend
{
    public static IReadOnlyList<OutboundMessage> Messages(TrackedOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Opened.TextResult == true)
        {
            return ResultMedia.Parts(order).Select(ResultMedia.Message).ToArray();
        }

        var type = ResultMedia.TypeOf(order.Opened.Kind);
        var captions = ResultMedia.Items(order);
        var items = (order.ResultFileIds ?? []).Select((fileId, n) => new MediaItem(type, fileId, n < captions.Count ? captions[n].CaptionHtml : null)).ToArray();
        return items.Chunk(ResultMedia.AlbumSize).Select(part => ResultMedia.Message(part)).ToArray();
    }
}
