using System.Globalization;
using NeuroActors.Domain.Payments;

namespace NeuroActors.Domain.Texts;

/// <summary>What users read about the monthly Stars subscription (/subscription, its invoice, thank-yous, the end), in English and Russian (HTML).</summary>
public static class SubscriptionTexts
{
    private static bool Ru(Language language) => language == Language.Russian;

    private static string Stars(long stars) => "⭐" + stars.ToString(CultureInfo.InvariantCulture);

    /// <summary>Dates as a day in UTC ("2026-12-04"), the same for every reader: Telegram's own date is UTC.</summary>
    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Credits(Language language, long credits) => UiTexts.For(language).Credits(credits);

    /// <summary>The subscriber's line on the balance screen.</summary>
    public static string BalanceLine(Language language, Subscription subscription) => (Ru(language), subscription.Canceled) switch
    {
        (true, false) => $"🔁 Подписка: {Credits(language, subscription.Credits)} в месяц, продление {Date(subscription.ExpiresAt)}.",
        (true, true) => $"🔁 Подписка: {Credits(language, subscription.Credits)} в месяц, отменена, действует до {Date(subscription.ExpiresAt)}.",
        (false, false) => $"🔁 Subscription: {Credits(language, subscription.Credits)} a month, renews on {Date(subscription.ExpiresAt)}.",
        _ => $"🔁 Subscription: {Credits(language, subscription.Credits)} a month, cancelled, runs until {Date(subscription.ExpiresAt)}.",
    };

    public static string OpenButton(Language language) => Ru(language) ? "🔁 Подписка" : "🔁 Subscription";

    public static string SubscribeButton(Language language, SubscriptionPlan plan) => Ru(language)
        ? $"⭐ Подписаться · {Stars(plan.Stars)} в месяц"
        : $"⭐ Subscribe · {Stars(plan.Stars)} a month";

    public static string Offer(Language language, SubscriptionPlan plan) => Ru(language)
        ? $"🔁 <b>Подписка</b>\n{Credits(language, plan.Credits)} каждые 30 дней за {Stars(plan.Stars)}. Telegram продлевает её сам; отменить можно в любой момент здесь же, /subscription, и оплаченный месяц останется вашим.\n\n/terms · условия · /paysupport · помощь с оплатой"
        : $"🔁 <b>Subscription</b>\n{Credits(language, plan.Credits)} every 30 days for {Stars(plan.Stars)}. Telegram renews it by itself; cancel any time right here, /subscription, and the month you paid for stays yours.\n\n/terms · terms · /paysupport · help with payments";

    public static string NotOffered(Language language) => Ru(language)
        ? "🔁 Подписка сейчас не продаётся. Кредиты можно купить пакетом: /buy."
        : "🔁 No subscription is on sale right now. You can buy credits as a pack: /buy.";

    public static string LinkFailed(Language language) => Ru(language)
        ? "😕 Не удалось получить ссылку на оплату от Telegram. Попробуйте ещё раз чуть позже: /subscription."
        : "😕 Telegram did not give us a payment link just now. Please try again in a moment: /subscription.";

    public static string Active(Language language, Subscription subscription) => Ru(language)
        ? $"🔁 <b>Подписка активна</b>\n{Credits(language, subscription.Credits)} каждые 30 дней за {Stars(subscription.Stars)}.\nСледующее продление: <b>{Date(subscription.ExpiresAt)}</b> (UTC)."
        : $"🔁 <b>Subscription active</b>\n{Credits(language, subscription.Credits)} every 30 days for {Stars(subscription.Stars)}.\nNext renewal: <b>{Date(subscription.ExpiresAt)}</b> (UTC).";

    public static string Canceled(Language language, Subscription subscription) => Ru(language)
        ? $"🔁 <b>Подписка отменена</b>\nОна закончится <b>{Date(subscription.ExpiresAt)}</b> (UTC) и больше не будет продлеваться. Передумали? Её можно возобновить до этой даты."
        : $"🔁 <b>Subscription cancelled</b>\nIt ends on <b>{Date(subscription.ExpiresAt)}</b> (UTC) and will not renew. Changed your mind? You can resume it until then.";

    public static string CancelButton(Language language) => Ru(language) ? "✖️ Отменить подписку" : "✖️ Cancel subscription";

    public static string ConfirmCancel(Language language, Subscription subscription) => Ru(language)
        ? $"Отменить подписку? Продлений больше не будет; кредиты этого месяца останутся, подписка закончится {Date(subscription.ExpiresAt)}."
        : $"Cancel the subscription? It will not renew; this month's credits stay yours and it ends on {Date(subscription.ExpiresAt)}.";

    public static string ConfirmCancelButton(Language language) => Ru(language) ? "✖️ Да, отменить" : "✖️ Yes, cancel";

    public static string KeepButton(Language language) => Ru(language) ? "↩️ Оставить" : "↩️ Keep it";

    public static string ResumeButton(Language language) => Ru(language) ? "▶️ Возобновить" : "▶️ Resume";

    public static string CallFailed(Language language) => Ru(language)
        ? "Telegram сейчас не ответил. Попробуйте ещё раз."
        : "Telegram did not answer just now. Please try again.";

    public static string InvoiceTitle(Language language, SubscriptionPlan plan) =>
        Html.Shorten(Ru(language) ? $"Подписка: {Credits(language, plan.Credits)}/мес" : $"{Credits(language, plan.Credits)} a month", 32);

    public static string InvoiceDescription(Language language, SubscriptionPlan plan) => Ru(language)
        ? $"{Credits(language, plan.Credits)} каждые 30 дней для генераций картинок, видео, музыки и голоса. Продлевается автоматически, отменить можно в любой момент: /subscription."
        : $"{Credits(language, plan.Credits)} every 30 days for images, video, music and voice. Renews automatically; cancel any time with /subscription.";

    public static string InvoiceLabel(Language language, SubscriptionPlan plan) => Ru(language)
        ? $"{Credits(language, plan.Credits)} / 30 дней"
        : $"{Credits(language, plan.Credits)} / 30 days";

    /// <summary>The thank-you for a paid period: the first one welcomes, a renewal says so; both give the balance and the next date.</summary>
    public static string ThankYou(Language language, bool starts, long credits, long balance, DateTimeOffset renewsOn)
    {
        var t = UiTexts.For(language);
        return (Ru(language), starts) switch
        {
            (true, true) => $"🎉 Спасибо за подписку! Начислено {t.Credits(credits)}. Баланс: <b>{t.Credits(balance)}</b>. Следующее продление: {Date(renewsOn)} (UTC).",
            (true, false) => $"🔁 Подписка продлена: начислено {t.Credits(credits)}. Баланс: <b>{t.Credits(balance)}</b>. Следующее продление: {Date(renewsOn)} (UTC).",
            (false, true) => $"🎉 Thank you for subscribing! {t.Credits(credits)} added. Balance: <b>{t.Credits(balance)}</b>. Next renewal: {Date(renewsOn)} (UTC).",
            _ => $"🔁 Your subscription renewed: {t.Credits(credits)} added. Balance: <b>{t.Credits(balance)}</b>. Next renewal: {Date(renewsOn)} (UTC).",
        };
    }

    /// <summary>The reason Telegram shows the payer when the bot refuses a subscription's pre-checkout (plain text).</summary>
    public static string Refusal(Language language, PreCheckoutRefusal refusal) => (Ru(language), refusal) switch
    {
        (true, PreCheckoutRefusal.PackNotOnSale) => "Эта подписка больше не продаётся. Откройте /subscription, чтобы увидеть актуальную.",
        (true, PreCheckoutRefusal.WrongAmount) => "Сумма не совпадает с ценой подписки. Откройте /subscription и оформите её заново.",
        (false, PreCheckoutRefusal.PackNotOnSale) => "This subscription is no longer on sale. Open /subscription to see the current one.",
        (false, PreCheckoutRefusal.WrongAmount) => "The amount does not match the subscription's price. Open /subscription and subscribe again.",
        _ => PaymentTexts.Refusal(language, refusal),
    };

    public static string Ended(Language language, DateTimeOffset endedOn) => Ru(language)
        ? $"🔁 Ваша подписка закончилась {Date(endedOn)}. Кредиты, что остались, по-прежнему ваши. Подписаться снова: /subscription."
        : $"🔁 Your subscription ended on {Date(endedOn)}. The credits you have left are still yours. Subscribe again: /subscription.";
}
