using System.Diagnostics;
using System.Globalization;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Texts;
using ConversationKind = NeuroActors.Domain.Conversation.MediaKind;

namespace NeuroActors.Benchmarks;

/// <summary>Catalogue load time, and the cost of rendering the screens users see most.</summary>
public static class MenuBenchmark
{
    public static async Task RunAsync(BenchmarkContext context)
    {
        var output = context.Output;

        // The first load pays for JIT and YAML reader warm-up: what a node pays once at start.
        var started = Stopwatch.GetTimestamp();
        var snapshot = BenchmarkCatalog.Load();
        var cold = Stopwatch.GetElapsedTime(started);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"catalogue {BenchmarkCatalog.Options.FilePath}: {snapshot.Models.Count} models, {new FileInfo(BenchmarkCatalog.Options.FilePath).Length:N0} bytes"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{"catalogue load, first (cold)",-44} {cold.TotalMilliseconds,9:N1} ms"));
        await output.WriteLineAsync(Measure.Run("catalogue load (parse + validate + snapshot)", n =>
        {
            long models = 0;
            for (var i = 0; i < n; i++)
            {
                models += BenchmarkCatalog.Load().Models.Count;
            }

            return models;
        }, round: TimeSpan.FromSeconds(2), cancellation: context.Cancellation).ToString());

        var menu = BenchmarkCatalog.Menu(snapshot);
        await output.WriteLineAsync(Measure.Run("menu adapter (snapshot -> model menu)", n =>
        {
            long count = 0;
            for (var i = 0; i < n; i++)
            {
                count += BenchmarkCatalog.Menu(snapshot).Kinds.Count;
            }

            return count;
        }, cancellation: context.Cancellation).ToString());

        var setup = new ConversationSetup(menu, PromptImprovementEnabled: true);
        var imageModels = menu.ModelsOf(ConversationKind.Image);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"menu: {string.Join(", ", menu.Kinds.Select(k => $"{k} {menu.ModelsOf(k).Count}"))}, popular {menu.Popular.Count}"));

        var model = imageModels.First(m => !m.NeedsImage);
        var draft = new DraftOrder(1, model.Id, model.NeedsImage);
        var now = new DateTimeOffset(2026, 3, 14, 18, 5, 0, TimeSpan.Zero);
        var status = OrderStatus.Placed("G7K2QXMNPA", model.DisplayName, model.Kind, model.Price, 3, now.AddSeconds(-72), TimeSpan.FromMinutes(2));
        status = status
            .With(new VariantProgress(1, VariantStage.Done))
            .With(new VariantProgress(2, VariantStage.Generating, ProgressPercent: 40, StartedAt: now.AddSeconds(-72)))
            .With(new VariantProgress(3, VariantStage.Queued, QueuePosition: 2));

        foreach (var texts in new[] { UiTexts.English, UiTexts.Russian })
        {
            var screens = new Screens(texts, setup);
            var code = LanguageResolver.Code(texts.Language);
            await output.WriteLineAsync(Render($"main menu ({code})", () => screens.MainMenu(1234), context));
            await output.WriteLineAsync(Render($"model list, image page 1 ({code})", () => screens.ModelList(ConversationKind.Image, 0), context));
            await output.WriteLineAsync(Render($"model card ({code})", () => screens.Card(draft, model), context));
            await output.WriteLineAsync(Render($"order status, 3 variants ({code})", () => OrderStatusView.Render(status, now, texts), context));
        }

        await output.WriteLineAsync($"(sink {Measure.Sink})");
    }

    private static string Render(string name, Func<Domain.Telegram.Screen> render, BenchmarkContext context) =>
        Measure.Run(name, n =>
        {
            long length = 0;
            for (var i = 0; i < n; i++)
            {
                var screen = render();
                length += screen.Html.Length + (screen.Keyboard?.Rows.Count ?? 0);
            }

            return length;
        }, cancellation: context.Cancellation).ToString();
}
