using System.Globalization;
using System.Text;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Telegram;

/// <summary>
/// callback_data for every button the bot shows: "&lt;version&gt;&lt;tag&gt;[:arg]*", ASCII only, at most 64 bytes.
/// Decoding never throws: anything that is not exactly what <see cref="Encode"/> would produce for the current
/// version (unknown tag, old version, extra fields, non-canonical numbers, oversize) decodes to
/// <see cref="CallbackAction.Outdated"/>.
/// </summary>
public static class CallbackCodec
{
    /// <summary>Telegram's limit on callback_data, in UTF-8 bytes.</summary>
    public const int MaxBytes = 64;

    /// <summary>Bump when the meaning of any tag changes; older keyboards then decode as outdated.</summary>
    public const char Version = '1';

    /// <summary>Longest template id a button can carry.</summary>
    public const int MaxTemplateIdLength = 16;

    /// <summary>Highest option or option-value index a button can carry.</summary>
    public const int MaxOptionIndex = 99;

    private const char Separator = ':';

    public static string Encode(CallbackAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var data = action switch
        {
            CallbackAction.Noop => Join('x'),
            CallbackAction.OpenMainMenu => Join('m'),
            CallbackAction.OpenKind a => Join('k', KindCode(a.Kind), Page(a.Page)),
            CallbackAction.OpenPopular a => Join('p', Page(a.Page)),
            CallbackAction.PickModel a => Join('o', Key(a.ModelKey)),
            CallbackAction.ChooseTemplate a => Join('t', Draft(a.Draft), Template(a.TemplateId)),
            CallbackAction.WriteOwnPrompt a => Join('w', Draft(a.Draft)),
            CallbackAction.ImprovePrompt a => Join('i', Draft(a.Draft)),
            CallbackAction.AcceptImprovedPrompt a => Join('a', Draft(a.Draft)),
            CallbackAction.KeepOwnPrompt a => Join('n', Draft(a.Draft)),
            CallbackAction.EditPrompt a => Join('e', Draft(a.Draft)),
            CallbackAction.ChooseVariants a => Join('v', Draft(a.Draft), Variants(a.Variants)),
            CallbackAction.BackToVariants a => Join('b', Draft(a.Draft)),
            CallbackAction.OpenOption a => Join('O', Draft(a.Draft), OptionIndex(a.Option)),
            CallbackAction.ChooseOption a => Join('O', Draft(a.Draft), OptionIndex(a.Option), OptionIndex(a.Value)),
            CallbackAction.Confirm a => Join('c', Draft(a.Draft)),
            CallbackAction.CancelOrder a => Join('q', Order(a.OrderId)),
            CallbackAction.MakeAnother a => Join('r', Order(a.OrderId)),
            CallbackAction.ChangePrompt a => Join('g', Order(a.OrderId)),
            CallbackAction.OpenHistory a => Join('h', Page(a.Page)),
            CallbackAction.OpenBalance => Join('B'),
            CallbackAction.OpenHelp => Join('H'),
            CallbackAction.OpenLanguageMenu => Join('L'),
            CallbackAction.SetLanguage a => Join('l', LanguageResolver.Code(Defined(a.Language))),
            CallbackAction.SkipPrompt a => Join('y', Draft(a.Draft)),
            CallbackAction.ImagesDone a => Join('d', Draft(a.Draft)),
            CallbackAction.OpenOrder a => Join('u', Order(a.OrderId), Page(a.Page)),
            CallbackAction.RepeatOrder a => Join('j', Order(a.OrderId)),
            CallbackAction.ResendResults a => Join('f', Order(a.OrderId)),
            CallbackAction.Admin a => Join('A', Number((int)Defined(a.Command)), Number(NonNegative(a.Argument))),
            CallbackAction.OpenTopUp => Join('T'),
            CallbackAction.BuyPack a => Join('U', Number(Positive(a.Credits)), Number(Positive(a.Stars))),
            CallbackAction.AcceptTerms a => Join('Y', Draft(a.Draft)),
            CallbackAction.Subscription a => Join('S', Number((int)Defined(a.Tap))),
            _ => throw new ArgumentException($"{action.GetType().Name} is never put on a button.", nameof(action)),
        };

        // Every field is ASCII, so characters are bytes; the bound is checked anyway, because Telegram rejects more.
        if (Encoding.UTF8.GetByteCount(data) > MaxBytes)
        {
            throw new ArgumentException($"callback_data '{data}' exceeds {MaxBytes} bytes.", nameof(action));
        }

        return data;
    }

    public static CallbackAction Decode(string? data)
    {
        try
        {
            var decoded = DecodeLoosely(data);
            if (decoded is CallbackAction.Outdated)
            {
                return decoded;
            }

            // Only the exact canonical form is accepted: decode(x) must encode back to x.
            return string.Equals(Encode(decoded), data, StringComparison.Ordinal) ? decoded : CallbackAction.Outdated.Instance;
        }
        catch (ArgumentException)
        {
            return CallbackAction.Outdated.Instance;
        }
        catch (FormatException)
        {
            return CallbackAction.Outdated.Instance;
        }
        catch (OverflowException)
        {
            return CallbackAction.Outdated.Instance;
        }
    }

    private static CallbackAction DecodeLoosely(string? data)
    {
        if (string.IsNullOrEmpty(data) || data.Length < 2 || data.Length > MaxBytes || data[0] != Version)
        {
            return CallbackAction.Outdated.Instance;
        }

        var fields = data[2..].Length == 0 ? [] : data[2..].Split(Separator);
        if (fields.Length > 0 && fields[0].Length != 0)
        {
            // After the tag the next character must be the separator ("1k:i:0"), never more tag letters.
            return CallbackAction.Outdated.Instance;
        }

        var args = fields.Skip(1).ToArray();
        return (data[1], args.Length) switch
        {
            ('x', 0) => CallbackAction.Noop.Instance,
            ('m', 0) => CallbackAction.OpenMainMenu.Instance,
            ('k', 2) => ParseKind(args[0]) is { } kind ? new CallbackAction.OpenKind(kind, ParseInt(args[1])) : CallbackAction.Outdated.Instance,
            ('p', 1) => new CallbackAction.OpenPopular(ParseInt(args[0])),
            ('o', 1) => new CallbackAction.PickModel(args[0]),
            ('t', 2) => new CallbackAction.ChooseTemplate(ParseLong(args[0]), args[1]),
            ('w', 1) => new CallbackAction.WriteOwnPrompt(ParseLong(args[0])),
            ('i', 1) => new CallbackAction.ImprovePrompt(ParseLong(args[0])),
            ('a', 1) => new CallbackAction.AcceptImprovedPrompt(ParseLong(args[0])),
            ('n', 1) => new CallbackAction.KeepOwnPrompt(ParseLong(args[0])),
            ('e', 1) => new CallbackAction.EditPrompt(ParseLong(args[0])),
            ('v', 2) => new CallbackAction.ChooseVariants(ParseLong(args[0]), ParseInt(args[1])),
            ('b', 1) => new CallbackAction.BackToVariants(ParseLong(args[0])),
            ('O', 2) => new CallbackAction.OpenOption(ParseLong(args[0]), ParseInt(args[1])),
            ('O', 3) => new CallbackAction.ChooseOption(ParseLong(args[0]), ParseInt(args[1]), ParseInt(args[2])),
            ('c', 1) => new CallbackAction.Confirm(ParseLong(args[0])),
            ('q', 1) => new CallbackAction.CancelOrder(args[0]),
            ('r', 1) => new CallbackAction.MakeAnother(args[0]),
            ('g', 1) => new CallbackAction.ChangePrompt(args[0]),
            ('h', 1) => new CallbackAction.OpenHistory(ParseInt(args[0])),
            ('B', 0) => CallbackAction.OpenBalance.Instance,
            ('H', 0) => CallbackAction.OpenHelp.Instance,
            ('L', 0) => CallbackAction.OpenLanguageMenu.Instance,
            ('l', 1) => LanguageResolver.Parse(args[0]) is { } language ? new CallbackAction.SetLanguage(language) : CallbackAction.Outdated.Instance,
            ('y', 1) => new CallbackAction.SkipPrompt(ParseLong(args[0])),
            ('d', 1) => new CallbackAction.ImagesDone(ParseLong(args[0])),
            ('u', 2) => new CallbackAction.OpenOrder(args[0], ParseInt(args[1])),
            ('j', 1) => new CallbackAction.RepeatOrder(args[0]),
            ('f', 1) => new CallbackAction.ResendResults(args[0]),
            ('A', 2) => new CallbackAction.Admin((AdminCommand)ParseInt(args[0]), ParseLong(args[1])),
            ('T', 0) => CallbackAction.OpenTopUp.Instance,
            ('U', 2) => new CallbackAction.BuyPack(ParseLong(args[0]), ParseLong(args[1])),
            ('Y', 1) => new CallbackAction.AcceptTerms(ParseLong(args[0])),
            ('S', 1) => ParseInt(args[0]) is var tap && Enum.IsDefined((SubscriptionTap)tap) ? new CallbackAction.Subscription((SubscriptionTap)tap) : CallbackAction.Outdated.Instance,
            _ => CallbackAction.Outdated.Instance,
        };
    }

    private static string Join(char tag, params string[] args) =>
        args.Length == 0 ? $"{Version}{tag}" : $"{Version}{tag}{Separator}{string.Join(Separator, args)}";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Page(int page) => page >= 0 ? Number(page) : throw new ArgumentOutOfRangeException(nameof(page), "A page is 0 or more.");

    private static string Draft(long draft) => draft >= 1 ? Number(draft) : throw new ArgumentOutOfRangeException(nameof(draft), "A draft number is 1 or more.");

    private static long NonNegative(long value) => value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "An admin argument is 0 or more.");

    private static long Positive(long value) => value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "A pack's credits and price are 1 or more.");

    private static string Variants(int variants) => variants is 1 or 3 or 5 ? Number(variants) : throw new ArgumentOutOfRangeException(nameof(variants), "Variants are 1, 3 or 5.");

    /// <summary>An option's or a value's index: whether it exists is the conversation's to check against the model.</summary>
    private static string OptionIndex(int index) =>
        index is >= 0 and <= MaxOptionIndex ? Number(index) : throw new ArgumentOutOfRangeException(nameof(index), $"An option or value index is 0-{MaxOptionIndex}.");

    private static string Key(string key) => ModelKey.IsWellFormed(key) ? key : throw new ArgumentException($"'{key}' is not a model key.", nameof(key));

    private static string Order(string orderId) => OrderIds.IsWellFormed(orderId) ? orderId : throw new ArgumentException($"'{orderId}' is not an order id.", nameof(orderId));

    private static string Template(string id) =>
        id is { Length: >= 1 and <= MaxTemplateIdLength } && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_')
            ? id
            : throw new ArgumentException($"'{id}' is not a template id.", nameof(id));

    private static T Defined<T>(T value)
        where T : struct, Enum =>
        Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), $"{value} is not a {typeof(T).Name}.");

    private static string KindCode(MediaKind kind) => Defined(kind) switch
    {
        MediaKind.Image => "i",
        MediaKind.Video => "v",
        MediaKind.Music => "m",
        _ => "s",
    };

    private static MediaKind? ParseKind(string code) => code switch
    {
        "i" => MediaKind.Image,
        "v" => MediaKind.Video,
        "m" => MediaKind.Music,
        "s" => MediaKind.Speech,
        _ => null,
    };

    // Culture-free and sign-free: "+5", " 5" and "٥" are not numbers here; leading zeros are caught by the round trip.
    private static long ParseLong(string text) =>
        text.Length is >= 1 and <= 19 && text.All(char.IsAsciiDigit)
            ? long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture)
            : throw new FormatException("Not a canonical number.");

    private static int ParseInt(string text) => checked((int)ParseLong(text));
}
