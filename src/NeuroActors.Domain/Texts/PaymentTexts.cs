using System.Globalization;
using NeuroActors.Domain.Payments;

namespace NeuroActors.Domain.Texts;

/// <summary>What users and admins read about Stars top-ups, refunds, support and the terms, in English and Russian (HTML).</summary>
public static class PaymentTexts
{
    private static bool Ru(Language language) => language == Language.Russian;

    private static string Stars(long stars) => "⭐" + stars.ToString(CultureInfo.InvariantCulture);

    public static string TopUpButton(Language language) => Ru(language) ? "⭐ Пополнить" : "⭐ Top up";

    /// <summary>A pack's button: "100 credits · ⭐50".</summary>
    public static string PackButton(Language language, TopUpPack pack) => $"{UiTexts.For(language).Credits(pack.Credits)} · {Stars(pack.Stars)}";

    /// <summary>The not-enough-credits screen's offer of the smallest pack that covers the shortfall.</summary>
    public static string CoveringPackButton(Language language, TopUpPack pack) =>
        (Ru(language) ? "⭐ Купить " : "⭐ Buy ") + PackButton(language, pack);

    public static string PacksScreen(Language language, long available) => Ru(language)
        ? $"⭐ <b>Пополнение баланса</b>\nСейчас у вас {UiTexts.For(language).Credits(available)}. Выберите пакет: оплата в Telegram Stars, кредиты приходят сразу после оплаты.\n\n/terms · условия · /paysupport · помощь с оплатой"
        : $"⭐ <b>Top up</b>\nYou have {UiTexts.For(language).Credits(available)}. Pick a pack: you pay in Telegram Stars and the credits arrive as soon as the payment does.\n\n/terms · terms · /paysupport · help with payments";

    public static string InvoiceTitle(Language language, TopUpPack pack) =>
        Html.Shorten(Ru(language) ? $"{UiTexts.For(language).Credits(pack.Credits)} NeuroActors" : $"{UiTexts.For(language).Credits(pack.Credits)} for NeuroActors", 32);

    public static string InvoiceDescription(Language language, TopUpPack pack) => Ru(language)
        ? $"Пакет: {UiTexts.For(language).Credits(pack.Credits)} для генераций картинок, видео, музыки и голоса. Кредиты зачисляются сразу после оплаты."
        : $"A pack of {UiTexts.For(language).Credits(pack.Credits)} for images, video, music and voice. The credits arrive as soon as you pay.";

    public static string InvoiceLabel(Language language, TopUpPack pack) => UiTexts.For(language).Credits(pack.Credits);

    /// <summary>The reason Telegram shows the payer when the bot refuses a pre-checkout (plain text).</summary>
    public static string Refusal(Language language, PreCheckoutRefusal refusal) => (Ru(language), refusal) switch
    {
        (true, PreCheckoutRefusal.Banned) => "Ваш аккаунт ограничен, оплата недоступна. Напишите в поддержку: /paysupport.",
        (true, PreCheckoutRefusal.PackNotOnSale) => "Этот пакет больше не продаётся. Откройте /buy и выберите актуальный пакет.",
        (true, PreCheckoutRefusal.WrongAmount) => "Сумма счёта не совпадает с ценой пакета. Откройте /buy и выберите пакет заново.",
        (true, _) => "Этот счёт нам неизвестен. Откройте /buy, чтобы получить новый.",
        (false, PreCheckoutRefusal.Banned) => "Your account is restricted, so payments are not available. Contact support: /paysupport.",
        (false, PreCheckoutRefusal.PackNotOnSale) => "This pack is no longer on sale. Open /buy and pick a current one.",
        (false, PreCheckoutRefusal.WrongAmount) => "The invoice amount does not match the pack's price. Open /buy and pick the pack again.",
        _ => "This invoice is not one of ours. Open /buy to get a new one.",
    };

    public static string ThankYou(Language language, long credits, long balance)
    {
        var t = UiTexts.For(language);
        return Ru(language)
            ? $"🎉 Спасибо за оплату! Начислено {t.Credits(credits)}. Баланс: <b>{t.Credits(balance)}</b>."
            : $"🎉 Thank you for your payment! {t.Credits(credits)} added. Balance: <b>{t.Credits(balance)}</b>.";
    }

    public static string UnmatchedToUser(Language language) => Ru(language)
        ? "🧾 Платёж получен, но мы не смогли сопоставить его с пакетом. Администраторы уже знают и разберутся; при вопросах: /paysupport."
        : "🧾 We received your payment but could not match it to a pack. The admins have been told and will sort it out; questions: /paysupport.";

    public static string UnmatchedAlert(Language language, long userId, string chargeId, long amount, string currency, string payload) => Ru(language)
        ? $"🧾 <b>Платёж без пакета</b>\nПользователь <code>{userId.ToString(CultureInfo.InvariantCulture)}</code> заплатил {amount.ToString(CultureInfo.InvariantCulture)} {Html.Escape(currency)}, payload «{Html.EscapeShort(payload, 100)}».\nCharge: <code>{Html.Escape(chargeId)}</code>. Ничего не начислено: начислите (/grant) или верните (/refund)."
        : $"🧾 <b>Unmatched payment</b>\nUser <code>{userId.ToString(CultureInfo.InvariantCulture)}</code> paid {amount.ToString(CultureInfo.InvariantCulture)} {Html.Escape(currency)}, payload \"{Html.EscapeShort(payload, 100)}\".\nCharge: <code>{Html.Escape(chargeId)}</code>. Nothing was credited: grant (/grant) or refund (/refund).";

    public static string RefundedToUser(Language language, long stars, long creditsTaken, long balance)
    {
        var t = UiTexts.For(language);
        // Nothing taken back (an unmatched payment credited nothing, or all was spent): no "0 credits were taken" line.
        var taken = creditsTaken == 0 ? string.Empty : Ru(language) ? $" С баланса списано {t.Credits(creditsTaken)}." : $" {t.Credits(creditsTaken)} were taken off your balance.";
        return Ru(language)
            ? $"↩️ Возвращено {Stars(stars)}.{taken} Баланс: <b>{t.Credits(balance)}</b>."
            : $"↩️ {Stars(stars)} were refunded to you.{taken} Balance: <b>{t.Credits(balance)}</b>.";
    }

    /// <summary>The consent screen before the first order: the terms, then "✅ I agree".</summary>
    public static string ConsentScreen(Language language, string terms) => Ru(language)
        ? $"📄 <b>Перед первым заказом</b>\n\n{terms}\n\nНажмите «✅ Согласен», чтобы принять условия и запустить заказ."
        : $"📄 <b>Before your first order</b>\n\n{terms}\n\nTap \"✅ I agree\" to accept the terms and start the order.";

    public static string AgreeButton(Language language) => Ru(language) ? "✅ Согласен" : "✅ I agree";

    /// <summary>The toast of a second Generate while the terms are shown.</summary>
    public static string AgreeFirstToast(Language language) => Ru(language)
        ? "Прочитайте условия и нажмите «✅ Согласен», чтобы запустить заказ."
        : "Read the terms and tap \"✅ I agree\" to start the order.";

    public static string DefaultSupport(Language language) => Ru(language)
        ? "💬 <b>Помощь с оплатой</b>\nЕсли платёж прошёл, а кредиты не пришли, или нужен возврат, напишите администратору бота и укажите время платежа. Мы отвечаем в течение суток."
        : "💬 <b>Payment support</b>\nIf you paid and the credits did not arrive, or you need a refund, write to the bot's admin with the time of the payment. We answer within a day.";

    public static string DefaultTerms(Language language) => Ru(language)
        ? "📄 <b>Условия</b>\nКредиты покупаются за Telegram Stars и тратятся на генерации; неудачные генерации возвращают кредиты. Результаты создаются ИИ-моделями; не отправляйте запрещённый контент. Возврат Stars возможен по запросу через /paysupport, пока кредиты пакета не потрачены."
        : "📄 <b>Terms</b>\nCredits are bought with Telegram Stars and spent on generations; a failed generation gives its credits back. Results are made by AI models; do not send forbidden content. Stars can be refunded on request through /paysupport while the pack's credits are unspent.";

    // ---- admin /refund ----
    public static string RefundUsage(Language language) => Ru(language)
        ? "Использование: <code>/refund &lt;charge id&gt; [причина]</code>"
        : "Usage: <code>/refund &lt;charge id&gt; [reason]</code>";

    public static string RefundUnavailable(Language language) => Ru(language)
        ? "↩️ Возвраты недоступны на этом узле (нет Telegram или read side)."
        : "↩️ Refunds are not available on this node (no Telegram or read side).";

    public static string RefundUnknownCharge(Language language, string chargeId) => Ru(language)
        ? $"🔍 Платёж <code>{Html.Escape(chargeId)}</code> не найден. Ничего не изменено."
        : $"🔍 No payment <code>{Html.Escape(chargeId)}</code> is known. Nothing was changed.";

    public static string RefundAlready(Language language, string chargeId) => Ru(language)
        ? $"ℹ️ Платёж <code>{Html.Escape(chargeId)}</code> уже возвращён."
        : $"ℹ️ Payment <code>{Html.Escape(chargeId)}</code> was refunded already.";

    public static string RefundConfirm(Language language, string chargeId, long userId, long credits, long takeable, long shortfall)
    {
        var t = UiTexts.For(language);
        return Ru(language)
            ? $"⚠️ Пользователь <code>{userId.ToString(CultureInfo.InvariantCulture)}</code> уже потратил часть пакета платежа <code>{Html.Escape(chargeId)}</code>: из {t.Credits(credits)} можно списать только {t.Credits(takeable)}, не хватает {t.Credits(shortfall)}. Вернуть Stars всё равно?"
            : $"⚠️ User <code>{userId.ToString(CultureInfo.InvariantCulture)}</code> has spent part of payment <code>{Html.Escape(chargeId)}</code>: of {t.Credits(credits)} only {t.Credits(takeable)} can be taken back, {t.Credits(shortfall)} short. Refund the Stars anyway?";
    }

    public static string RefundConfirmButton(Language language) => Ru(language) ? "↩️ Вернуть" : "↩️ Refund";

    public static string RefundCancelButton(Language language) => Ru(language) ? "✖️ Отмена" : "✖️ Cancel";

    public static string RefundCancelled(Language language) => Ru(language) ? "✖️ Возврат отменён." : "✖️ Refund cancelled.";

    public static string RefundDone(Language language, string chargeId, long userId, long stars, long creditsTaken, long shortfall)
    {
        var t = UiTexts.For(language);
        return Ru(language)
            ? $"↩️ Платёж <code>{Html.Escape(chargeId)}</code> возвращён: {Stars(stars)} пользователю <code>{userId.ToString(CultureInfo.InvariantCulture)}</code>, списано {t.Credits(creditsTaken)}" + (shortfall > 0 ? $", не хватило {t.Credits(shortfall)}." : ".")
            : $"↩️ Payment <code>{Html.Escape(chargeId)}</code> refunded: {Stars(stars)} to user <code>{userId.ToString(CultureInfo.InvariantCulture)}</code>, {t.Credits(creditsTaken)} taken back" + (shortfall > 0 ? $", {t.Credits(shortfall)} short." : ".");
    }

    public static string RefundFailed(Language language, string chargeId, string error) => Ru(language)
        ? $"❌ Telegram не вернул платёж <code>{Html.Escape(chargeId)}</code>: {Html.EscapeShort(error, 200)}. Ничего не изменено."
        : $"❌ Telegram did not refund payment <code>{Html.Escape(chargeId)}</code>: {Html.EscapeShort(error, 200)}. Nothing was changed.";
}
