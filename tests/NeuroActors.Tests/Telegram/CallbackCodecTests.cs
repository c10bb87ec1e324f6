using System.Text;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Tests.Telegram;

public class CallbackCodecTests
{
    private const string LongestOrderId = "ZZZZZZZZZZZZZZZZ";

    /// <summary>Every action a button can carry, with the extreme values of each field.</summary>
    public static IEnumerable<CallbackAction> EveryAction()
    {
        long[] drafts = [1, 2, 999_999, long.MaxValue];
        int[] pages = [0, 1, 9_999, int.MaxValue];
        string[] orders = ["ABCD", "G7K2QXMNPA", LongestOrderId, "0000", "A1B2C3D4E5F6G7H8"];
        string[] templates = ["a", "img_product", new string('z', CallbackCodec.MaxTemplateIdLength), "0_9"];

        yield return CallbackAction.Noop.Instance;
        yield return CallbackAction.OpenMainMenu.Instance;
        yield return CallbackAction.OpenBalance.Instance;
        yield return CallbackAction.OpenHelp.Instance;
        yield return CallbackAction.OpenLanguageMenu.Instance;
        foreach (var language in Enum.GetValues<Language>())
        {
            yield return new CallbackAction.SetLanguage(language);
        }

        foreach (var page in pages)
        {
            foreach (var kind in Enum.GetValues<MediaKind>())
            {
                yield return new CallbackAction.OpenKind(kind, page);
            }

            yield return new CallbackAction.OpenPopular(page);
            yield return new CallbackAction.OpenHistory(page);
        }

        foreach (var modelId in new[] { "a", "google/nano-banana", new string('m', 500), "модель/видео" })
        {
            yield return new CallbackAction.PickModel(ModelKey.Of(modelId));
        }

        foreach (var draft in drafts)
        {
            foreach (var template in templates)
            {
                yield return new CallbackAction.ChooseTemplate(draft, template);
            }

            yield return new CallbackAction.WriteOwnPrompt(draft);
            yield return new CallbackAction.ImprovePrompt(draft);
            yield return new CallbackAction.AcceptImprovedPrompt(draft);
            yield return new CallbackAction.KeepOwnPrompt(draft);
            yield return new CallbackAction.EditPrompt(draft);
            yield return new CallbackAction.SkipPrompt(draft);
            yield return new CallbackAction.ImagesDone(draft);
            yield return new CallbackAction.BackToVariants(draft);
            foreach (var index in new[] { 0, 1, CallbackCodec.MaxOptionIndex })
            {
                yield return new CallbackAction.OpenOption(draft, index);
                yield return new CallbackAction.ChooseOption(draft, index, CallbackCodec.MaxOptionIndex - index);
            }
            yield return new CallbackAction.Confirm(draft);
            foreach (var variants in new[] { 1, 3, 5 })
            {
                yield return new CallbackAction.ChooseVariants(draft, variants);
            }
        }

        foreach (var order in orders)
        {
            yield return new CallbackAction.CancelOrder(order);
            yield return new CallbackAction.MakeAnother(order);
            yield return new CallbackAction.ChangePrompt(order);
            yield return new CallbackAction.OpenOrder(order, 0);
            yield return new CallbackAction.OpenOrder(order, 19);
            yield return new CallbackAction.RepeatOrder(order);
            yield return new CallbackAction.ResendResults(order);
        }

        yield return CallbackAction.OpenTopUp.Instance;
        foreach (var (credits, stars) in new[] { (1L, 1L), (100L, 50L), (100_000_000L, 10_000L), (long.MaxValue, long.MaxValue) })
        {
            yield return new CallbackAction.BuyPack(credits, stars);
        }

        foreach (var draft in drafts)
        {
            yield return new CallbackAction.AcceptTerms(draft);
        }

        foreach (var tap in Enum.GetValues<SubscriptionTap>())
        {
            yield return new CallbackAction.Subscription(tap);
        }

        foreach (var command in Enum.GetValues<AdminCommand>())
        {
            foreach (var argument in new[] { 0L, 1L, 7_000_000_000L, long.MaxValue })
            {
                yield return new CallbackAction.Admin(command, argument);
            }
        }
    }

    [Fact]
    public void Every_action_round_trips_within_64_bytes()
    {
        var encodings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in EveryAction())
        {
            var data = CallbackCodec.Encode(action);

            Assert.InRange(Encoding.UTF8.GetByteCount(data), 1, CallbackCodec.MaxBytes);
            Assert.Equal(action, CallbackCodec.Decode(data));
            Assert.True(encodings.Add(data), $"{data} encodes two actions");
        }
    }

    [Fact]
    public void Every_action_type_is_covered_by_the_round_trip()
    {
        var covered = EveryAction().Select(a => a.GetType()).ToHashSet();
        var all = typeof(CallbackAction).GetNestedTypes().Where(t => t.IsSubclassOf(typeof(CallbackAction)) && t != typeof(CallbackAction.Outdated));

        Assert.All(all, type => Assert.Contains(type, covered));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("m")]
    [InlineData("0m")]
    [InlineData("2m")]
    [InlineData("1m:")]
    [InlineData("1mm")]
    [InlineData("1z")]
    [InlineData("1c")]
    [InlineData("1c:")]
    [InlineData("1c:-1")]
    [InlineData("1c:+5")]
    [InlineData("1c:05")]
    [InlineData("1c: 5")]
    [InlineData("1c:5:6")]
    [InlineData("1c:99999999999999999999")]
    [InlineData("1c:9223372036854775808")]
    [InlineData("1c:٥")]
    [InlineData("1v:5:2")]
    [InlineData("1v:5:15")]
    [InlineData("1k:x:0")]
    [InlineData("1k:i:2147483648")]
    [InlineData("1o:google/nano-banana")]
    [InlineData("1o:abcdefgh")]
    [InlineData("1q:abcd")]
    [InlineData("1q:AB")]
    [InlineData("1q:ABCD-1")]
    [InlineData("1t:5:IMG")]
    [InlineData("1t:5:")]
    [InlineData("1l:de")]
    [InlineData("1A:99:0")]
    [InlineData("1A:1:-3")]
    [InlineData("1c:1111111111111111111111111111111111111111111111111111111111111111111")]
    public void Malformed_forged_or_old_data_decodes_to_outdated(string? data)
    {
        Assert.IsType<CallbackAction.Outdated>(CallbackCodec.Decode(data));
    }

    [Fact]
    public void Random_garbage_never_throws_and_only_canonical_data_decodes()
    {
        var random = new Random(20260314);
        const string alphabet = "1:0123456789mkpotwianevbcqrghBHLlAxZ-_ /\\\"{}é€🦊\u0000\uD800";
        for (var i = 0; i < 200_000; i++)
        {
            var builder = new StringBuilder();
            var length = random.Next(0, 80);
            if (random.Next(2) == 0)
            {
                builder.Append('1');
            }

            for (var c = 0; c < length; c++)
            {
                builder.Append(alphabet[random.Next(alphabet.Length)]);
            }

            var data = builder.ToString();
            var decoded = CallbackCodec.Decode(data);
            if (decoded is not CallbackAction.Outdated)
            {
                Assert.Equal(data, CallbackCodec.Encode(decoded));
            }
        }
    }

    [Fact]
    public void Mutating_a_valid_encoding_never_throws()
    {
        var random = new Random(7);
        foreach (var action in EveryAction())
        {
            var data = CallbackCodec.Encode(action);
            for (var i = 0; i < 50; i++)
            {
                var chars = data.ToCharArray();
                chars[random.Next(chars.Length)] = (char)random.Next(32, 0x3000);
                var mutated = new string(chars);
                var decoded = CallbackCodec.Decode(mutated);
                Assert.True(decoded is CallbackAction.Outdated || CallbackCodec.Encode(decoded) == mutated);
            }
        }
    }

    [Fact]
    public void Values_a_button_can_never_carry_are_refused_when_encoding()
    {
        Assert.ThrowsAny<ArgumentException>(() => CallbackCodec.Encode(new CallbackAction.Confirm(0)));
        Assert.ThrowsAny<ArgumentException>(() => CallbackCodec.Encode(new CallbackAction.ChooseVariants(1, 2)));
        Assert.ThrowsAny<ArgumentException>(() => CallbackCodec.Encode(new CallbackAction.OpenKind(MediaKind.Image, -1)));
        Assert.ThrowsAny<ArgumentException>(() => CallbackCodec.Encode(new CallbackAction.PickModel("google/nano-banana")));
        Assert.ThrowsAny<ArgumentException>(() => CallbackCodec.Encode(new CallbackAction.CancelOrder(LongestOrderId + "Z")));
        Assert.ThrowsAny<ArgumentException>(() => CallbackCodec.Encode(new CallbackAction.ChooseTemplate(1, "Капс")));
        Assert.ThrowsAny<ArgumentException>(() => CallbackCodec.Encode(CallbackAction.Outdated.Instance));
    }
}
