using NeuroActors.Domain.Conversation;

namespace NeuroActors.Actors.Jobs;

/// <summary>
/// The files a job uploads to KIE's file host before its first attempt, in order: the first photo (recorded as
/// <see cref="JobInputUploaded"/>, as before other inputs), further photos, the audio, the video (each
/// <see cref="JobMediaUploaded"/> under its slot).
/// </summary>
public static class JobInputs
{
    public const string FirstImage = "image:0";
    public const string Audio = "audio";
    public const string Video = "video";

    /// <summary>Every (slot, Telegram file id) the job's spec names, in upload order.</summary>
    public static IEnumerable<(string Slot, string FileId)> Files(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.ImageFileId is { } first)
        {
            yield return (FirstImage, first);
        }

        var extra = spec.Media?.ExtraImageFileIds ?? [];
        for (var i = 0; i < extra.Count; i++)
        {
            yield return ("image:" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), extra[i]);
        }

        if (spec.Media?.AudioFileId is { } audio)
        {
            yield return (Audio, audio);
        }

        if (spec.Media?.VideoFileId is { } video)
        {
            yield return (Video, video);
        }
    }

    /// <summary>The uploaded URL of a slot, or null while it is not uploaded.</summary>
    public static string? UrlOf(JobState state, string slot)
    {
        ArgumentNullException.ThrowIfNull(state);
        return slot == FirstImage ? state.InputUrl : state.MediaUrls?.GetValueOrDefault(slot);
    }

    /// <summary>The next file to upload, or null when every file is on KIE's host.</summary>
    public static (string Slot, string FileId)? NextToUpload(JobState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Spec is not { } spec) return null;
        foreach (var file in Files(spec))
        {
            if (UrlOf(state, file.Slot) is null) return file;
        }

        return null;
    }

    /// <summary>The uploaded photos, in order (null when none).</summary>
    public static IReadOnlyList<string>? ImageUrls(JobState state) =>
        state.Spec is { } spec && Files(spec).Where(f => f.Slot.StartsWith("image:", StringComparison.Ordinal)).Select(f => UrlOf(state, f.Slot)).OfType<string>().ToArray() is { Length: > 0 } urls
            ? urls
            : null;

    public static IReadOnlyList<string>? AudioUrls(JobState state) => UrlOf(state, Audio) is { } url ? [url] : null;

    public static IReadOnlyList<string>? VideoUrls(JobState state) => UrlOf(state, Video) is { } url ? [url] : null;
}
