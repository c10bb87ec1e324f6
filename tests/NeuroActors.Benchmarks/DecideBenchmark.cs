using System.Globalization;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using ConversationKind = NeuroActors.Domain.Conversation.MediaKind;

namespace NeuroActors.Benchmarks;

/// <summary>The conversation's decision function over the journey every order takes, as a user's actor runs it.</summary>
public static class DecideBenchmark
{
    public const int DecisionsPerJourney = 6;

    public static async Task RunAsync(BenchmarkContext context)
    {
        var menu = BenchmarkCatalog.Menu(BenchmarkCatalog.Load());
        var setup = new ConversationSetup(menu, PromptImprovementEnabled: true);
        var model = menu.ModelsOf(ConversationKind.Image).First(m => !m.NeedsImage);
        var now = new DateTimeOffset(2026, 3, 14, 18, 5, 0, TimeSpan.Zero);
        var orders = 0L;
        var decisionContext = new ConversationContext(setup, now, "en", AvailableCredits: 100_000, NewOrderId: () => "ORDER" + (++orders).ToString(CultureInfo.InvariantCulture));

        // Checked once: a journey that does not end in an order would measure something else.
        var placed = Journey(ConversationState.New, model, decisionContext, out var effects);
        if (!placed)
        {
            throw new InvalidOperationException("The scripted journey did not place an order; effects: " + string.Join(", ", effects));
        }

        await context.Output.WriteLineAsync($"journey on {model.Id}: /start, {model.Kind} list, pick, prompt, 2 variants, confirm ({DecisionsPerJourney} decisions)");
        await context.Output.WriteLineAsync(Measure.Run("journey from a new user (with registration)", n =>
        {
            long count = 0;
            for (var i = 0; i < n; i++)
            {
                count += Journey(ConversationState.New, model, decisionContext, out _) ? 1 : 0;
            }

            return count;
        }, DecisionsPerJourney, cancellation: context.Cancellation).ToString().Replace("/op", "/decision", StringComparison.Ordinal).Replace("op/s", "decisions/s", StringComparison.Ordinal));

        // A returning user: registered, welcome credits granted; every journey starts from the state after the first.
        var returning = ConversationMachine.Decide(ConversationState.New, ConversationInput.FromMessageText("/start"), decisionContext).State;
        await context.Output.WriteLineAsync(Measure.Run("journey from a returning user", n =>
        {
            long count = 0;
            for (var i = 0; i < n; i++)
            {
                count += Journey(returning, model, decisionContext, out _) ? 1 : 0;
            }

            return count;
        }, DecisionsPerJourney, cancellation: context.Cancellation).ToString().Replace("/op", "/decision", StringComparison.Ordinal).Replace("op/s", "decisions/s", StringComparison.Ordinal));

        await context.Output.WriteLineAsync($"(orders placed {orders:N0}, sink {Measure.Sink})");
    }

    /// <summary>One order from /start to confirm; true when it placed the order.</summary>
    private static bool Journey(ConversationState state, MenuModel model, ConversationContext context, out IReadOnlyList<ConversationEffect> lastEffects)
    {
        state = Step(state, ConversationInput.FromMessageText("/start"), context, out _);
        state = Step(state, Tap("cb1", new CallbackAction.OpenKind(model.Kind, 0)), context, out _);
        state = Step(state, Tap("cb2", new CallbackAction.PickModel(model.Key)), context, out _);
        state = Step(state, ConversationInput.FromMessageText("a red fox in the snow at golden hour, watercolor"), context, out _);
        var draft = state.Draft?.Number ?? -1;
        state = Step(state, Tap("cb3", new CallbackAction.ChooseVariants(draft, 2)), context, out _);
        Step(state, Tap("cb4", new CallbackAction.Confirm(draft)), context, out lastEffects);
        return lastEffects.Any(e => e is ConversationEffect.PlaceOrder);
    }

    private static ConversationInput Tap(string id, CallbackAction action) => new ConversationInput.ButtonTapped(id, 500, action);

    private static ConversationState Step(ConversationState state, ConversationInput input, ConversationContext context, out IReadOnlyList<ConversationEffect> effects)
    {
        var decision = ConversationMachine.Decide(state, input, context);
        effects = decision.Effects;
        return decision.State;
    }
}
