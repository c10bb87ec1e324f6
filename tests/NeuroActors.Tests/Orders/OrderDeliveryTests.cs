using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Failures;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Tests.Orders;

public sealed class OrderDeliveryTests
{
    private const string OrderId = "ORDER1";
    private static readonly DateTimeOffset At = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly SendOutcome Sent = new SendOutcome.Sent([1]);

    [Fact]
    public void One_result_goes_as_one_captioned_media_after_a_chat_action_and_Ready_follows_only_once_Telegram_took_it()
    {
        var order = Order(MediaKind.Image, Done("http://kie.test/1.png"));

        var begun = OrderDelivery.Begin(order, chatBlocked: false, At);

        Assert.Empty(begun.Events);
        Assert.Equal(new OrderSend(new OutboundMessage.ChatAction("upload_photo"), DeliveryId.None), begun.Sends[0]);
        var media = Assert.IsType<OutboundMessage.SendMedia>(begun.Sends[1].Message);
        Assert.Equal((OutboundMediaType.Photo, "http://kie.test/1.png"), (media.Item.Type, media.Item.Url));
        Assert.Contains("Flux 2 Pro", media.Item.CaptionHtml, StringComparison.Ordinal);
        Assert.Equal(DeliveryId.ResultPart(OrderId, 1), begun.Sends[1].Id);
        Assert.Equal(2, begun.Sends.Count); // no closing message yet

        var taken = begun.Delivery.OnReported(order, DeliveryId.ResultPart(OrderId, 1), Sent, chatBlocked: false, At);

        Assert.Equal([new OrderPartDelivered(OrderId, 1, At)], taken.Events);
        var closing = Assert.Single(taken.Sends);
        Assert.Equal(DeliveryId.Closing(OrderId), closing.Id);
        Assert.Contains("Ready", Assert.IsType<OutboundMessage.SendScreen>(closing.Message).Screen.Html, StringComparison.Ordinal);
        Assert.False(taken.Completes);

        var closed = taken.Delivery.OnReported(order, DeliveryId.Closing(OrderId), Sent, chatBlocked: false, At);

        Assert.Equal([new OrderDelivered(OrderId, At)], closed.Events);
        Assert.Empty(closed.Sends);
        Assert.True(closed.Completes);
    }

    [Fact]
    public void Several_results_go_as_one_album_captioned_on_its_first_item()
    {
        var order = Order(MediaKind.Image, Done("http://kie.test/1.png"), Done("http://kie.test/2.png"), Done("http://kie.test/3.png"));

        var begun = OrderDelivery.Begin(order, chatBlocked: false, At);

        var album = Assert.IsType<OutboundMessage.SendAlbum>(Assert.Single(begun.Sends, s => s.Id.Kind == DeliveryKind.ResultPart).Message);
        Assert.Equal(["http://kie.test/1.png", "http://kie.test/2.png", "http://kie.test/3.png"], album.Items.Select(i => i.Url));
        Assert.NotNull(album.Items[0].CaptionHtml);
        Assert.All(album.Items.Skip(1), i => Assert.Null(i.CaptionHtml));
    }

    [Fact]
    public void Audio_results_each_carry_their_own_caption()
    {
        var order = Order(MediaKind.Music, Done("http://kie.test/1.mp3", "http://kie.test/2.mp3"));

        var album = Assert.IsType<OutboundMessage.SendAlbum>(OrderDelivery.Begin(order, chatBlocked: false, At).Sends[1].Message);

        Assert.All(album.Items, i => Assert.Equal(OutboundMediaType.Audio, i.Type));
        Assert.All(album.Items, i => Assert.NotNull(i.CaptionHtml));
    }

    [Fact]
    public void More_than_ten_results_go_as_albums_of_ten_and_the_closing_message_waits_for_the_last()
    {
        var urls = Enumerable.Range(1, 12).Select(i => $"http://kie.test/{i}.png").ToArray();
        var order = Order(MediaKind.Image, Done(urls[..4]), Done(urls[4..8]), Done(urls[8..]));

        var begun = OrderDelivery.Begin(order, chatBlocked: false, At);

        var parts = begun.Sends.Where(s => s.Id.Kind == DeliveryKind.ResultPart).ToList();
        Assert.Equal([DeliveryId.ResultPart(OrderId, 1), DeliveryId.ResultPart(OrderId, 2)], parts.Select(p => p.Id));
        Assert.Equal(10, Assert.IsType<OutboundMessage.SendAlbum>(parts[0].Message).Items.Count);
        Assert.Equal(urls[10..], Assert.IsType<OutboundMessage.SendAlbum>(parts[1].Message).Items.Select(i => i.Url));

        var first = begun.Delivery.OnReported(order, parts[0].Id, Sent, chatBlocked: false, At);
        Assert.Equal([new OrderPartDelivered(OrderId, 1, At)], first.Events);
        Assert.Empty(first.Sends);

        var second = first.Delivery.OnReported(order with { PartsDelivered = 1 }, parts[1].Id, Sent, chatBlocked: false, At);
        Assert.Equal([new OrderPartDelivered(OrderId, 2, At)], second.Events);
        Assert.Equal(DeliveryId.Closing(OrderId), Assert.Single(second.Sends).Id);
    }

    [Fact]
    public void A_single_file_too_large_for_Telegram_becomes_a_link_valid_for_a_day_before_Ready()
    {
        var order = Order(MediaKind.Video, Done("http://kie.test/big.mp4"));
        var begun = OrderDelivery.Begin(order, chatBlocked: false, At);

        var step = begun.Delivery.OnReported(order, DeliveryId.ResultPart(OrderId, 1), new SendOutcome.TooLarge("http://kie.test/big.mp4", 80L << 20), false, At);

        Assert.Equal([new OrderPartDelivered(OrderId, 1, At)], step.Events);
        Assert.Equal([DeliveryId.None, DeliveryId.Closing(OrderId)], step.Sends.Select(s => s.Id));
        var link = Assert.IsType<OutboundMessage.SendScreen>(step.Sends[0].Message).Screen.Html;
        Assert.Contains("too large", link, StringComparison.Ordinal);
        Assert.Contains("http://kie.test/big.mp4", link, StringComparison.Ordinal);
        Assert.Equal(UiTexts.For(Language.English).ResultAsLink("http://kie.test/big.mp4", 80L << 20, TimeSpan.FromHours(24)), link);
    }

    [Fact]
    public void An_album_with_a_file_too_large_is_resent_one_by_one_and_only_that_file_becomes_a_link()
    {
        var order = Order(MediaKind.Image, Done("http://kie.test/1.png"), Done("http://kie.test/big.png"), Done("http://kie.test/3.png"));
        var album = DeliveryId.ResultPart(OrderId, 1);
        var begun = OrderDelivery.Begin(order, chatBlocked: false, At);

        var split = begun.Delivery.OnReported(order, album, new SendOutcome.TooLarge("http://kie.test/big.png", 12L << 20), false, At);

        Assert.Empty(split.Events);
        Assert.Equal([album with { Item = 1 }, album with { Item = 2 }, album with { Item = 3 }], split.Sends.Select(s => s.Id));
        Assert.Equal(
            ["http://kie.test/1.png", "http://kie.test/big.png", "http://kie.test/3.png"],
            split.Sends.Select(s => Assert.IsType<OutboundMessage.SendMedia>(s.Message).Item.Url));

        var one = split.Delivery.OnReported(order, album with { Item = 1 }, Sent, false, At);
        var big = one.Delivery.OnReported(order, album with { Item = 2 }, new SendOutcome.TooLarge("http://kie.test/big.png", 12L << 20), false, At);
        Assert.Empty(one.Sends.Concat(one.Events.Cast<object>()));
        var onlyLink = Assert.Single(big.Sends);
        Assert.Contains("http://kie.test/big.png", Assert.IsType<OutboundMessage.SendScreen>(onlyLink.Message).Screen.Html, StringComparison.Ordinal);
        Assert.Empty(big.Events); // the part is not done while one of its items is under way

        var last = big.Delivery.OnReported(order, album with { Item = 3 }, Sent, false, At);
        Assert.Equal([new OrderPartDelivered(OrderId, 1, At)], last.Events);
        Assert.Equal(DeliveryId.Closing(OrderId), Assert.Single(last.Sends).Id);
    }

    [Fact]
    public void After_a_crash_between_parts_only_the_parts_not_yet_delivered_are_sent()
    {
        var urls = Enumerable.Range(1, 12).Select(i => $"http://kie.test/{i}.png").ToArray();
        var order = Order(MediaKind.Image, Done(urls[..6]), Done(urls[6..])) with { PartsDelivered = 1 };

        var resumed = OrderDelivery.Begin(order, chatBlocked: false, At);

        var part = Assert.Single(resumed.Sends, s => s.Id.Kind == DeliveryKind.ResultPart);
        Assert.Equal(DeliveryId.ResultPart(OrderId, 2), part.Id);
        Assert.Equal(urls[10..], Assert.IsType<OutboundMessage.SendAlbum>(part.Message).Items.Select(i => i.Url));
        Assert.DoesNotContain(resumed.Sends, s => s.Id.Kind == DeliveryKind.Closing);
    }

    [Fact]
    public void After_a_crash_once_every_part_reached_the_chat_only_the_closing_message_is_sent()
    {
        var order = Order(MediaKind.Image, Done("http://kie.test/1.png")) with { PartsDelivered = 1 };

        var resumed = OrderDelivery.Begin(order, chatBlocked: false, At);

        Assert.Empty(resumed.Events);
        Assert.Equal(DeliveryId.Closing(OrderId), Assert.Single(resumed.Sends).Id);
    }

    [Fact]
    public void A_part_reported_again_or_an_id_of_another_order_changes_nothing()
    {
        var order = Order(MediaKind.Image, Done("http://kie.test/1.png"), Done("http://kie.test/2.png"));
        var begun = OrderDelivery.Begin(order, chatBlocked: false, At);
        var once = begun.Delivery.OnReported(order, DeliveryId.ResultPart(OrderId, 1), Sent, false, At);

        var twice = once.Delivery.OnReported(order, DeliveryId.ResultPart(OrderId, 1), Sent, false, At);
        var other = once.Delivery.OnReported(order, DeliveryId.ResultPart("OTHER", 1), Sent, false, At);
        var unnamed = once.Delivery.OnReported(order, DeliveryId.None, Sent, false, At);

        Assert.All([twice, other, unnamed], step => Assert.Equal((0, 0, once.Delivery), (step.Sends.Count, step.Events.Count, step.Delivery)));
    }

    [Fact]
    public void When_nothing_succeeded_the_closing_message_is_the_first_failures_notice_with_the_credits_back()
    {
        var order = Order(
            MediaKind.Image,
            VariantOutcome.Cancelled,
            VariantOutcome.Failed(FailureClass.UserViolation, FailureTextKeys.ContentPolicy, 1),
            VariantOutcome.Failed(FailureClass.Temporary, FailureTextKeys.TimedOut, 3));

        var begun = OrderDelivery.Begin(order, chatBlocked: false, At);

        var closing = Assert.Single(begun.Sends);
        Assert.Equal(DeliveryId.Closing(OrderId), closing.Id);
        var expected = UiTexts.For(Language.English).Failure(FailureTextKeys.ContentPolicy, new FailureNoticeArgs(OrderId, 3 * UnitPrice, 1));
        Assert.Equal(expected, Assert.IsType<OutboundMessage.SendScreen>(closing.Message).Screen.Html);
    }

    [Fact]
    public void When_some_variants_succeeded_Ready_says_how_many()
    {
        var order = Order(MediaKind.Image, Done("http://kie.test/1.png"), VariantOutcome.Failed(FailureClass.Temporary, FailureTextKeys.TimedOut, 3));

        var closing = OrderDelivery.ClosingMessage(order);

        Assert.Equal(UiTexts.For(Language.English).ResultsReady(OrderId, 1, 2), closing.Html);
        Assert.NotNull(closing.Keyboard);
    }

    [Fact]
    public void An_order_whose_every_variant_was_cancelled_is_delivered_at_once_with_nothing_sent()
    {
        var order = Order(MediaKind.Image, VariantOutcome.Cancelled, VariantOutcome.Cancelled);

        var begun = OrderDelivery.Begin(order, chatBlocked: false, At);

        Assert.Empty(begun.Sends);
        Assert.Equal([new OrderDelivered(OrderId, At)], begun.Events);
        Assert.True(begun.Completes);
    }

    [Fact]
    public void In_a_blocked_chat_the_order_is_delivered_at_once_and_a_block_reported_mid_delivery_ends_it()
    {
        var order = Order(MediaKind.Image, Done("http://kie.test/1.png"), Done("http://kie.test/2.png"));

        var blocked = OrderDelivery.Begin(order, chatBlocked: true, At);
        Assert.Empty(blocked.Sends);
        Assert.True(blocked.Completes);

        var begun = OrderDelivery.Begin(order, chatBlocked: false, At);
        var ended = begun.Delivery.OnReported(order, DeliveryId.ResultPart(OrderId, 1), new SendOutcome.Blocked("Forbidden: bot was blocked by the user"), true, At);
        Assert.Empty(ended.Sends);
        Assert.Equal([new OrderDelivered(OrderId, At)], ended.Events);
    }

    [Fact]
    public void The_events_a_delivery_returns_bring_the_order_book_to_delivered()
    {
        var order = Order(MediaKind.Image, Done("http://kie.test/1.png"));
        var book = OrderBook.Empty.Apply(order.Opened).Apply(new VariantSettled(OrderId, 1, order.Outcomes[1], At));

        var step = OrderDelivery.Begin(book.Open[OrderId], false, At);
        step = step.Delivery.OnReported(book.Open[OrderId], DeliveryId.ResultPart(OrderId, 1), Sent, false, At);
        book = step.Events.Aggregate(book, (b, e) => b.Apply(e));
        Assert.Equal(1, book.Open[OrderId].PartsDelivered);
        step = step.Delivery.OnReported(book.Open[OrderId], DeliveryId.Closing(OrderId), Sent, false, At);
        book = step.Events.Aggregate(book, (b, e) => b.Apply(e));

        Assert.Empty(book.Open);
        Assert.True(book.Find(OrderId)!.Delivered);
    }

    private const long UnitPrice = 5;

    private static VariantOutcome Done(params string[] urls) => VariantOutcome.Done(urls);

    private static TrackedOrder Order(MediaKind kind, params VariantOutcome[] outcomes)
    {
        var book = OrderBook.Empty.Apply(new OrderOpened(OrderId, "flux-2/pro", "Flux 2 Pro", kind, "a fox", outcomes.Length, UnitPrice, 77, Language.English, At));
        for (var i = 0; i < outcomes.Length; i++)
        {
            book = book.Apply(new VariantSettled(OrderId, i + 1, outcomes[i], At));
        }

        return book.Open[OrderId];
    }
}
