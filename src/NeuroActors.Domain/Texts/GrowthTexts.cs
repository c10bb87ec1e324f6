using NeuroActors.Domain.Promos;

namespace NeuroActors.Domain.Texts;

/// <summary>
/// What users and admins read about promo codes, invitations, the free daily quota and the limits against abuse, in
/// English and Russian. HTML; anything a user typed is escaped here.
/// </summary>
public static class GrowthTexts
{
    private static bool Ru(Language language) => language == Language.Russian;

    private static string Credits(Language language, long amount) => UiTexts.For(language).Credits(amount);

    // ---------- promo codes (users) ----------
    public static string PromoProblem(Language language, PromoCodeProblem problem) => (problem, Ru(language)) switch
    {
        (PromoCodeProblem.Missing, true) => "🎟 Напишите код после команды, например: <code>/promo SPRING25</code>",
        (PromoCodeProblem.Missing, false) => "🎟 Type the code after the command, e.g. <code>/promo SPRING25</code>",
        (PromoCodeProblem.TooLong, true) => $"🎟 Это слишком длинно для промокода: в коде от {PromoCodes.MinLength} до {PromoCodes.MaxLength} латинских букв, цифр, _ или -.",
        (PromoCodeProblem.TooLong, false) => $"🎟 That is too long for a promo code: a code has {PromoCodes.MinLength} to {PromoCodes.MaxLength} Latin letters, digits, _ or -.",
        (PromoCodeProblem.TooShort, true) => $"🎟 Такого короткого промокода не бывает: в коде от {PromoCodes.MinLength} до {PromoCodes.MaxLength} символов.",
        (PromoCodeProblem.TooShort, false) => $"🎟 Promo codes are never that short: a code has {PromoCodes.MinLength} to {PromoCodes.MaxLength} characters.",
        (_, true) => "🎟 В промокоде только латинские буквы, цифры, _ и -. Проверьте код и попробуйте ещё раз.",
        _ => "🎟 A promo code has only Latin letters, digits, _ and -. Check the code and try again.",
    };

    public static string PromoGranted(Language language, string code, long credits, long balance) => Ru(language)
        ? $"🎁 Промокод <b>{Html.Escape(code)}</b> принят: +{Credits(language, credits)}. Баланс: <b>{Credits(language, balance)}</b>."
        : $"🎁 Promo code <b>{Html.Escape(code)}</b> accepted: +{Credits(language, credits)}. Balance: <b>{Credits(language, balance)}</b>.";

    public static string PromoRefused(Language language, string code, PromoRedeemOutcome outcome)
    {
        var c = Html.Escape(code);
        return (outcome, Ru(language)) switch
        {
            (PromoRedeemOutcome.Unknown, true) => $"🎟 Промокода <b>{c}</b> нет. Проверьте, как он написан.",
            (PromoRedeemOutcome.Unknown, false) => $"🎟 There is no promo code <b>{c}</b>. Check how it is spelt.",
            (PromoRedeemOutcome.Expired, true) => $"⌛ Срок действия промокода <b>{c}</b> истёк.",
            (PromoRedeemOutcome.Expired, false) => $"⌛ Promo code <b>{c}</b> has expired.",
            (PromoRedeemOutcome.UsedUp, true) => $"🎟 Промокод <b>{c}</b> уже использовали все, кому он был отпущен.",
            (PromoRedeemOutcome.UsedUp, false) => $"🎟 Promo code <b>{c}</b> is used up: every use of it has been taken.",
            (_, true) => $"🎟 Промокод <b>{c}</b> больше не действует.",
            _ => $"🎟 Promo code <b>{c}</b> is no longer active.",
        };
    }

    public static string PromoAlreadyUsed(Language language, string code) => Ru(language)
        ? $"🎟 Вы уже использовали промокод <b>{Html.Escape(code)}</b>: каждый код работает один раз."
        : $"🎟 You have used promo code <b>{Html.Escape(code)}</b> already: each code works once per person.";

    public static string PromoInProgress(Language language, string code) => Ru(language)
        ? $"⏳ Промокод <b>{Html.Escape(code)}</b> уже проверяется, ответ придёт сюда."
        : $"⏳ Promo code <b>{Html.Escape(code)}</b> is being checked; the answer comes here.";

    // ---------- invitations ----------
    public static string Invite(Language language, string link, long bonus) => Ru(language)
        ? $"🤝 Ваша ссылка-приглашение:\n{Html.Escape(link)}\n\nКогда приглашённый друг впервые пополнит баланс, вы получите {Credits(language, bonus)}."
        : $"🤝 Your invite link:\n{Html.Escape(link)}\n\nWhen a friend who joins by it makes their first top-up, you get {Credits(language, bonus)}.";

    public static string InviteNotReady(Language language) => Ru(language)
        ? "🤝 Ссылка-приглашение будет готова через минуту: бот ещё узнаёт своё имя в Telegram. Попробуйте /invite чуть позже."
        : "🤝 Your invite link will be ready in a minute: the bot is still learning its Telegram name. Try /invite again shortly.";

    public static string ReferralNobody(Language language) => Ru(language)
        ? "🤝 Эта ссылка-приглашение ни к кому не ведёт. Всё равно добро пожаловать!"
        : "🤝 This invite link leads to nobody. Welcome all the same!";

    public static string ReferralSelf(Language language) => Ru(language)
        ? "🤝 Это ваша собственная ссылка: пригласить самого себя нельзя. Отправьте её друзьям."
        : "🤝 That is your own invite link: you cannot invite yourself. Send it to your friends.";

    public static string ReferralNotNew(Language language) => Ru(language)
        ? "🤝 Ссылки-приглашения действуют только для новых пользователей, а вы уже с нами."
        : "🤝 Invite links work for new users only, and you are here already.";

    public static string ReferralAttributed(Language language) => Ru(language)
        ? "🤝 Вы пришли по приглашению друга. Добро пожаловать!"
        : "🤝 You joined by a friend's invitation. Welcome!";

    public static string ReferralBonus(Language language, long bonus, long balance) => Ru(language)
        ? $"🤝 Приглашённый вами друг пополнил баланс: вам +{Credits(language, bonus)}. Баланс: <b>{Credits(language, balance)}</b>."
        : $"🤝 A friend you invited made their first top-up: +{Credits(language, bonus)} for you. Balance: <b>{Credits(language, balance)}</b>.";

    // ---------- the free daily quota ----------
    public static string FreeToday(Language language, int left, int daily) => Ru(language)
        ? $"🆓 Бесплатных генераций сегодня: <b>{left} из {daily}</b> (на моделях с 🆓; счётчик обновляется в полночь UTC)."
        : $"🆓 Free generations today: <b>{left} of {daily}</b> (on models marked 🆓; the count renews at midnight UTC).";

    public static string FreeModelButton(Language language, string displayName) => Ru(language) ? $"{displayName} · 🆓 бесплатно" : $"{displayName} · 🆓 free";

    public static string FreeVariantsNote(Language language, int free, int variants) => Ru(language)
        ? (free == variants ? "🆓 Этот заказ бесплатный: сегодняшняя бесплатная квота." : $"🆓 {free} из {variants} вариантов бесплатно (сегодняшняя квота), остальные по цене.")
        : (free == variants ? "🆓 This order is free: today's free quota." : $"🆓 {free} of {variants} variants are free (today's quota); the rest at the price.");

    // ---------- limits ----------
    public static string SlowDown(Language language) => Ru(language)
        ? "🐢 Слишком много сообщений подряд. Пожалуйста, помедленнее: пока я пропускаю новые, через минуту всё снова заработает."
        : "🐢 That is a lot of messages at once. Please slow down: I am skipping new ones for now, and all works again within a minute.";

    public static string TooManyOrders(Language language, int max) => Ru(language)
        ? $"⏳ У вас уже {max} заказа в работе — это предел. Новый можно начать, когда один из них будет готов."
        : $"⏳ You have {max} orders in progress, the most at once. Start a new one when one of them is ready.";

    public static string TooManyOrdersToast(Language language, int max) => Ru(language)
        ? $"Не больше {max} заказов одновременно"
        : $"At most {max} orders at once";

    // ---------- admins ----------
    public static string PromoUsage(Language language) => Ru(language)
        ? "Промокоды:\n<code>/promo new КОД кредиты использований [дней]</code> — создать\n<code>/promo list</code> — список\n<code>/promo off КОД</code> — отключить\nКод: 3–32 латинских буквы, цифры, _ или -."
        : "Promo codes:\n<code>/promo new CODE credits uses [days]</code> — create\n<code>/promo list</code> — list\n<code>/promo off CODE</code> — switch off\nA code: 3-32 Latin letters, digits, _ or -.";

    public static string PromoCreated(Language language, string code, PromoTerms terms, string botLink) => Ru(language)
        ? $"✅ Промокод <b>{Html.Escape(code)}</b>: {Credits(language, terms.Credits)} каждому, использований: {terms.Uses}, {Until(language, terms.ExpiresAt)}.{botLink}"
        : $"✅ Promo code <b>{Html.Escape(code)}</b>: {Credits(language, terms.Credits)} each, {terms.Uses} uses, {Until(language, terms.ExpiresAt)}.{botLink}";

    public static string PromoExists(Language language, string code) => Ru(language)
        ? $"Промокод <b>{Html.Escape(code)}</b> уже существует с другими условиями: выберите другой код."
        : $"Promo code <b>{Html.Escape(code)}</b> exists already with other terms: choose another code.";

    public static string PromoSwitchedOff(Language language, string code, int used) => Ru(language)
        ? $"⛔ Промокод <b>{Html.Escape(code)}</b> отключён (использован {used} раз)."
        : $"⛔ Promo code <b>{Html.Escape(code)}</b> is switched off (used {used} times).";

    public static string PromoNotFound(Language language, string code) => Ru(language)
        ? $"Промокода <b>{Html.Escape(code)}</b> нет."
        : $"There is no promo code <b>{Html.Escape(code)}</b>.";

    public static string PromoList(Language language, IReadOnlyList<PromoListLine> lines)
    {
        if (lines.Count == 0)
        {
            return Ru(language) ? "Промокодов пока нет. <code>/promo new КОД кредиты использований [дней]</code>" : "No promo codes yet. <code>/promo new CODE credits uses [days]</code>";
        }

        var head = Ru(language) ? "🎟 Промокоды (код · кредиты · использовано/всего · до):" : "🎟 Promo codes (code · credits · used/uses · until):";
        var rows = lines.Select(l =>
            $"<code>{Html.Escape(l.Code)}</code> · {l.Credits} · {l.Used}/{l.Uses} · {(l.ExpiresAt is { } end ? end.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "∞")}{State(language, l)}");
        return head + "\n" + string.Join("\n", rows);
    }

    private static string State(Language language, PromoListLine line) =>
        line.Disabled ? (Ru(language) ? " · ⛔ отключён" : " · ⛔ off")
        : line.Expired ? (Ru(language) ? " · ⌛ истёк" : " · ⌛ expired")
        : line.Used >= line.Uses ? (Ru(language) ? " · израсходован" : " · used up")
        : string.Empty;

    private static string Until(Language language, DateTimeOffset? end) => end is { } at
        ? (Ru(language) ? "до " : "until ") + at.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC"
        : (Ru(language) ? "бессрочно" : "no end date");
}

/// <summary>One code as <c>/promo list</c> shows it.</summary>
public sealed record PromoListLine(string Code, long Credits, int Used, int Uses, DateTimeOffset? ExpiresAt, bool Disabled, bool Expired);
