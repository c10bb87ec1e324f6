namespace NeuroActors.Domain.Texts;

/// <summary>
/// Texts of the options step (aspect ratio, duration, resolution ... and their prices), one subclass per language.
/// HTML like <see cref="UiTexts"/>: arguments from the catalogue are escaped here; button labels are plain text.
/// </summary>
public abstract class OptionTexts
{
    public static OptionTexts English { get; } = new EnglishOptionTexts();

    public static OptionTexts Russian { get; } = new RussianOptionTexts();

    public static OptionTexts For(Language language) => language == Language.Russian ? Russian : English;

    protected abstract UiTexts Ui { get; }

    /// <summary>Under the variants screen's text: what the option buttons are for.</summary>
    public abstract string OptionsHint { get; }

    /// <summary>The current options on the variants screen: "⚙️ 16:9 · 10 s".</summary>
    public string ChosenOptions(string summary) => "⚙️ " + Html.Escape(summary);

    /// <summary>An option's button on the variants screen: "Duration: 10 s".</summary>
    public static string OptionButton(string optionLabel, string valueLabel) => $"{optionLabel}: {valueLabel}";

    /// <summary>The head of an option's value list.</summary>
    public abstract string OptionValues(string optionLabel, string modelName, long unitPrice);

    /// <summary>"✓ 5 s" for the current value, "10 s · +8" for one that changes the price, "16:9" for one that does not.</summary>
    public string OptionValueButton(string valueLabel, bool isCurrent, long difference) =>
        (isCurrent ? "✓ " : string.Empty) + valueLabel +
        (difference > 0 ? " · +" + Ui.Number(difference) : difference < 0 ? " · −" + Ui.Number(-difference) : string.Empty);

    /// <summary>A forged or stale option or value: nothing changes.</summary>
    public abstract string OptionNotOfferedToast { get; }

    /// <summary>The catalogue changed the model's options since the user chose: back to the defaults.</summary>
    public abstract string OptionsChanged { get; }

    /// <summary>A model list's button when the price depends on the options: "Kling 2.6 · from 11 cr".</summary>
    public abstract string ModelButtonFrom(string displayName, long lowestPrice);

    /// <summary>Under the model card when the price depends on the options.</summary>
    public abstract string PriceDependsOnOptions(long lowestPrice);

    /// <summary>Labels of yes/no option values the catalogue does not label.</summary>
    public abstract string Yes { get; }

    public abstract string No { get; }

    private sealed class EnglishOptionTexts : OptionTexts
    {
        protected override UiTexts Ui => UiTexts.English;

        public override string OptionsHint => "Tap an option to change it; the price follows.";

        public override string OptionValues(string optionLabel, string modelName, long unitPrice) =>
            $"⚙️ <b>{Html.Escape(optionLabel)}</b> · {Html.Escape(modelName)}\nNow {Ui.Credits(unitPrice)} per variant; a value that changes the price shows the difference.";

        public override string OptionNotOfferedToast => "This option is not available for this model";

        public override string OptionsChanged =>
            "ℹ️ The options of this model have changed, so yours are back at the defaults. Please check them and the price again.";

        public override string ModelButtonFrom(string displayName, long lowestPrice) => $"{displayName} · from {Ui.CreditsShort(lowestPrice)}";

        public override string PriceDependsOnOptions(long lowestPrice) =>
            $"⚙️ The price depends on the options you choose, from {Ui.Credits(lowestPrice)}.";

        public override string Yes => "Yes";

        public override string No => "No";
    }

    private sealed class RussianOptionTexts : OptionTexts
    {
        protected override UiTexts Ui => UiTexts.Russian;

        public override string OptionsHint => "Нажмите на параметр, чтобы изменить его; цена пересчитается.";

        public override string OptionValues(string optionLabel, string modelName, long unitPrice) =>
            $"⚙️ <b>{Html.Escape(optionLabel)}</b> · {Html.Escape(modelName)}\nСейчас {Ui.Credits(unitPrice)} за вариант; у значений, меняющих цену, указана разница.";

        public override string OptionNotOfferedToast => "Этот параметр недоступен для этой модели";

        public override string OptionsChanged =>
            "ℹ️ Параметры этой модели изменились, поэтому ваш выбор сброшен к значениям по умолчанию. Проверьте их и цену ещё раз.";

        public override string ModelButtonFrom(string displayName, long lowestPrice) => $"{displayName} · от {Ui.CreditsShort(lowestPrice)}";

        public override string PriceDependsOnOptions(long lowestPrice) =>
            $"⚙️ Цена зависит от выбранных параметров, от {Ui.Credits(lowestPrice)}.";

        public override string Yes => "Да";

        public override string No => "Нет";
    }
}
