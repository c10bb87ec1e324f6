using System.Text;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;
using NeuroActors.Tests.Texts;

namespace NeuroActors.Tests.Conversation;

/// <summary>Random walks through the conversation: whatever the user does, the machine's contracts hold.</summary>
public class ConversationPropertyTests
{
    private static readonly string[] Commands = ["/start", "/menu", "/balance", "/history", "/help", "/language", "/status #ABCD", "/status", "/admin", "/cancel", "/nonsense"];

    private static readonly string[] Texts = ["a red fox", "", "   ", "<b>&</b>", new string('x', 6000), "кот в сапогах", "🦊🦊🦊", "/", "@bot hi"];

    [Fact]
    public void Random_walks_keep_every_contract_of_the_machine()
    {
        var reached = new HashSet<string>();
        var orders = 0;
        for (var seed = 0; seed < 60; seed++)
        {
            orders += Walk(seed, steps: 150, reached);
        }

        // The walks must really get somewhere, or the contracts above were checked on the main menu only.
        Assert.True(orders >= 20, $"only {orders} orders placed");
        string[] steps = ["ChoosingModel", "AwaitingImage", "AwaitingPrompt", "ImprovingPrompt", "ReviewingImprovedPrompt", "ChoosingVariants", "Confirming"];
        Assert.Empty(steps.Except(reached));
    }

    private static int Walk(int seed, int steps, HashSet<string> reached)
    {
        var orders = 0;
        var random = new Random(seed);
        var h = new ConversationHarness(TestMenu.Create(extraImageModels: seed % 3 * 10), improvement: seed % 2 == 0, available: random.Next(0, 200), languageCode: seed % 4 == 0 ? "ru" : "en");
        var lastScreens = new List<Screen>();

        for (var step = 0; step < steps; step++)
        {
            var input = NextInput(random, h, lastScreens);
            var before = h.State;
            var decision = h.Send(input);
            var context = $"seed {seed}, step {step}, input {input}, state before {before.Step}";

            // Each tap is answered exactly once, and first; nothing else answers a callback.
            var answers = decision.Effects.OfType<ConversationEffect.AnswerCallback>().ToList();
            if (input is ConversationInput.ButtonTapped)
            {
                Assert.True(answers.Count == 1, context);
                Assert.True(decision.Effects[0] is ConversationEffect.AnswerCallback, context);
                Assert.True(Html.CountChars(answers[0].Toast) <= 200, context);
            }
            else
            {
                Assert.True(answers.Count == 0, context);
            }

            // The state a decision reports is the fold of its events.
            var folded = decision.Events.Aggregate(before, ConversationMachine.Apply);
            AssertSameState(folded, decision.State, context);

            // Every screen is valid Telegram HTML within limits, and every button decodes to a real action.
            foreach (var screen in decision.Screens())
            {
                HtmlCheck.AssertWellFormed(screen.Html);
                Assert.True(screen.Html.Length <= 4096, context);
                foreach (var button in screen.Keyboard?.Buttons ?? [])
                {
                    Assert.True(Encoding.UTF8.GetByteCount(button.CallbackData!) <= CallbackCodec.MaxBytes, context);
                    Assert.IsNotType<CallbackAction.Outdated>(CallbackCodec.Decode(button.CallbackData));
                }
            }

            // At most one order per decision, never more than the user can pay at that moment.
            var placed = decision.Effects.OfType<ConversationEffect.PlaceOrder>().ToList();
            Assert.True(placed.Count <= 1, context);
            Assert.True(placed.Count == 0 || h.Available >= 0, context);
            orders += placed.Count;
            reached.Add(h.State.Step.GetType().Name);

            // Bad input (a reply without events) leaves the draft exactly as it was.
            if (decision.Events.Count == 0)
            {
                Assert.Equal(before, h.State);
            }

            if (decision.Screens().Any())
            {
                lastScreens = decision.Screens().ToList();
            }

            if (random.Next(10) == 0)
            {
                h.Available += random.Next(0, 100);
            }
        }

        // The journal alone rebuilds the state (what recovery does).
        AssertSameState(h.Journal.Aggregate(ConversationState.New, ConversationMachine.Apply), h.State, $"seed {seed}, replay");
        return orders;
    }

    private static ConversationInput NextInput(Random random, ConversationHarness h, List<Screen> lastScreens)
    {
        var buttons = lastScreens.SelectMany(s => s.Keyboard?.Buttons ?? []).ToList();
        if (h.State.Step is ConversationStep.ImprovingPrompt { Current: var improving } && random.Next(2) == 0)
        {
            // The LLM answers (well, badly or not at all) while the user may still be tapping.
            return random.Next(4) == 0
                ? new ConversationInput.PromptImprovementFailed(improving.Number, improving.Prompt!)
                : new ConversationInput.PromptImprovementReady(improving.Number, improving.Prompt!, random.Next(3) == 0 ? Texts[random.Next(Texts.Length)] : "improved " + improving.Prompt);
        }

        switch (random.Next(12))
        {
            case < 5 when buttons.Count > 0:
                var button = buttons[random.Next(buttons.Count)];
                return new ConversationInput.ButtonTapped($"cb{random.Next()}", random.Next(1, 1000), CallbackCodec.Decode(button.CallbackData));
            case 5:
                return new ConversationInput.ButtonTapped("cb", 1, CallbackCodec.Decode(RandomData(random)));
            case 6:
                return ConversationInput.FromMessageText(Commands[random.Next(Commands.Length)]);
            case 7:
                return new ConversationInput.Photo($"ph{random.Next(5)}", random.Next(3) == 0 ? 30_000_000 : 100_000, random.Next(2) == 0 ? null : Texts[random.Next(Texts.Length)]);
            case 8:
                return random.Next(2) == 0
                    ? new ConversationInput.OtherMessage((OtherMedia)random.Next(Enum.GetValues<OtherMedia>().Length))
                    : new ConversationInput.Document("doc", 1000, random.Next(2) == 0 ? "image/png" : "application/zip", null);
            case 9:
                // A late or stray LLM answer for some draft: must change nothing unless it is the awaited one.
                return new ConversationInput.PromptImprovementReady(random.Next(1, 5), "a red fox", "better fox");
            default:
                return new ConversationInput.Text(Texts[random.Next(Texts.Length)]);
        }
    }

    private static string RandomData(Random random)
    {
        var chars = "1:mkpotwianevbcqrghBHLlA0123456789ABCXYZ-_é🦊";
        var length = random.Next(0, 70);
        var builder = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            builder.Append(chars[random.Next(chars.Length)]);
        }

        return builder.ToString();
    }

    private static void AssertSameState(ConversationState expected, ConversationState actual, string context)
    {
        Assert.True(expected.Step == actual.Step, $"{context}: step {expected.Step} vs {actual.Step}");
        Assert.True(expected.IsRegistered == actual.IsRegistered && expected.ChosenLanguage == actual.ChosenLanguage, context);
        Assert.True(expected.LastDraftNumber == actual.LastDraftNumber, context);
        Assert.True(expected.RecentOrders.SequenceEqual(actual.RecentOrders), context);
    }
}
