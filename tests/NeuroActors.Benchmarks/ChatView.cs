using System.Diagnostics;
using NeuroActors.Domain.Telegram;
using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.Benchmarks;

/// <summary>
/// One simulated user's view of their chat, kept from the sandbox's change feed (one long poll per wait instead of
/// re-reading the transcript every few milliseconds, which would load the sandbox more than the node under test).
/// </summary>
internal sealed class ChatView(BotSandboxClient telegram, long user)
{
    private static readonly string[] ScreenKinds = [ChatChangeKinds.Message, ChatChangeKinds.Edit, ChatChangeKinds.Delete];
    private static readonly string[] ReplyKinds = [ChatChangeKinds.Message, ChatChangeKinds.Edit, ChatChangeKinds.CallbackAnswer, ChatChangeKinds.ChatAction];
    private readonly SortedDictionary<int, TranscriptMessage> _messages = [];
    private long _seq;

    public long User { get; } = user;

    public IReadOnlyList<TranscriptMessage> Messages => [.. _messages.Values];

    /// <summary>Waits until the bot's messages satisfy <paramref name="condition"/>; throws <see cref="TimeoutException"/> after <paramref name="patience"/>.</summary>
    public async Task<IReadOnlyList<TranscriptMessage>> WaitForAsync(Func<IReadOnlyList<TranscriptMessage>, bool> condition, string what, TimeSpan patience, CancellationToken cancellation)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var messages = Messages;
            if (messages.Count > 0 && condition(messages))
            {
                return messages;
            }

            var left = patience - deadline.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"user {User}: no {what} within {patience.TotalSeconds:N0} s; the chat so far:\n" + await HistoryAsync(cancellation));
            }

            var changes = await telegram.GetChangesAsync(User, _seq, left < TimeSpan.FromSeconds(20) ? left : TimeSpan.FromSeconds(20), ScreenKinds, cancellation);
            foreach (var change in changes.Changes)
            {
                if (change.Message is { FromBot: true } message)
                {
                    if (change.Kind == ChatChangeKinds.Delete)
                    {
                        _messages.Remove(message.MessageId);
                    }
                    else
                    {
                        _messages[message.MessageId] = message;
                    }
                }
            }

            _seq = Math.Max(_seq, changes.LastSeq);
        }
    }

    /// <summary>Every change in the chat, one line each, to tell what went wrong when a wait timed out.</summary>
    private async Task<string> HistoryAsync(CancellationToken cancellation)
    {
        var changes = await telegram.GetChangesAsync(User, 0, TimeSpan.Zero, cancellationToken: cancellation);
        return string.Join('\n', changes.Changes.Select(c => $"  {c.Seq} {c.Kind}" +
            (c.Message is { } m ? $" #{m.MessageId}{(m.FromBot ? " bot" : " user")} \"{(m.PlainText ?? m.Text ?? string.Empty).Split('\n')[0]}\" [{string.Join(", ", m.Buttons.Select(b => b.CallbackData))}]" : string.Empty) +
            (c.CallbackAnswer is { } a ? $" answer \"{a.Text}\"" : string.Empty)));
    }

    /// <summary>The newest message with a button matching <paramref name="which"/>, once there is one.</summary>
    public async Task<(TranscriptMessage Message, TranscriptButton Button)> WaitForButtonAsync(Func<CallbackAction, bool> which, string what, TimeSpan patience, CancellationToken cancellation)
    {
        var messages = await WaitForAsync(m => m.Any(x => x.Buttons.Any(b => which(BenchmarkKit.Action(b)))), what, patience, cancellation);
        var message = messages.Last(x => x.Buttons.Any(b => which(BenchmarkKit.Action(b))));
        return (message, message.Buttons.First(b => which(BenchmarkKit.Action(b))));
    }

    /// <summary>
    /// Taps and waits for the answer to that very callback query; returns the time to it. (Waiting for any reply after the
    /// tap took a late answer to the previous tap for this one, and the next step then raced the tap the node still had.)
    /// </summary>
    public async Task<TimeSpan?> TimedTapAsync(Func<Task<ButtonPressResult>> press, TimeSpan patience, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var pressed = await press();
        var seq = pressed.Seq;
        while (clock.Elapsed < patience)
        {
            var changes = await telegram.GetChangesAsync(User, seq, patience - clock.Elapsed, [ChatChangeKinds.CallbackAnswer], cancellation);
            if (changes.Changes.Any(c => c.CallbackAnswer?.CallbackQueryId == pressed.CallbackQueryId))
            {
                return clock.Elapsed;
            }

            seq = Math.Max(seq, changes.LastSeq);
        }

        return null;
    }

    /// <summary>Sends something and waits for the bot's first reply of any kind after it; returns the time to it.</summary>
    public async Task<TimeSpan?> TimedAsync(Func<Task<long>> send, TimeSpan patience, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var seq = await send();
        var changes = await telegram.GetChangesAsync(User, seq, patience, ReplyKinds, cancellation);
        return changes.Changes.Count > 0 ? clock.Elapsed : null;
    }
}
