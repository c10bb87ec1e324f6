using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace NeuroActors.Domain.Conversation;

/// <summary>
/// What the conversation needs to know about one visible model. The lead adapts the catalogue to this:
/// the conversation never depends on catalogue types.
/// </summary>
/// <param name="Id">KIE model id, e.g. <c>google/nano-banana</c>.</param>
/// <param name="DisplayName">Name shown to users, e.g. <c>Nano Banana</c>.</param>
/// <param name="Kind">Which menu the model belongs to.</param>
/// <param name="Price">Credits per variant (one generation).</param>
/// <param name="NeedsImage">The model works from a photo (image-to-image, image-to-video).</param>
/// <param name="MaxPromptLength">The longest prompt the model takes, in characters.</param>
/// <param name="Summary">One line on what the model is good at, in English.</param>
/// <param name="SummaryRu">The same line in Russian; the English one is shown when absent.</param>
/// <param name="Free">The catalogue marks it <c>free: true</c>: the free daily quota applies.</param>
/// <param name="Inputs">The files the model works from and how its price follows their length; null: a prompt and, with <paramref name="NeedsImage"/>, one photo.</param>
public sealed record MenuModel(
    string Id,
    string DisplayName,
    MediaKind Kind,
    long Price,
    bool NeedsImage,
    int MaxPromptLength,
    string Summary,
    string? SummaryRu = null,
    bool Free = false,
    ModelInputs? Inputs = null)
{
    /// <summary>What the model takes, with the prompt-and-photo default for models built without <see cref="Inputs"/>.</summary>
    public ModelInputs Takes { get; } = Inputs ?? ModelInputs.PromptAndPhoto(NeedsImage);

    /// <summary>The short key that stands for this model in callback data.</summary>
    public string Key { get; } = ModelKey.Of(Id);

    /// <summary>The options the user may change on the options step, in catalogue order (none: the step is skipped).</summary>
    public IReadOnlyList<MenuOption> Options { get; init; } = [];

    /// <summary>
    /// Credits per variant for a full set of option values (every option of <see cref="Options"/> named), or null when the
    /// catalogue does not sell that combination. Null for a model whose price does not depend on its options.
    /// </summary>
    public Func<IReadOnlyDictionary<string, string>, long?>? PriceOf { get; init; }

    /// <summary>The lowest price of any choice of options; <see cref="Price"/> (the defaults') when not given.</summary>
    public long? LowestPrice { get; init; }

    /// <summary>The price depends on the options (or the input's length): lists show "from N".</summary>
    public bool PriceVaries { get; init; }
}

/// <summary>The models the menus show. Implemented over the catalogue by the lead (or use <see cref="InMemoryModelMenu"/>).</summary>
public interface IModelMenu
{
    /// <summary>Kinds that have at least one visible model, in menu order.</summary>
    IReadOnlyList<MediaKind> Kinds { get; }

    /// <summary>Visible models of a kind, in menu order (empty when none).</summary>
    IReadOnlyList<MenuModel> ModelsOf(MediaKind kind);

    /// <summary>The "⭐ Popular" shortcut's models, in menu order.</summary>
    IReadOnlyList<MenuModel> Popular { get; }

    /// <summary>A visible model by its callback key (<see cref="ModelKey.Of"/>), or null.</summary>
    MenuModel? FindByKey(string key);

    /// <summary>A visible model by its KIE id, or null.</summary>
    MenuModel? FindById(string modelId);
}

/// <summary>
/// Short stable key of a model id for callback data: 8 base32 characters of its SHA-256 (40 bits).
/// A key survives catalogue reordering, unlike a list index, and fits any model id into 64 bytes.
/// </summary>
public static class ModelKey
{
    public const int Length = 8;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Of(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(modelId));
        ulong bits = 0;
        for (var i = 0; i < 5; i++)
        {
            bits = (bits << 8) | hash[i];
        }

        var chars = new char[Length];
        for (var i = Length - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(bits & 31)];
            bits >>= 5;
        }

        return new string(chars);
    }

    /// <summary>True when the text has the shape of a key (it may still name no model).</summary>
    public static bool IsWellFormed(string? key) =>
        key is { Length: Length } && key.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}

/// <summary>An <see cref="IModelMenu"/> over a fixed list of models; build a new one when the catalogue changes.</summary>
public sealed class InMemoryModelMenu : IModelMenu
{
    private static readonly MediaKind[] KindOrder = [MediaKind.Image, MediaKind.Video, MediaKind.Music, MediaKind.Speech];
    private readonly ImmutableDictionary<MediaKind, ImmutableArray<MenuModel>> _byKind;
    private readonly ImmutableDictionary<string, MenuModel> _byKey;
    private readonly ImmutableDictionary<string, MenuModel> _byId;

    /// <param name="models">Visible models, in menu order.</param>
    /// <param name="popularIds">Ids for "⭐ Popular", in order; unknown ids are skipped.</param>
    public InMemoryModelMenu(IEnumerable<MenuModel> models, IEnumerable<string>? popularIds = null)
    {
        var list = models.ToList();
        var byKey = new Dictionary<string, MenuModel>(StringComparer.Ordinal);
        var byId = new Dictionary<string, MenuModel>(StringComparer.Ordinal);
        foreach (var model in list)
        {
            if (!byId.TryAdd(model.Id, model))
            {
                throw new ArgumentException($"Model '{model.Id}' is listed twice.", nameof(models));
            }

            if (!byKey.TryAdd(model.Key, model))
            {
                throw new ArgumentException($"Models '{byKey[model.Key].Id}' and '{model.Id}' share the callback key {model.Key}.", nameof(models));
            }
        }

        _byKey = byKey.ToImmutableDictionary(StringComparer.Ordinal);
        _byId = byId.ToImmutableDictionary(StringComparer.Ordinal);
        _byKind = KindOrder.ToImmutableDictionary(k => k, k => list.Where(m => m.Kind == k).ToImmutableArray());
        Kinds = KindOrder.Where(k => !_byKind[k].IsEmpty).ToImmutableArray();
        Popular = (popularIds ?? []).Distinct(StringComparer.Ordinal)
            .Select(id => _byId.GetValueOrDefault(id))
            .OfType<MenuModel>()
            .ToImmutableArray();
    }

    public IReadOnlyList<MediaKind> Kinds { get; }

    public IReadOnlyList<MenuModel> Popular { get; }

    public IReadOnlyList<MenuModel> ModelsOf(MediaKind kind) => _byKind.TryGetValue(kind, out var models) ? models : [];

    public MenuModel? FindByKey(string key) => _byKey.GetValueOrDefault(key);

    public MenuModel? FindById(string modelId) => _byId.GetValueOrDefault(modelId);
}
