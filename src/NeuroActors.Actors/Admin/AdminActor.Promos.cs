using Akka.Actor;
using NeuroActors.Actors.Promos;
using NeuroActors.Domain.Admin;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Actors.Admin;

/// <summary>
/// The admins' promo codes: <c>/promo new</c> and <c>/promo off</c> are audited actions (written with the update, done
/// again after a crash until recorded done; each code's actor takes them idempotently), <c>/promo list</c> reads the
/// codes' index and asks each code how it stands.
/// </summary>
public sealed partial class AdminActor
{
    /// <summary>The most codes /promo list shows (newest first).</summary>
    private const int PromoListMax = 50;

    private void OnPromoRequest(IncomingUpdate update, AdminRequest request, Language language, IActorRef sender, IEnumerable<IAdminEvent> leave)
    {
        switch (request)
        {
            case AdminRequest.PromoNew create when create.Promo.Credits > _ports.Settings.MaxGrant:
                Handle(update, sender, leave, () => Send(AdminTexts.Refused(language, $"a code may give at most {_ports.Settings.MaxGrant} credits (Admin:MaxGrant)")));
                break;
            case AdminRequest.PromoNew create:
                var audit = Audit(update, AdminActionKind.PromoNew, create.Promo.Code, create.Promo.Credits, "/promo new", language)
                    with { Promo = create.Promo.TermsAt(Now) };
                Audited(update, sender, leave, audit);
                break;
            case AdminRequest.PromoOff off:
                Audited(update, sender, leave, Audit(update, AdminActionKind.PromoOff, off.Code, 0, "/promo off", language));
                break;
            default:
                Handle(update, sender, leave, () => Pipe(PromoListAsync(language), language));
                break;
        }
    }

    private void ExecutePromo(AdminActionRecorded audit)
    {
        if (!_ports.Registry.TryGet<PromoRegion>(out var promos))
        {
            Self.Tell(new Answer([Message(AdminTexts.Refused(audit.Language, "promo codes are not wired on this node"))], audit.UpdateId, "unavailable"));
            return;
        }

        Pipe(audit.Kind == AdminActionKind.PromoNew ? CreatePromoAsync(promos, audit) : SwitchOffPromoAsync(promos, audit), audit.Language);
    }

    private static async Task<Answer> CreatePromoAsync(IActorRef promos, AdminActionRecorded audit)
    {
        var code = audit.Target;
        var status = await promos.Ask<PromoStatus>(new CreatePromo(code, audit.Promo!, audit.By), AskTimeout);
        if (!status.Accepted)
        {
            return new Answer([Message(GrowthTexts.PromoExists(audit.Language, code))], audit.UpdateId, "exists");
        }

        await promos.Ask<PromoCodeListed>(new ListPromoCode(code), AskTimeout);
        var link = $"\n<code>/start promo_{Html.Escape(code)}</code>";
        return new Answer([Message(GrowthTexts.PromoCreated(audit.Language, code, audit.Promo!, link))], audit.UpdateId, "created");
    }

    private static async Task<Answer> SwitchOffPromoAsync(IActorRef promos, AdminActionRecorded audit)
    {
        var status = await promos.Ask<PromoStatus>(new SwitchOffPromo(audit.Target, audit.By), AskTimeout);
        var text = status.Exists ? GrowthTexts.PromoSwitchedOff(audit.Language, audit.Target, status.Used) : GrowthTexts.PromoNotFound(audit.Language, audit.Target);
        return new Answer([Message(text)], audit.UpdateId, status.Exists ? "switched off" : "unknown");
    }

    private async Task<Answer> PromoListAsync(Language language)
    {
        if (!_ports.Registry.TryGet<PromoRegion>(out var promos))
        {
            return Show(AdminTexts.Refused(language, "promo codes are not wired on this node"));
        }

        var now = Now;
        var list = await promos.Ask<PromoCodeList>(new GetPromoCodes(PromoListMax), AskTimeout);
        var statuses = await Task.WhenAll(list.Codes.Select(code => promos.Ask<PromoStatus>(new GetPromoStatus(code), AskTimeout)));
        var lines = statuses.Where(s => s.Terms is not null)
            .Select(s => new PromoListLine(s.Code, s.Terms!.Credits, s.Used, s.Terms.Uses, s.Terms.ExpiresAt, s.Disabled, s.Terms.ExpiredAt(now)))
            .ToArray();
        return Show(GrowthTexts.PromoList(language, lines));
    }
}
