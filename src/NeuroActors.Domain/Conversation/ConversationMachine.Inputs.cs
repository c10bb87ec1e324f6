using System.Collections.Immutable;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Conversation;

// The files a draft is made from besides the first photo: photos for models that take a list (one by one or as an
// album), a voice message or an audio file, a video. Each is checked (kind, Telegram's 20 MB, the model's length)
// before it becomes an event; a refusal says what the model takes, keeps the draft and charges nothing.
public static partial class ConversationMachine
{
    /// <summary>Audio MIME types a document may have to be taken as audio.</summary>
    public static bool IsAudioMime(string? mimeType) => mimeType?.Trim().StartsWith("audio/", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Video MIME types a document may have to be taken as video.</summary>
    public static bool IsVideoMime(string? mimeType) => mimeType?.Trim().StartsWith("video/", StringComparison.OrdinalIgnoreCase) == true;

    private static DraftOrder NewDraft(DraftStarted e) =>
        new(e.Number, e.ModelId, e.NeedsImage, Prompt: e.Prompt, ImageFileId: e.ImageFileId, FromOrderId: e.FromOrderId,
            NeedsAudio: e.NeedsAudio, NeedsVideo: e.NeedsVideo,
            ExtraImageFileIds: e.Media?.ExtraImageFileIds is { Count: > 0 } extra ? [.. extra] : null,
            Audio: e.Media?.AudioFileId is { } audio ? new AttachedMedia(audio, e.Media.MediaSeconds) : null,
            Video: e.Media?.VideoFileId is { } video ? new AttachedMedia(video, e.Media.MediaSeconds) : null)
        {
            Options = e.Options,
        };

    private static ConversationState ApplyInput(ConversationState state, DraftOrder draft, ConversationEvent @event) => @event switch
    {
        ImageAdded e => state with
        {
            Step = (draft.ImageFileId is null
                    ? draft with { ImageFileId = e.FileId, LastMediaGroupId = e.MediaGroupId, Variants = null, UnitPrice = null }
                    : draft with { ExtraImageFileIds = (draft.ExtraImageFileIds ?? []).Add(e.FileId), LastMediaGroupId = e.MediaGroupId, Variants = null, UnitPrice = null })
                .NextInputStep(),
        },
        AudioAttached e => state with { Step = (draft with { Audio = new AttachedMedia(e.FileId, e.Seconds), Variants = null, UnitPrice = null }).NextInputStep() },
        VideoAttached e => state with { Step = (draft with { Video = new AttachedMedia(e.FileId, e.Seconds), Variants = null, UnitPrice = null }).NextInputStep() },
        AlbumOverflowRefused e => state with { Step = ReplaceDraft(state.Step, draft with { OverflowedMediaGroupId = e.MediaGroupId }) },
        _ => state,
    };

    /// <summary>The same step with its draft changed in a way that does not move it (a note the draft keeps).</summary>
    private static ConversationStep ReplaceDraft(ConversationStep step, DraftOrder draft) => step switch
    {
        ConversationStep.AwaitingImage => new ConversationStep.AwaitingImage(draft),
        ConversationStep.AwaitingMedia => new ConversationStep.AwaitingMedia(draft),
        ConversationStep.AwaitingPrompt => new ConversationStep.AwaitingPrompt(draft),
        ConversationStep.ImprovingPrompt s => s with { Current = draft },
        ConversationStep.ReviewingImprovedPrompt s => s with { Current = draft },
        ConversationStep.ChoosingVariants => new ConversationStep.ChoosingVariants(draft),
        ConversationStep.Confirming => new ConversationStep.Confirming(draft),
        _ => step,
    };

    /// <summary>
    /// The price of one variant of the draft: for its options (<see cref="DraftOptions.UnitPrice"/>), and for models priced
    /// by length, the tier of its audio's or video's length at those options. Null when the catalogue does not sell the choice.
    /// </summary>
    public static long? UnitPriceOf(DraftOrder draft, MenuModel model)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(model);
        if ((draft.Audio?.Seconds ?? draft.Video?.Seconds) is not { } seconds || model.Takes.Tiers.IsDefaultOrEmpty)
        {
            return DraftOptions.UnitPrice(model, draft.Options);
        }

        if (model.Takes.PriceAtLength is { } priceAt)
        {
            return DraftOptions.Resolve(model, draft.Options) is { } resolved ? priceAt(resolved, seconds) : null;
        }

        return model.Takes.PriceFor(seconds, model.Price);
    }

    private sealed partial class Decider
    {
        /// <summary>Steps where a draft takes files: everything before the order but the LLM's rewrite.</summary>
        private bool TakesFilesNow => _state.Step is ConversationStep.AwaitingImage or ConversationStep.AwaitingMedia
            or ConversationStep.AwaitingPrompt or ConversationStep.ChoosingVariants or ConversationStep.Confirming;

        private DraftStarted NewDraftEvent(MenuModel model, string? prompt, string? imageFileId, string? fromOrderId, OrderMedia? media)
        {
            var takes = model.Takes;
            var keepPrompt = takes.Prompt == PromptUse.None ? string.Empty
                : prompt is not null && Html.CountChars(prompt) <= model.MaxPromptLength ? prompt : null;
            var keepImage = takes.TakesImages ? imageFileId : null;
            var keepMedia = media is null ? null : new OrderMedia(
                takes.TakesImageList ? media.ExtraImageFileIds?.Take(Math.Max(0, takes.MaxImages - 1)).ToArray() : null,
                takes.Audio ? media.AudioFileId : null,
                takes.Video ? media.VideoFileId : null,
                media.MediaSeconds);
            return new DraftStarted(
                _state.LastDraftNumber + 1, model.Id, model.NeedsImage, keepPrompt, keepImage, fromOrderId,
                takes.Audio ? true : null, takes.Video ? true : null,
                keepMedia is { ExtraImageFileIds: null, AudioFileId: null, VideoFileId: null } ? null : keepMedia);
        }

        // ---------- audio and video ----------
        private void OnTimedMedia(bool video, string fileId, long? fileSize, int? seconds, string? caption, OtherMedia sentAs)
        {
            if (_state.Draft is not { } draft || !TakesFilesNow)
            {
                OnOtherMedia(sentAs, unsupportedImage: false);
                return;
            }

            if (ModelOf(draft) is not { } model)
            {
                ModelGone();
                return;
            }

            var takes = model.Takes;
            if (video ? !takes.Video : !takes.Audio)
            {
                // Said as for any other file the model cannot use: what the step waits for (a photo, a prompt, its audio or video).
                OnOtherMedia(sentAs, unsupportedImage: false);
                return;
            }

            if (fileSize is { } size && size > Setup.MaxPhotoBytes)
            {
                Note(InputTexts.TooLarge(Language, T, size, Setup.MaxPhotoBytes, takes));
                return;
            }

            if (takes.MaxMediaSeconds is { } limit)
            {
                if (seconds is not { } length)
                {
                    Note(InputTexts.LengthUnknown(Language, video));
                    return;
                }

                if (length > limit)
                {
                    Note(InputTexts.TooLong(Language, length, limit));
                    return;
                }
            }

            Emit(video ? new VideoAttached(fileId, seconds) : new AudioAttached(fileId, seconds));
            TakeCaptionAsPrompt(model, caption);
        }

        /// <summary>A caption given with a file is the prompt when the draft still needs one; an unusable one is said and the file stays.</summary>
        private void TakeCaptionAsPrompt(MenuModel model, string? caption)
        {
            if (!string.IsNullOrWhiteSpace(caption) && model.Takes.Prompt != PromptUse.None && _state.Draft is { Prompt: null } draft)
            {
                if (PromptProblem(draft, model, caption, out var prompt) is { } problem)
                {
                    Send(Screens.WithNote(problem, NextScreen(model)));
                    return;
                }

                Emit(new PromptEntered(prompt));
            }

            Send(NextScreen(model));
        }

        // ---------- several photos ----------

        /// <summary>
        /// A photo for a model that takes several: the first one starts the list (and is answered with what comes next),
        /// further ones are added with a short count and "✅ Done", the rest of an album silently; photos beyond the
        /// model's limit are refused (once per album). False when the draft's model takes one photo at most.
        /// </summary>
        private bool TookListImage(string fileId, long? fileSize, string? caption, string? mediaGroupId)
        {
            if (_state.Draft is not { } draft || !TakesFilesNow || ModelOf(draft) is not { Takes.TakesImageList: true } model)
            {
                return false;
            }

            var takes = model.Takes;
            var albumGoesOn = mediaGroupId is not null && mediaGroupId == draft.LastMediaGroupId;
            if (draft.ImageCount >= takes.MaxImages)
            {
                if (mediaGroupId is null)
                {
                    Note(InputTexts.TooManyPhotos(Language, takes.MaxImages, album: false));
                }
                else if (draft.OverflowedMediaGroupId != mediaGroupId)
                {
                    Emit(new AlbumOverflowRefused(mediaGroupId));
                    Send(Screens.WithNote(InputTexts.TooManyPhotos(Language, takes.MaxImages, album: true), PhotosKeyboardScreen(_state.Draft!, model)));
                }

                return true;
            }

            if (fileSize is { } size && size > Setup.MaxPhotoBytes)
            {
                Note(T.PhotoTooLarge(size, Setup.MaxPhotoBytes));
                return true;
            }

            var first = draft.ImageFileId is null;
            Emit(new ImageAdded(fileId, mediaGroupId));
            if (first)
            {
                TakeCaptionAsPrompt(model, caption);
                return true;
            }

            if (!string.IsNullOrWhiteSpace(caption) && _state.Draft is { Prompt: null })
            {
                TakeCaptionAsPrompt(model, caption);
                return true;
            }

            if (!albumGoesOn)
            {
                Send(PhotosKeyboardScreen(_state.Draft!, model));
            }

            return true;
        }

        /// <summary>"Photos: 3 of up to 10. Send more, or tap Done." with [✅ Done] and the way home.</summary>
        private Screen PhotosKeyboardScreen(DraftOrder draft, MenuModel model) =>
            new(InputTexts.PhotoAdded(Language, draft.ImageCount, model.Takes.MaxImages), InlineKeyboard.Of(
                [InlineButton.For(InputTexts.DoneButton(Language, draft.ImageCount), new CallbackAction.ImagesDone(draft.Number))],
                [InlineButton.For(T.MenuButton, CallbackAction.OpenMainMenu.Instance)]));

        /// <summary>"✅ Done": the screen of what the draft needs next (the prompt, or the variants).</summary>
        private void OnImagesDone(long draftNumber) =>
            WithDraft(draftNumber, s => s is ConversationStep.AwaitingImage or ConversationStep.AwaitingMedia or ConversationStep.AwaitingPrompt or ConversationStep.ChoosingVariants or ConversationStep.Confirming, (draft, model) =>
            {
                if (draft.ImageCount == 0)
                {
                    Answer(T.SendPhotoToast);
                    return;
                }

                Answer();
                Show(NextScreen(model));
            });

        /// <summary>"➡️ Without a prompt" for a model whose prompt is optional.</summary>
        private void OnSkipPrompt(long draftNumber) =>
            WithDraft(draftNumber, s => s is ConversationStep.AwaitingPrompt, (_, model) =>
            {
                if (model.Takes.Prompt != PromptUse.Optional)
                {
                    Outdated();
                    return;
                }

                Answer();
                Emit(new PromptEntered(string.Empty));
                Show(NextScreen(model));
            });

        /// <summary>A refusal for a file in a step that waits for audio or video, saying what the model takes.</summary>
        private bool RefusedForMedia(OtherMedia media)
        {
            if (_state.Step is not ConversationStep.AwaitingMedia { Current: var draft } || ModelOf(draft) is not { } model)
            {
                return false;
            }

            Note(InputTexts.WrongMedia(Language, media, model.Takes));
            return true;
        }
    }
}
