using System.Collections.Concurrent;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.Benchmarks;

/// <summary>First-reply times of one run, by what the user did.</summary>
internal sealed class ReplyTimes
{
    public ConcurrentBag<TimeSpan> Taps { get; } = [];

    public ConcurrentBag<TimeSpan> Texts { get; } = [];

    /// <summary>Updates that got no reply within the patience.</summary>
    public int Unanswered => _unanswered;

    private int _unanswered;

    public int Updates => Taps.Count + Texts.Count + _unanswered;

    public void Add(bool tap, TimeSpan? latency)
    {
        if (latency is not { } value)
        {
            Interlocked.Increment(ref _unanswered);
        }
        else
        {
            (tap ? Taps : Texts).Add(value);
        }
    }
}

/// <summary>
/// A user walking the wizard as a person would: /start, a kind, (pages), a model, "Write my own prompt", the prompt,
/// variants, confirm (and ✅ I agree to the terms before the first order); reading each screen for about <c>think</c> before the next step.
/// </summary>
internal sealed class Shopper(BotSandboxClient telegram, ChatView chat, TimeSpan think, ReplyTimes? times, CancellationToken cancellation, TimeSpan? patience = null)
{
    private readonly TimeSpan _patience = patience ?? BenchmarkKit.Patience;

    private long User => chat.User;

    /// <summary>/start, then the wizard to a confirmed order of <paramref name="variants"/>; returns the order id.</summary>
    public async Task<string> OrderAsync(int variants, string prompt)
    {
        await TextAsync(() => telegram.SendCommandAsync(User, "start", cancellationToken: cancellation));
        var key = ModelKey.Of(BenchmarkKit.Model);
        var menu = (await chat.WaitForButtonAsync(a => a is CallbackAction.OpenKind, "main menu", _patience, cancellation)).Message;
        var screen = menu.MessageId;
        await TapAsync(screen, a => a is CallbackAction.OpenKind { Kind: MediaKind.Image, Page: 0 });
        for (var page = 0; page < 20; page++)
        {
            var shown = page;
            var list = await OnScreenAsync(screen, m => m.Buttons.Any(b => BenchmarkKit.Action(b) is CallbackAction.PickModel)
                && (shown == 0 || m.Buttons.Any(b => BenchmarkKit.Action(b) is CallbackAction.OpenKind k && k.Page == shown - 1)), "a model list");
            if (list.Buttons.Any(b => BenchmarkKit.Action(b) is CallbackAction.PickModel p && p.ModelKey == key))
            {
                break;
            }

            await TapAsync(screen, a => a is CallbackAction.OpenKind k && k.Page == shown + 1);
        }

        await TapAsync(screen, a => a is CallbackAction.PickModel p && p.ModelKey == key);
        await OnScreenAsync(screen, m => m.Buttons.Any(b => BenchmarkKit.Action(b) is CallbackAction.WriteOwnPrompt), "the model card");
        await TapAsync(screen, a => a is CallbackAction.WriteOwnPrompt);
        await TextAsync(() => telegram.SendTextAsync(User, prompt, cancellationToken: cancellation));
        var choice = (await chat.WaitForAsync(m => m.Any(x => x.MessageId > screen && x.Buttons.Any(b => BenchmarkKit.Action(b) is CallbackAction.ChooseVariants)), "the variant choice", _patience, cancellation))
            .Last(x => x.MessageId > screen && x.Buttons.Any(b => BenchmarkKit.Action(b) is CallbackAction.ChooseVariants)).MessageId;
        await TapAsync(choice, a => a is CallbackAction.ChooseVariants c && c.Variants == variants);
        await OnScreenAsync(choice, m => m.Buttons.Any(b => BenchmarkKit.Action(b) is CallbackAction.Confirm), "the confirmation");
        await TapAsync(choice, a => a is CallbackAction.Confirm);
        var status = await OnScreenAsync(choice, m => IsTerms(m) || BenchmarkKit.OrderTag().IsMatch(m.PlainText ?? string.Empty), "the status message or the terms");
        if (IsTerms(status))
        {
            // The user's first order: the terms take the confirmation's place, and ✅ I agree places the order.
            await TapAsync(choice, a => a is CallbackAction.AcceptTerms);
            status = await OnScreenAsync(choice, m => BenchmarkKit.OrderTag().IsMatch(m.PlainText ?? string.Empty), "the status message");
        }

        return BenchmarkKit.OrderTag().Match(status.PlainText!).Groups[1].Value;
    }

    /// <summary>Waits until the order's closing message ("Ready" with 🔁 Make another) is in the chat.</summary>
    public Task WaitForResultAsync(string orderId, TimeSpan patience) =>
        chat.WaitForAsync(m => m.Any(x => BenchmarkKit.IsClosing(x, orderId)), $"result of {orderId}", patience, cancellation);

    private static bool IsTerms(TranscriptMessage message) => message.Buttons.Any(b => BenchmarkKit.Action(b) is CallbackAction.AcceptTerms);

    private async Task<TranscriptMessage> OnScreenAsync(int messageId, Func<TranscriptMessage, bool> condition, string what) =>
        (await chat.WaitForAsync(m => m.Any(x => x.MessageId == messageId && condition(x)), what, _patience, cancellation)).Single(x => x.MessageId == messageId);

    private async Task ThinkAsync()
    {
        if (think > TimeSpan.Zero)
        {
            await Task.Delay(think * (0.5 + Random.Shared.NextDouble()), cancellation);
        }
    }

    private async Task TextAsync(Func<Task<UserMessageSent>> send)
    {
        await ThinkAsync();
        var latency = await chat.TimedAsync(async () => (await send()).Seq, _patience, cancellation);
        times?.Add(false, latency);
    }

    private async Task TapAsync(int messageId, Func<CallbackAction, bool> which)
    {
        var message = await OnScreenAsync(messageId, m => m.Buttons.Any(b => which(BenchmarkKit.Action(b))), "a button to tap");
        var data = message.Buttons.First(b => which(BenchmarkKit.Action(b))).CallbackData;
        await ThinkAsync();
        var latency = await chat.TimedTapAsync(() =>
            telegram.PressButtonAsync(User, data, messageId: messageId, waitForAnswer: TimeSpan.Zero, cancellationToken: cancellation), _patience, cancellation);
        times?.Add(true, latency);
    }
}
