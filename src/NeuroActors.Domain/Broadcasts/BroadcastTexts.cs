using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Broadcasts;

/// <summary>The broadcast's progress message in the admin's chat, in the admin's language, with its buttons.</summary>
public static class BroadcastTexts
{
    /// <summary>The progress message: phase, counts, and the buttons that fit the phase (none once it is over).</summary>
    public static Screen Progress(Language language, long broadcastId, BroadcastPhase phase, BroadcastTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        var ru = language == Language.Russian;
        var head = phase switch
        {
            BroadcastPhase.Preparing => ru ? "📣 Рассылка #{0}: готовлю список получателей…" : "📣 Broadcast #{0}: listing the recipients…",
            BroadcastPhase.Sending => ru ? "📣 Рассылка #{0}: отправляю…" : "📣 Broadcast #{0}: sending…",
            BroadcastPhase.Paused => ru ? "⏸ Рассылка #{0} на паузе" : "⏸ Broadcast #{0} is paused",
            BroadcastPhase.Stopped => ru ? "✖️ Рассылка #{0} остановлена" : "✖️ Broadcast #{0} was stopped",
            _ => ru ? "✅ Рассылка #{0} завершена" : "✅ Broadcast #{0} is finished",
        };
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, head, broadcastId);
        if (phase != BroadcastPhase.Preparing)
        {
            text += "\n\n" + Counts(ru, tally);
        }

        return new Screen(text, Buttons(language, broadcastId, phase));
    }

    private static string Counts(bool ru, BroadcastTally t) => ru
        ? $"Доставлено: {t.Sent}\nОшибки: {t.Failed}\nЗаблокировали бота: {t.Blocked}\nУдалили чат: {t.Left}\n\nОбработано {t.Done} из {t.Total}"
        : $"Sent: {t.Sent}\nFailed: {t.Failed}\nBlocked the bot: {t.Blocked}\nLeft: {t.Left}\n\n{t.Done} of {t.Total} done";

    /// <summary>Pause (or Resume) and Stop while it can still send; no buttons once it is over.</summary>
    public static InlineKeyboard? Buttons(Language language, long broadcastId, BroadcastPhase phase)
    {
        var ru = language == Language.Russian;
        var stop = InlineButton.For(ru ? "✖️ Остановить" : "✖️ Stop", new CallbackAction.Admin(AdminCommand.StopBroadcast, broadcastId));
        return phase switch
        {
            BroadcastPhase.Preparing or BroadcastPhase.Sending => InlineKeyboard.Of(
                [InlineButton.For(ru ? "⏸ Пауза" : "⏸ Pause", new CallbackAction.Admin(AdminCommand.PauseBroadcast, broadcastId)), stop]),
            BroadcastPhase.Paused => InlineKeyboard.Of(
                [InlineButton.For(ru ? "▶️ Продолжить" : "▶️ Resume", new CallbackAction.Admin(AdminCommand.ResumeBroadcast, broadcastId)), stop]),
            _ => null,
        };
    }
}
