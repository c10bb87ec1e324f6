namespace NeuroActors.Domain.Payments;

/// <summary>Why a pre-checkout is refused; each has a reason in the user's language (<c>PaymentTexts.Refusal</c>).</summary>
public enum PreCheckoutRefusal
{
    /// <summary>The payload is nothing the bot wrote.</summary>
    UnknownInvoice,

    /// <summary>The pack is no longer on sale (changed or withdrawn since the invoice was sent).</summary>
    PackNotOnSale,

    /// <summary>The amount or the currency differs from the pack's.</summary>
    WrongAmount,

    /// <summary>The account is restricted by an admin.</summary>
    Banned,
}

/// <summary>The answer to a pre_checkout_query: ok, or refused with a reason.</summary>
public sealed record PreCheckoutVerdict(PreCheckoutRefusal? Refusal)
{
    public const string Stars = "XTR";

    public static readonly PreCheckoutVerdict Ok = new((PreCheckoutRefusal?)null);

    public bool IsOk => Refusal is null;

    /// <summary>
    /// Ok only when the payload names a pack on sale now, the amount and currency are that pack's, and the user is not
    /// banned. Pure and quick: Telegram waits 10 seconds at most for the answer.
    /// </summary>
    public static PreCheckoutVerdict Decide(string? payload, string? currency, long totalAmount, TopUpPacks packs, bool banned)
    {
        ArgumentNullException.ThrowIfNull(packs);
        if (banned)
        {
            return new(PreCheckoutRefusal.Banned);
        }

        if (InvoicePayload.ReadTopUp(payload) is not { } named)
        {
            return new(PreCheckoutRefusal.UnknownInvoice);
        }

        if (currency != Stars || totalAmount != named.Stars)
        {
            return new(PreCheckoutRefusal.WrongAmount);
        }

        return packs.Find(named.Credits, named.Stars) is null ? new(PreCheckoutRefusal.PackNotOnSale) : Ok;
    }
}
