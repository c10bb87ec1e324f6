using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Failures;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Tests.Flow;

public sealed class OrderBookTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static OrderOpened Opened(string id = "ORDER1", int variants = 3) =>
        new(id, "flux-2/pro", "Flux 2 Pro", MediaKind.Image, "a fox", variants, 5, 77, Language.English, At);

    [Fact]
    public void An_order_stays_open_until_every_variant_settled_and_the_results_were_delivered()
    {
        var book = OrderBook.Empty.Apply(Opened());
        book = book.Apply(new VariantSettled("ORDER1", 1, VariantOutcome.Done(["u1"]), At));
        book = book.Apply(new VariantSettled("ORDER1", 2, VariantOutcome.Failed(FailureClass.Temporary, FailureTextKeys.Temporary, 3), At));
        Assert.False(book.Open["ORDER1"].AllSettled);
        Assert.Empty(book.AwaitingDelivery);
        Assert.Equal([3], book.Open["ORDER1"].OpenIndexes);

        book = book.Apply(new VariantSettled("ORDER1", 3, VariantOutcome.Done(["u3"]), At));
        Assert.Single(book.AwaitingDelivery);
        Assert.Equal(HistoryState.PartlyDone, book.Open["ORDER1"].HistoryState);

        book = book.Apply(new OrderDelivered("ORDER1", At));
        Assert.Empty(book.Open);
        Assert.True(book.Find("ORDER1")!.Delivered);
    }

    [Fact]
    public void A_variant_settles_once_whatever_comes_later()
    {
        var book = OrderBook.Empty.Apply(Opened(variants: 1))
            .Apply(new VariantSettled("ORDER1", 1, VariantOutcome.Done(["u1"]), At))
            .Apply(new VariantSettled("ORDER1", 1, VariantOutcome.Failed(FailureClass.Unknown, FailureTextKeys.Unknown, 1), At));
        Assert.Equal(VariantStage.Done, book.Open["ORDER1"].Outcomes[1].Stage);
    }

    [Fact]
    public void History_keeps_the_newest_finished_orders_only()
    {
        var book = OrderBook.Empty;
        for (var i = 0; i < OrderBook.HistoryKept + 5; i++)
        {
            var id = $"ORDER{i}";
            book = book.Apply(Opened(id, 1) with { At = At.AddMinutes(i) })
                .Apply(new VariantSettled(id, 1, VariantOutcome.Cancelled, At))
                .Apply(new OrderDelivered(id, At));
        }

        Assert.Equal(OrderBook.HistoryKept, book.Finished.Count);
        Assert.Equal($"ORDER{OrderBook.HistoryKept + 4}", book.Newest()[0].OrderId);
        Assert.Equal(HistoryState.Cancelled, book.Newest()[0].HistoryState);
    }

    [Fact]
    public void The_status_shows_live_progress_for_running_variants_and_outcomes_for_settled_ones()
    {
        var order = OrderBook.Empty.Apply(Opened())
            .Apply(new VariantSettled("ORDER1", 1, VariantOutcome.Done(["u1"]), At)).Open["ORDER1"];
        var status = order.Status(i => i == 2 ? new VariantProgress(2, VariantStage.Generating, ProgressPercent: 40) : null);
        Assert.Equal([VariantStage.Done, VariantStage.Generating, VariantStage.Queued], status.Variants.Select(v => v.Stage));
        Assert.Equal("DGQ", OrderStatusView.Milestone(status));
    }
}
