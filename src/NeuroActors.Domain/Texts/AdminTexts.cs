using System.Globalization;
using System.Text;
using NeuroActors.Domain.Accounts;
using NeuroActors.Domain.Admin;
using NeuroActors.Domain.Broadcasts;
using NeuroActors.Domain.Telegram;

namespace NeuroActors.Domain.Texts;

/// <summary>
/// What admins read in the bot (HTML; anything users or KIE wrote is escaped here). Russian and English; admins read
/// times in UTC. Kept apart from <see cref="UiTexts"/>: only the admin actors use them.
/// </summary>
public static class AdminTexts
{
    /// <summary>Longest prompt shown by /find.</summary>
    public const int PromptChars = 200;

    /// <summary>Longest KIE message shown per attempt.</summary>
    public const int KieSaidChars = 300;

    public static string Button(Language language, AdminCommand command)
    {
        var ru = language == Language.Russian;
        return command switch
        {
            AdminCommand.Metrics => ru ? "📈 Метрики" : "📈 Metrics",
            AdminCommand.RefreshMetrics => ru ? "🔄 Обновить" : "🔄 Refresh",
            AdminCommand.FindRequest => ru ? "🔍 Найти заказ" : "🔍 Find request",
            AdminCommand.Users => ru ? "👤 Пользователи" : "👤 Users",
            AdminCommand.Models or AdminCommand.ModelsPage => ru ? "🎨 Модели" : "🎨 Models",
            AdminCommand.ResyncModels => ru ? "🔄 Синхронизировать" : "🔄 Resync",
            AdminCommand.Keys => ru ? "🔑 Ключи" : "🔑 Keys",
            AdminCommand.Broadcast => ru ? "📣 Рассылка" : "📣 Broadcast",
            AdminCommand.ConfirmBroadcast => ru ? "✅ Отправить" : "✅ Send",
            AdminCommand.CancelBroadcast => ru ? "✖️ Отмена" : "✖️ Cancel",
            AdminCommand.GrantHint => ru ? "➕ Начислить" : "➕ Grant",
            AdminCommand.DebitHint => ru ? "➖ Списать" : "➖ Debit",
            AdminCommand.BanUser => ru ? "⛔ Заблокировать" : "⛔ Ban",
            AdminCommand.UnbanUser => ru ? "✅ Разблокировать" : "✅ Unban",
            AdminCommand.UserHistory => ru ? "🧾 Заказы" : "🧾 Orders",
            AdminCommand.BroadcastToAll => ru ? "👥 Всем" : "👥 Everyone",
            AdminCommand.BroadcastToActive => ru ? "🔥 Активным за 7 дней" : "🔥 Active in 7 days",
            AdminCommand.BroadcastToRussian => ru ? "🇷🇺 Русским" : "🇷🇺 Russian",
            AdminCommand.BroadcastToEnglish => ru ? "🇬🇧 Английским" : "🇬🇧 English",
            AdminCommand.PauseBroadcast => ru ? "⏸ Пауза" : "⏸ Pause",
            AdminCommand.ResumeBroadcast => ru ? "▶️ Продолжить" : "▶️ Resume",
            AdminCommand.StopBroadcast => ru ? "✖️ Остановить" : "✖️ Stop",
            _ => ru ? "🛠 Админ-панель" : "🛠 Admin panel",
        };
    }

    // ---------- panel ----------
    public static string Panel(Language language, HousekeepingLine housekeeping)
    {
        ArgumentNullException.ThrowIfNull(housekeeping);
        var ru = language == Language.Russian;
        var text = new StringBuilder(ru ? "🛠 <b>Админ-панель</b>\n\n" : "🛠 <b>Admin panel</b>\n\n");
        text.Append(ru ? "🧹 Очистка: " : "🧹 Housekeeping: ");
        if (!housekeeping.Answered)
        {
            text.Append(ru ? "не ответила (синглтон переезжает?)" : "did not answer (is its singleton moving?)");
        }
        else
        {
            text.Append(ru ? "последний запуск " : "last run ").Append(housekeeping.LastRunAt is { } last ? Time(last) : ru ? "ещё не было" : "none yet");
            if (housekeeping.LastRemoved is { } removed)
            {
                text.Append(ru ? $", удалено {removed}" : $", {removed} removed");
            }

            if (housekeeping.LastFailures.Count > 0)
            {
                text.Append(ru ? ", ошибки: " : ", failures: ").Append(Html.EscapeShort(string.Join("; ", housekeeping.LastFailures), 300));
            }

            text.Append(ru ? "; следующий " : "; next run ").Append(housekeeping.NextRunAt is { } next ? Time(next) : "—");
        }

        text.Append(ru
            ? "\n\nКоманды: /stats, /find &lt;id&gt;, /user &lt;id|@имя&gt;, /grant, /debit, /ban, /unban, /models, /model, /sync, /keys, /key, /broadcast"
            : "\n\nCommands: /stats, /find &lt;id&gt;, /user &lt;id|@name&gt;, /grant, /debit, /ban, /unban, /models, /model, /sync, /keys, /key, /broadcast");
        return text.ToString();
    }

    public static string StatsUnavailable(Language language) => language == Language.Russian
        ? "📈 Метрики недоступны на этом узле."
        : "📈 Metrics are not available on this node.";

    public static string Usage(Language language, AdminUsage command)
    {
        var ru = language == Language.Russian;
        return command switch
        {
            AdminUsage.Find => ru ? "🔍 Напишите <code>/find &lt;номер запроса | номер заказа | id задачи KIE&gt;</code>, например <code>/find G7K2QXMNPA-1</code>."
                : "🔍 Type <code>/find &lt;request id | order id | KIE task id&gt;</code>, e.g. <code>/find G7K2QXMNPA-1</code>.",
            AdminUsage.User => ru ? "👤 Напишите <code>/user &lt;id&gt;</code> или <code>/user @имя</code>." : "👤 Type <code>/user &lt;id&gt;</code> or <code>/user @username</code>.",
            AdminUsage.Grant => ru ? "Напишите <code>/grant &lt;id&gt; &lt;кредиты&gt; [причина]</code>: id и кредиты — целые положительные числа."
                : "Type <code>/grant &lt;id&gt; &lt;credits&gt; [reason]</code>: the id and the credits are positive whole numbers.",
            AdminUsage.Debit => ru ? "Напишите <code>/debit &lt;id&gt; &lt;кредиты&gt; [причина]</code>: id и кредиты — целые положительные числа."
                : "Type <code>/debit &lt;id&gt; &lt;credits&gt; [reason]</code>: the id and the credits are positive whole numbers.",
            AdminUsage.Ban => ru ? "Напишите <code>/ban &lt;id&gt; [причина]</code>." : "Type <code>/ban &lt;id&gt; [reason]</code>.",
            AdminUsage.Unban => ru ? "Напишите <code>/unban &lt;id&gt;</code>." : "Type <code>/unban &lt;id&gt;</code>.",
            AdminUsage.Model => ru ? "Напишите <code>/model &lt;id модели&gt; on|off</code> (id — из /models)." : "Type <code>/model &lt;model id&gt; on|off</code> (ids as /models shows them).",
            AdminUsage.Refund => PaymentTexts.RefundUsage(language),
            AdminUsage.Promo => GrowthTexts.PromoUsage(language),
            _ => ru ? "Напишите <code>/key &lt;id ключа&gt; on</code> (id — из /keys)." : "Type <code>/key &lt;key id&gt; on</code> (ids as /keys shows them).",
        };
    }

    /// <summary>A part of the cluster did not answer in time; nothing is known to have changed.</summary>
    public static string NoAnswer(Language language) => language == Language.Russian
        ? "⏳ Кластер не ответил вовремя; ничего не известно об изменениях. Попробуйте ещё раз."
        : "⏳ The cluster did not answer in time; nothing is known to have changed. Try again.";

    // ---------- /find ----------
    public static string NotFound(Language language, string query) => language == Language.Russian
        ? $"🔍 Ничего не найдено по «{Html.EscapeShort(query, 100)}»."
        : $"🔍 Nothing found for “{Html.EscapeShort(query, 100)}”.";

    public static string TaskLookupUnavailable(Language language) => language == Language.Russian
        ? "🔍 Поиск по id задачи KIE недоступен на этом узле: ищите по номеру заказа или запроса."
        : "🔍 KIE task id lookup is not available on this node: search by order or request id.";

    public static string OrderStory(Language language, AdminOrderStory story)
    {
        ArgumentNullException.ThrowIfNull(story);
        var ru = language == Language.Russian;
        var text = new StringBuilder();
        text.Append(ru ? "🔍 <b>Заказ #" : "🔍 <b>Order #").Append(Html.Escape(story.OrderId)).Append("</b>\n");
        text.Append(ru ? "Пользователь: " : "User: ").Append(Html.EscapeShort(story.UserName ?? "?", 64)).Append(" (id <code>").Append(story.UserId.ToString(CultureInfo.InvariantCulture)).Append("</code>)\n");
        text.Append(ru ? "Модель: " : "Model: ").Append(Html.Escape(story.ModelId ?? "?")).Append('\n');
        if (!string.IsNullOrWhiteSpace(story.Prompt))
        {
            text.Append(ru ? "Промпт: " : "Prompt: ").Append(Html.EscapeShort(story.Prompt, PromptChars)).Append('\n');
        }

        foreach (var variant in story.Variants)
        {
            text.Append("\n<b>").Append(Html.Escape(variant.RequestId)).Append("</b> — ").Append(Html.Escape(variant.State));
            if (variant.Outcome is { } outcome)
            {
                text.Append(" (").Append(Html.Escape(outcome)).Append(')');
            }

            text.Append('\n');
            if (variant.AcceptedAt is { } accepted)
            {
                text.Append(ru ? "  принят " : "  accepted ").Append(Time(accepted)).Append('\n');
            }

            foreach (var attempt in variant.Attempts)
            {
                text.Append(ru ? "  попытка " : "  attempt ").Append(attempt.Attempt.ToString(CultureInfo.InvariantCulture)).Append(':');
                text.Append(ru ? " задача " : " task ").Append(attempt.TaskId is { } task ? "<code>" + Html.Escape(task) + "</code>" : "—");
                text.Append(ru ? ", ключ " : ", key ").Append(Html.Escape(attempt.MaskedKey ?? "—"));
                if (attempt.SubmittedAt is { } submitted)
                {
                    text.Append(ru ? ", отправлена " : ", submitted ").Append(Time(submitted));
                }

                if (attempt.FailureClass is { } failure)
                {
                    text.Append(ru ? ", ошибка " : ", failed ").Append(failure.ToString());
                    if (attempt.FailedAt is { } failedAt)
                    {
                        text.Append(' ').Append(Time(failedAt));
                    }

                    if (!string.IsNullOrWhiteSpace(attempt.KieSaid))
                    {
                        text.Append(ru ? ", KIE: «" : ", KIE said: “").Append(Html.EscapeShort(attempt.KieSaid, KieSaidChars)).Append(ru ? "»" : "”");
                    }

                    if (attempt.RetryAt is { } retry)
                    {
                        text.Append(ru ? ", повтор в " : ", retry at ").Append(Time(retry));
                    }
                }

                text.Append('\n');
            }

            var retries = Math.Max(0, variant.Attempts.Count - 1);
            text.Append(ru ? "  повторов: " : "  retries: ").Append(retries.ToString(CultureInfo.InvariantCulture));
            text.Append(ru ? "; кредиты: " : "; credits: ").Append(CreditsState(language, variant.Credits, variant.CreditsAmount));
            if (variant.FinishedAt is { } finished)
            {
                text.Append(ru ? "; завершён " : "; finished ").Append(Time(finished));
            }

            text.Append(ru ? "; доставлен " : "; delivered ").Append(variant.DeliveredAt is { } delivered ? Time(delivered) : "—").Append('\n');
            if (!string.IsNullOrWhiteSpace(variant.Detail) && variant.Attempts.All(a => a.KieSaid != variant.Detail))
            {
                text.Append(ru ? "  KIE: «" : "  KIE said: “").Append(Html.EscapeShort(variant.Detail, KieSaidChars)).Append(ru ? "»\n" : "”\n");
            }
        }

        return text.ToString().TrimEnd();
    }

    private static string CreditsState(Language language, Credits.ReservationState state, long amount)
    {
        var ru = language == Language.Russian;
        var n = amount.ToString(CultureInfo.InvariantCulture);
        return state switch
        {
            Credits.ReservationState.Open => ru ? $"{n} зарезервировано" : $"{n} reserved",
            Credits.ReservationState.Captured => ru ? $"{n} зарезервировано и списано" : $"{n} reserved, captured",
            Credits.ReservationState.Released => ru ? $"{n} зарезервировано и возвращено" : $"{n} reserved, released",
            _ => ru ? "нет резерва" : "no reservation",
        };
    }

    // ---------- /user ----------
    public static string UserCard(Language language, AdminUserCard user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var ru = language == Language.Russian;
        var text = new StringBuilder();
        text.Append("👤 <b>").Append(Html.EscapeShort(user.FirstName ?? "?", 64)).Append("</b> (id <code>").Append(Id(user.UserId)).Append("</code>)\n");
        text.Append(ru ? "Баланс: " : "Balance: ").Append(user.Balance.ToString(CultureInfo.InvariantCulture));
        text.Append(ru ? ", в резерве: " : ", reserved: ").Append(user.Reserved.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append(ru ? "Заказов: " : "Orders: ").Append(user.Orders.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append(ru ? "Последний раз: " : "Last seen: ").Append(user.LastSeen is { } seen ? Time(seen) : "—").Append('\n');
        text.Append(ru ? "Язык: " : "Language: ").Append(Html.Escape(user.LanguageCode ?? "—")).Append('\n');
        text.Append(user.Banned
            ? (ru ? "⛔ Заблокирован" : "⛔ Banned") + (string.IsNullOrWhiteSpace(user.BanReason) ? string.Empty : ": " + Html.EscapeShort(user.BanReason, 200))
            : ru ? "Не заблокирован" : "Not banned");
        if (user.BlockedTheBot)
        {
            text.Append(ru ? "\n🚫 Заблокировал бота" : "\n🚫 Has blocked the bot");
        }

        text.Append('\n').Append(Orders(language, user.LastOrders));
        return text.ToString().TrimEnd();
    }

    /// <summary>The last orders of a user (the 🧾 button, and the end of the card).</summary>
    public static string Orders(Language language, IReadOnlyList<AdminOrderLine> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var ru = language == Language.Russian;
        if (orders.Count == 0)
        {
            return ru ? "Заказов нет." : "No orders.";
        }

        var text = new StringBuilder(ru ? "Последние заказы:\n" : "Last orders:\n");
        foreach (var o in orders)
        {
            text.Append("• <code>").Append(Html.Escape(o.OrderId)).Append("</code> ").Append(Html.Escape(o.ModelId))
                .Append(" ×").Append(o.Variants.ToString(CultureInfo.InvariantCulture))
                .Append(", ").Append((o.UnitPrice * o.Variants).ToString(CultureInfo.InvariantCulture)).Append(ru ? " кр., " : " cr., ")
                .Append(Html.Escape(o.State)).Append(", ").Append(Time(o.PlacedAt)).Append('\n');
        }

        return text.ToString().TrimEnd();
    }

    public static string UnknownUsername(Language language, string username) => language == Language.Russian
        ? $"👤 Пользователь @{Html.Escape(username)} не найден."
        : $"👤 No user @{Html.Escape(username)} is known.";

    public static string UsernameLookupUnavailable(Language language) => language == Language.Russian
        ? "👤 Поиск по @имени недоступен на этом узле: используйте id."
        : "👤 Lookup by @username is not available on this node: use the id.";

    public static string NeverStarted(Language language, long userId) => language == Language.Russian
        ? $"👤 Пользователь {Id(userId)} ни разу не запускал бота. Ничего не изменено."
        : $"👤 User {Id(userId)} has never started the bot. Nothing changed.";

    /// <summary>The command to type for a grant or debit, from the 👤 card's buttons.</summary>
    public static string AmountHint(Language language, AccountActionKind kind, long userId)
    {
        var ru = language == Language.Russian;
        var command = kind == AccountActionKind.Debit ? "/debit" : "/grant";
        return (ru ? "Напишите: " : "Type: ") + $"<code>{command} {Id(userId)} &lt;" + (ru ? "кредиты" : "credits") + "&gt; &lt;" + (ru ? "причина" : "reason") + "&gt;</code>";
    }

    // ---------- account actions ----------
    /// <summary>"✅ +50 credits to Ann (id 1234), reason: compensation. Balance: 170."</summary>
    public static string AccountDone(Language language, AccountActionKind kind, long amount, string? name, long userId, string reason, long balance)
    {
        var ru = language == Language.Russian;
        var who = $"{Html.EscapeShort(name ?? "?", 64)} (id {Id(userId)})";
        var why = string.IsNullOrWhiteSpace(reason) ? string.Empty : (ru ? ", причина: " : ", reason: ") + Html.EscapeShort(reason, 200);
        var n = amount.ToString(CultureInfo.InvariantCulture);
        var b = balance.ToString(CultureInfo.InvariantCulture);
        return kind switch
        {
            AccountActionKind.Grant => ru ? $"✅ +{n} кредитов: {who}{why}. Баланс: {b}." : $"✅ +{n} credits to {who}{why}. Balance: {b}.",
            AccountActionKind.Debit => ru ? $"✅ −{n} кредитов: {who}{why}. Баланс: {b}." : $"✅ −{n} credits from {who}{why}. Balance: {b}.",
            AccountActionKind.Ban => ru ? $"✅ {who} заблокирован{why}." : $"✅ {who} is banned{why}.",
            _ => ru ? $"✅ {who} разблокирован." : $"✅ {who} is unbanned.",
        };
    }

    public static string AlreadyApplied(Language language) => language == Language.Russian
        ? "Это действие уже выполнено; ничего не изменено."
        : "This action was already done; nothing changed.";

    public static string NoChange(Language language, AccountActionKind kind, long userId) => (language == Language.Russian, kind == AccountActionKind.Ban) switch
    {
        (true, true) => $"Пользователь {Id(userId)} уже заблокирован; ничего не изменено.",
        (true, false) => $"Пользователь {Id(userId)} не заблокирован; ничего не изменено.",
        (false, true) => $"User {Id(userId)} is already banned; nothing changed.",
        _ => $"User {Id(userId)} is not banned; nothing changed.",
    };

    public static string InsufficientCredits(Language language, long userId, long available, long amount) => language == Language.Russian
        ? $"❌ У пользователя {Id(userId)} доступно {available} кредитов: списание {amount} увело бы баланс ниже нуля. Ничего не изменено."
        : $"❌ User {Id(userId)} has {available} available credits: a debit of {amount} would take the balance below zero. Nothing changed.";

    /// <summary>A malformed request (the problem is <see cref="AccountRequest.Problem"/>'s, in English for both).</summary>
    public static string Refused(Language language, string problem) => language == Language.Russian
        ? $"❌ Не выполнено: {Html.Escape(problem)}. Ничего не изменено."
        : $"❌ Not done: {Html.Escape(problem)}. Nothing changed.";

    // ---------- models ----------
    public static string Models(Language language, AdminModelsPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var ru = language == Language.Russian;
        var text = new StringBuilder(ru ? "🎨 <b>Модели</b>" : "🎨 <b>Models</b>");
        text.Append($" ({page.Page + 1}/{page.Pages})\n");
        foreach (var model in page.Models)
        {
            text.Append(model.Visible ? "🟢 " : "⚪️ ").Append("<code>").Append(Html.Escape(model.ModelId)).Append("</code>");
            if (model.Reasons.Count > 0)
            {
                text.Append(" — ").Append(Html.EscapeShort(string.Join("; ", model.Reasons.Select(r => r.Detail.Length == 0 ? r.CodeName : r.CodeName + ": " + r.Detail)), 300));
            }

            text.Append('\n');
        }

        text.Append(ru ? "\n<code>/model &lt;id&gt; on|off</code> — показать или скрыть." : "\n<code>/model &lt;id&gt; on|off</code> to show or hide one.");
        return text.ToString();
    }

    public static string UnknownModel(Language language, string modelId) => language == Language.Russian
        ? $"🎨 Модели «{Html.EscapeShort(modelId, 64)}» нет в каталоге (см. /models). Ничего не изменено."
        : $"🎨 No model “{Html.EscapeShort(modelId, 64)}” in the catalogue (see /models). Nothing changed.";

    public static string ModelSwitched(Language language, string modelId, bool visible, long revision) => (language == Language.Russian, visible) switch
    {
        (true, true) => $"✅ Модель <code>{Html.Escape(modelId)}</code> включена на всех узлах (ревизия {revision}).",
        (true, false) => $"✅ Модель <code>{Html.Escape(modelId)}</code> скрыта на всех узлах (ревизия {revision}).",
        (false, true) => $"✅ Model <code>{Html.Escape(modelId)}</code> switched on for every node (revision {revision}).",
        _ => $"✅ Model <code>{Html.Escape(modelId)}</code> switched off for every node (revision {revision}).",
    };

    public static string Sync(Language language, AdminSyncLine sync)
    {
        ArgumentNullException.ThrowIfNull(sync);
        var ru = language == Language.Russian;
        if (!sync.Succeeded)
        {
            return (ru ? "❌ Синхронизация не удалась, ничего не изменено: " : "❌ Catalogue sync failed, nothing changed: ") + Html.EscapeShort(sync.Problem, 300);
        }

        if (!sync.Changed)
        {
            return ru ? $"🔄 Каталог не изменился (версия {sync.Version})." : $"🔄 Catalogue unchanged (version {sync.Version}).";
        }

        var text = new StringBuilder(ru ? $"🔄 Каталог обновлён до версии {sync.Version}.\n" : $"🔄 Catalogue version {sync.Version} adopted.\n");
        text.Append(ru ? "Добавлены: " : "Added: ").Append(List(sync.Added)).Append('\n');
        text.Append(ru ? "Удалены: " : "Removed: ").Append(List(sync.Removed)).Append('\n');
        text.Append(ru ? "Цены изменены: " : "Prices changed: ").Append(List(sync.Repriced));
        return text.ToString();
    }

    // ---------- keys ----------
    public static string Keys(Language language, IReadOnlyList<AdminKeyLine> keys, int waitingCreates)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var ru = language == Language.Russian;
        var text = new StringBuilder(ru ? "🔑 <b>Ключи KIE</b>\n" : "🔑 <b>KIE keys</b>\n");
        if (keys.Count == 0)
        {
            text.Append(ru ? "Ключей нет." : "No keys.");
        }

        foreach (var key in keys)
        {
            text.Append("\n<code>").Append(Html.Escape(key.MaskedId)).Append("</code> — ");
            text.Append(key.DisabledReason is { } why
                ? (ru ? "⛔ отключён: " : "⛔ disabled: ") + Html.Escape(why) + (string.IsNullOrWhiteSpace(key.DisabledDetail) ? string.Empty : " (" + Html.EscapeShort(key.DisabledDetail, 200) + ")")
                : key.CoolingUntil is { } until ? (ru ? "⏳ отдыхает до " : "⏳ cooling until ") + Time(until)
                : ru ? "🟢 активен" : "🟢 active");
            text.Append(ru ? "\n  за час: созданий " : "\n  last hour: creates ").Append(key.CreatesLastHour.ToString(CultureInfo.InvariantCulture));
            text.Append(ru ? ", опросов " : ", polls ").Append(key.PollsLastHour.ToString(CultureInfo.InvariantCulture));
            text.Append(", 429: ").Append(key.RateLimitedLastHour.ToString(CultureInfo.InvariantCulture));
            text.Append(ru ? "; баланс: " : "; balance: ").Append(key.Balance is { } balance ? balance.ToString("0.##", CultureInfo.InvariantCulture) : ru ? "неизвестен" : "unknown");
        }

        if (waitingCreates > 0)
        {
            text.Append(ru ? $"\n\nЖдут ключа: {waitingCreates}" : $"\n\nWaiting for a key: {waitingCreates}");
        }

        text.Append(ru ? "\n\n<code>/key &lt;id&gt; on</code> — вернуть ключ в работу." : "\n\n<code>/key &lt;id&gt; on</code> puts a key back into rotation.");
        return text.ToString();
    }

    public static string UnknownKey(Language language, string keyId) => language == Language.Russian
        ? $"🔑 Ключа «{Html.EscapeShort(keyId, 64)}» нет (см. /keys) или он неоднозначен. Ничего не изменено."
        : $"🔑 No single KIE key “{Html.EscapeShort(keyId, 64)}” (see /keys). Nothing changed.";

    public static string KeyEnabled(Language language, string keyId) => language == Language.Russian
        ? $"✅ Ключ <code>{Html.Escape(keyId)}</code> возвращается в работу на всех узлах."
        : $"✅ KIE key <code>{Html.Escape(keyId)}</code> is being re-enabled on every node.";

    /// <summary>A key was taken out of rotation (401 or 402): sent to every admin once per incident.</summary>
    public static string KeyAlert(Language language, string maskedKey, string reason, string? kieSaid, DateTimeOffset at) => language == Language.Russian
        ? $"🚨 Ключ KIE <code>{Html.Escape(maskedKey)}</code> отключён ({Html.Escape(reason)}) в {Time(at)}. KIE: «{Html.EscapeShort(kieSaid ?? "—", KieSaidChars)}». Пополните или замените ключ, затем <code>/key {Html.Escape(maskedKey)} on</code>."
        : $"🚨 KIE key <code>{Html.Escape(maskedKey)}</code> disabled ({Html.Escape(reason)}) at {Time(at)}. KIE said: “{Html.EscapeShort(kieSaid ?? "—", KieSaidChars)}”. Top it up or replace it, then <code>/key {Html.Escape(maskedKey)} on</code>.";

    // ---------- broadcast ----------
    public static string BroadcastAskContent(Language language) => language == Language.Russian
        ? "📣 Пришлите текст рассылки (HTML) или фото с подписью. Любая команда отменяет черновик."
        : "📣 Send the broadcast's text (HTML) or a photo with a caption. Any command leaves this draft.";

    public static string BroadcastBadContent(Language language) => language == Language.Russian
        ? $"📣 Нужен текст до {BroadcastDraft.MaxTextChars} символов или фото с подписью до {BroadcastDraft.MaxCaptionChars}. Пришлите ещё раз."
        : $"📣 Send a text of up to {BroadcastDraft.MaxTextChars} characters, or a photo with a caption of up to {BroadcastDraft.MaxCaptionChars}.";

    public static string BroadcastChooseAudience(Language language) => language == Language.Russian
        ? "📣 Кому отправить?"
        : "📣 Who should get it?";

    public static string BroadcastConfirm(Language language, BroadcastAudience audience) => language == Language.Russian
        ? $"📣 Выше — сообщение, как его увидят пользователи. Аудитория: {Audience(language, audience)}. Отправить?"
        : $"📣 Above is the message as users will see it. Audience: {Audience(language, audience)}. Send it?";

    public static string BroadcastStarted(Language language, long broadcastId) => language == Language.Russian
        ? $"🚀 Рассылка {broadcastId} запущена; прогресс — в следующем сообщении."
        : $"🚀 Broadcast {broadcastId} started; its progress follows in the next message.";

    public static string BroadcastAlreadyStarted(Language language) => language == Language.Russian
        ? "Эта рассылка уже запущена."
        : "This broadcast has already started.";

    public static string BroadcastCancelled(Language language) => language == Language.Russian
        ? "✖️ Черновик рассылки удалён."
        : "✖️ Broadcast draft dropped.";

    public static string BroadcastStale(Language language) => language == Language.Russian
        ? "Этот черновик уже неактуален: начните заново с /broadcast."
        : "This draft is no longer current: start again with /broadcast.";

    public static string BroadcastsUnavailable(Language language) => language == Language.Russian
        ? "📣 Рассылки недоступны на этом узле."
        : "📣 Broadcasts are not available on this node.";

    public static string BroadcastControlSent(Language language, AdminCommand command) => language == Language.Russian
        ? command switch { AdminCommand.PauseBroadcast => "⏸ Пауза", AdminCommand.ResumeBroadcast => "▶️ Продолжаем", _ => "✖️ Останавливаем" }
        : command switch { AdminCommand.PauseBroadcast => "⏸ Pausing", AdminCommand.ResumeBroadcast => "▶️ Resuming", _ => "✖️ Stopping" };

    public static string Audience(Language language, BroadcastAudience audience) => (language == Language.Russian, audience) switch
    {
        (true, BroadcastAudience.All) => "все",
        (true, BroadcastAudience.ActiveLastWeek) => "активные за 7 дней",
        (true, BroadcastAudience.Russian) => "русскоязычные",
        (true, _) => "англоязычные",
        (false, BroadcastAudience.All) => "everyone",
        (false, BroadcastAudience.ActiveLastWeek) => "active in the last 7 days",
        (false, BroadcastAudience.Russian) => "Russian readers",
        _ => "English readers",
    };

    /// <summary>A tapped admin button whose screen is old or belongs to nothing.</summary>
    public static string Outdated(Language language) => language == Language.Russian ? "Это меню устарело" : "This menu is outdated";

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string List(IReadOnlyList<string> items) => items.Count == 0 ? "—" : Html.EscapeShort(string.Join(", ", items), 1000);
}
