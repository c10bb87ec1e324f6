using System.Collections.Immutable;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Conversation;

/// <summary>
/// The user conversation as a pure state machine. The user's actor calls <see cref="Decide"/> for each input,
/// persists the returned events, folds them with <see cref="Apply"/> (or takes <see cref="ConversationDecision.State"/>)
/// and then performs the effects in order. Bad input never loses the draft: it gets a helpful reply and no event.
/// </summary>
public static partial class ConversationMachine
{
    private static readonly string[] ImageMimeTypes = ["image/jpeg", "image/jpg", "image/png", "image/webp"];

    /// <summary>The language the user reads: their explicit choice, else their Telegram language.</summary>
    public static Language LanguageOf(ConversationState state, string? telegramLanguageCode, Language whenUnknown) =>
        state.ChosenLanguage ?? LanguageResolver.FromTelegramCode(telegramLanguageCode, whenUnknown);

    public static ConversationDecision Decide(ConversationState state, ConversationInput input, ConversationContext context)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        return new Decider(state, context).Run(input);
    }

    /// <summary>Folds one event into the state. An event that does not fit the state (it cannot happen) changes nothing.</summary>
    public static ConversationState Apply(ConversationState state, ConversationEvent @event)
    {
        var draft = state.Draft;
        return @event switch
        {
            UserRegistered e => state.IsRegistered ? state : state with { IsRegistered = true, RegisteredAt = e.At },
            LanguageChosen e => state with { ChosenLanguage = e.Language },
            MainMenuOpened => state with { Step = ConversationStep.MainMenu.Instance },
            ModelListOpened e => state with { Step = new ConversationStep.ChoosingModel(e.Kind, e.Page) },
            DraftStarted e => state with
            {
                Step = NewDraft(e).NextInputStep(),
                LastDraftNumber = Math.Max(state.LastDraftNumber, e.Number),
            },
            PromptTemplateChosen e when draft is not null => state with
            {
                Step = (draft with { TemplateId = e.TemplateId, Prompt = null, Variants = null, UnitPrice = null }).NextInputStep(),
            },
            PromptEntered e when draft is not null => state with
            {
                Step = (draft with { Prompt = e.Prompt, TemplateId = null, Variants = null, UnitPrice = null }).NextInputStep(),
            },
            ImageAttached e when draft is not null => state with
            {
                Step = (draft with { ImageFileId = e.FileId, Variants = null, UnitPrice = null }).NextInputStep(),
            },
            PromptEditStarted when draft is not null => state with
            {
                Step = (draft with { Prompt = null, TemplateId = null, Variants = null, UnitPrice = null }).NextInputStep(),
            },
            PromptImprovementStarted e when draft is { Prompt: not null } => state with
            {
                Step = new ConversationStep.ImprovingPrompt(draft with { Variants = null, UnitPrice = null }, e.MessageId),
            },
            PromptImprovementOffered e when state.Step is ConversationStep.ImprovingPrompt s => state with
            {
                Step = new ConversationStep.ReviewingImprovedPrompt(s.Current, e.ImprovedPrompt),
            },
            PromptImprovementAccepted when state.Step is ConversationStep.ReviewingImprovedPrompt s => state with
            {
                Step = new ConversationStep.ChoosingVariants(s.Current with { Prompt = s.ImprovedPrompt }),
            },
            PromptImprovementDismissed when state.Step is ConversationStep.ImprovingPrompt or ConversationStep.ReviewingImprovedPrompt => state with
            {
                Step = new ConversationStep.ChoosingVariants(draft!),
            },
            VariantsChosen e when draft is { Prompt: not null } => state with
            {
                Step = new ConversationStep.Confirming(draft with { Variants = e.Variants, UnitPrice = e.UnitPrice }),
            },
            VariantChoiceReopened when draft is { Prompt: not null } => state with
            {
                Step = new ConversationStep.ChoosingVariants(draft with { Variants = null, UnitPrice = null }),
            },
            OptionChosen e when draft is not null => state with
            {
                Step = (draft with { Options = draft.Options.With(e.Name, e.Value), Variants = null, UnitPrice = null }).NextInputStep(),
            },
            OptionsReset when draft is not null => state with
            {
                Step = (draft with { Options = OptionChoices.Empty, Variants = null, UnitPrice = null }).NextInputStep(),
            },
            OrderPlaced e => state with
            {
                Step = ConversationStep.MainMenu.Instance,
                RecentOrders = state.RecentOrders
                    .Insert(0, new RecentOrder(e.OrderId, e.DraftNumber, e.ModelId, e.Prompt, e.ImageFileId, e.Variants, e.UnitPrice, e.At, e.Media) { Options = e.Options })
                    .Take(ConversationState.RecentOrdersKept)
                    .ToImmutableList(),
            },
            ImageAdded or AudioAttached or VideoAttached or AlbumOverflowRefused when draft is not null => ApplyInput(state, draft, @event),
            _ => state,
        };
    }

    /// <summary>True when a document's MIME type is an image a model can take.</summary>
    public static bool IsSupportedImage(string? mimeType) =>
        mimeType is not null && ImageMimeTypes.Contains(mimeType.Trim().ToLowerInvariant());

    /// <summary>One decision in progress: the running state, the events so far and the effects so far.</summary>
    private sealed partial class Decider
    {
        private readonly ConversationContext _context;
        private readonly List<ConversationEvent> _events = [];
        private readonly List<ConversationEffect> _effects = [];
        private ConversationState _state;
        private readonly ConversationState _initial;
        private ConversationInput.ButtonTapped? _tap;
        private long _pendingWelcome;
        private bool _justRegistered;

        public Decider(ConversationState state, ConversationContext context)
        {
            _state = state;
            _initial = state;
            _context = context;
        }

        private ConversationSetup Setup => _context.Setup;

        private Language Language => LanguageOf(_state, _context.TelegramLanguageCode, Setup.DefaultLanguage);

        private UiTexts T => UiTexts.For(Language);

        private Screens Screens => new(T, Setup, Limits, _context.Subscription);

        /// <summary>Spendable credits, counting a welcome grant this very decision asks for.</summary>
        private long Available => _context.AvailableCredits + _pendingWelcome;

        public ConversationDecision Run(ConversationInput input)
        {
            if (!_state.IsRegistered)
            {
                Register();
            }

            switch (input)
            {
                case ConversationInput.Command command:
                    OnCommand(command.Name, command.Argument);
                    break;
                case ConversationInput.Text text:
                    OnText(text.Value);
                    break;
                case ConversationInput.Photo photo:
                    OnImage(photo.FileId, photo.FileSize, photo.Caption, photo.MediaGroupId);
                    break;
                case ConversationInput.Audio audio:
                    OnTimedMedia(video: false, audio.FileId, audio.FileSize, audio.Seconds, audio.Caption, audio.SentAs);
                    break;
                case ConversationInput.Video video:
                    OnTimedMedia(video: true, video.FileId, video.FileSize, video.Seconds, video.Caption, video.SentAs);
                    break;
                case ConversationInput.Document document when IsAudioMime(document.MimeType) || IsVideoMime(document.MimeType):
                    OnTimedMedia(IsVideoMime(document.MimeType), document.FileId, document.FileSize, null, document.Caption, OtherMedia.Document);
                    break;
                case ConversationInput.Document document when IsSupportedImage(document.MimeType):
                    OnImage(document.FileId, document.FileSize, document.Caption);
                    break;
                case ConversationInput.Document document:
                    OnOtherMedia(OtherMedia.Document, document.MimeType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true);
                    break;
                case ConversationInput.OtherMessage other:
                    OnOtherMedia(other.Media, unsupportedImage: false);
                    break;
                case ConversationInput.ButtonTapped tap:
                    _tap = tap;
                    OnButton(tap.Action);
                    break;
                case ConversationInput.PromptImprovementReady ready:
                    OnImprovementReady(ready);
                    break;
                case ConversationInput.PromptImprovementFailed failed:
                    OnImprovementFailed(failed.DraftNumber, failed.OriginalPrompt);
                    break;
            }

            if (_pendingWelcome > 0)
            {
                Do(new ConversationEffect.GrantWelcomeCredits(ConversationSetup.WelcomeGrantId, _pendingWelcome));
            }

            DropEditsThatChangeNothing();

            return new ConversationDecision(_events, _effects) { State = _state };
        }

        // ---------- plumbing ----------
        private void Emit(ConversationEvent @event)
        {
            _events.Add(@event);
            _state = Apply(_state, @event);
        }

        private void Do(ConversationEffect effect) => _effects.Add(effect);

        private void Answer(string? toast = null) => Do(new ConversationEffect.AnswerCallback(_tap!.CallbackQueryId, toast));

        /// <summary>A tap edits the message it came from; a typed message gets a new message.</summary>
        private void Show(Screen screen) =>
            Do(_tap is null ? new ConversationEffect.SendMessage(screen) : new ConversationEffect.EditMessage(_tap.MessageId, screen));

        private void Send(Screen screen) => Do(new ConversationEffect.SendMessage(screen));

        /// <summary>
        /// Telegram refuses an edit into what the message already shows ("message is not modified") and the user sees
        /// nothing happen. When a tap changed nothing (no event) and came from a button of the current screen, that
        /// message shows the current screen: an edit into exactly that screen is dropped; the callback is still answered.
        /// (A tap from an older message whose buttons differ is left alone: what that message shows is not known here.)
        /// </summary>
        private void DropEditsThatChangeNothing()
        {
            if (_tap is null || _state != _initial || CurrentScreen() is not { Keyboard: { } keyboard } current
                || !keyboard.Buttons.Any(b => b.CallbackData is not null && CallbackCodec.Decode(b.CallbackData) == _tap.Action))
            {
                return;
            }

            _effects.RemoveAll(e => e is ConversationEffect.EditMessage edit && edit.MessageId == _tap.MessageId && edit.Screen == current);
            if (!_effects.Any(e => e is ConversationEffect.AnswerCallback))
            {
                Answer();
            }
        }

        private void Note(string html) => Send(new Screen(html, null));

        private void Register()
        {
            Emit(new UserRegistered(_context.Now));
            _justRegistered = true;
            // The grant is added after the input's own effects (a tap's answer comes first); screens already count it.
            _pendingWelcome = Math.Max(0, Setup.WelcomeCredits);
        }

        private void OpenMainMenu()
        {
            if (_state.Step is not ConversationStep.MainMenu)
            {
                Emit(new MainMenuOpened());
            }
        }

        private MenuModel? ModelOf(DraftOrder draft) => Setup.Menu.FindById(draft.ModelId);

        /// <summary>The draft's model left the catalogue: say so and go home.</summary>
        private void ModelGone()
        {
            OpenMainMenu();
            if (_tap is not null)
            {
                Answer(Html.Shorten(T.ModelUnavailable, 190));
            }

            Show(Screens.MainMenu(Available, T.ModelUnavailable));
        }

        /// <summary>The screen of the current step, for hints that re-show where the user is.</summary>
        private Screen? CurrentScreen()
        {
            var step = _state.Step;
            if (step.Draft is { } draft && ModelOf(draft) is null)
            {
                return null;
            }

            return step switch
            {
                ConversationStep.ChoosingModel s => Screens.ModelList(s.Kind, s.Page),
                ConversationStep.AwaitingImage s => Screens.Card(s.Current, ModelOf(s.Current)!),
                ConversationStep.AwaitingPrompt s => Screens.Card(s.Current, ModelOf(s.Current)!),
                ConversationStep.AwaitingMedia s => Screens.Card(s.Current, ModelOf(s.Current)!),
                ConversationStep.ImprovingPrompt s => Screens.Improving(s.Current),
                ConversationStep.ReviewingImprovedPrompt s => Screens.ImprovedOffer(s.Current, s.ImprovedPrompt),
                ConversationStep.ChoosingVariants s => Screens.Variants(s.Current, ModelOf(s.Current)!),
                ConversationStep.Confirming s => ConfirmationOf(s.Current, ModelOf(s.Current)!),
                _ => Screens.MainMenu(Available),
            };
        }

        /// <summary>A hint above the current screen, sent as a new message so its buttons are at hand.</summary>
        private void HintWithCurrentScreen(string hint)
        {
            if (CurrentScreen() is { } screen)
            {
                Send(Screens.WithNote(hint, screen));
            }
            else
            {
                ModelGone();
            }
        }

        private bool ExpectsPhoto => _state.Step is ConversationStep.AwaitingImage
            || (_state.Step is ConversationStep.AwaitingPrompt { Current.NeedsImage: true })
            || (_state.Step is ConversationStep.AwaitingMedia { Current: var d } && ModelOf(d)?.Takes.TakesImages == true);

        private void StartDraft(MenuModel model, string? prompt, string? imageFileId, string? fromOrderId = null, OrderMedia? media = null, OptionChoices? options = null) =>
            Emit(NewDraftEvent(model, prompt, imageFileId, fromOrderId, media) with { Options = CarriedOptions(model, options) });

        // ---------- commands ----------
        private void OnCommand(string name, string argument)
        {
            switch (name)
            {
                case "start":
                    OpenMainMenu();
                    Send(Screens.MainMenu(Available, _justRegistered ? T.Welcome(Setup.WelcomeCredits) : null));
                    FollowStartLink(argument);
                    break;
                case "promo":
                    Do(new ConversationEffect.RedeemPromo(argument, Language));
                    break;
                case "invite":
                    Do(new ConversationEffect.ShowInvite(Language));
                    break;
                case "menu":
                case "cancel":
                    OpenMainMenu();
                    Send(Screens.MainMenu(Available));
                    break;
                case "balance":
                    Send(Screens.Balance(Available, _context.ReservedCredits));
                    break;
                case "history":
                    Do(new ConversationEffect.ShowHistory(0, null, Language));
                    break;
                case "help":
                    Send(Screens.Help());
                    break;
                case "models":
                    Search(argument);
                    break;
                case "language":
                    Send(Screens.LanguageMenu());
                    break;
                case "status":
                    if (OrderIds.ParseUserInput(argument) is { } orderId)
                    {
                        Do(new ConversationEffect.ShowOrderStatus(orderId, Language));
                    }
                    else
                    {
                        Send(Screens.Notice(T.StatusUsage));
                    }

                    break;
                default:
                    // Unknown commands (admin commands too: admins' updates reach admin actors first) get the same
                    // answer; the user stays where they were.
                    HintWithCurrentScreen(T.UnknownCommand);
                    break;
            }
        }

        // ---------- typed text ----------
        private void OnText(string text)
        {
            switch (_state.Step)
            {
                case ConversationStep.AwaitingImage { Current: var draft }:
                    TakePrompt(draft, text);
                    break;
                case ConversationStep.AwaitingPrompt { Current: var draft }:
                    TakePrompt(draft, text);
                    break;
                case ConversationStep.AwaitingMedia { Current: { Prompt: null } draft }:
                    TakePrompt(draft, text);
                    break;
                case var _ when TypedTextSearches:
                    Search(text);
                    break;
                default:
                    HintWithCurrentScreen(T.UseTheButtons);
                    break;
            }
        }

        /// <summary>Takes a typed prompt: a bad one gets a reply and no event; a good one moves the draft on.</summary>
        private void TakePrompt(DraftOrder draft, string text)
        {
            if (ModelOf(draft) is not { } model)
            {
                ModelGone();
                return;
            }

            if (PromptProblem(draft, model, text, out var prompt) is { } problem)
            {
                Note(problem);
                return;
            }

            Emit(new PromptEntered(prompt));
            Send(NextScreen(model));
        }

        /// <summary>What is wrong with a prompt (empty, too long), or null with the final prompt (template applied).</summary>
        private string? PromptProblem(DraftOrder draft, MenuModel model, string text, out string prompt)
        {
            var given = text.Trim();
            prompt = given;
            if (given.Length == 0)
            {
                return T.PromptEmpty;
            }

            if (PromptTemplates.Find(draft.TemplateId) is { } template)
            {
                prompt = template.Apply(Language, given);
            }

            var length = Html.CountChars(prompt);
            return length > model.MaxPromptLength ? T.PromptTooLong(length, model.MaxPromptLength) : null;
        }

        private Screen NextScreen(MenuModel model) => _state.Step switch
        {
            ConversationStep.ChoosingVariants s => Screens.Variants(s.Current, model),
            var step => Screens.Card(step.Draft!, model),
        };

        // ---------- photos and other media ----------
        private void OnImage(string fileId, long? fileSize, string? caption, string? mediaGroupId = null)
        {
            if (TookListImage(fileId, fileSize, caption, mediaGroupId))
            {
                return;
            }

            if (!ExpectsPhoto)
            {
                if (_state.Step is ConversationStep.AwaitingPrompt)
                {
                    Note(T.PhotoNotNeeded);
                }
                else
                {
                    HintWithCurrentScreen(T.MediaNotExpected);
                }

                return;
            }

            if (fileSize is { } size && size > Setup.MaxPhotoBytes)
            {
                Note(T.PhotoTooLarge(size, Setup.MaxPhotoBytes));
                return;
            }

            var draft = _state.Draft!;
            if (ModelOf(draft) is not { } model)
            {
                ModelGone();
                return;
            }

            Emit(new ImageAttached(fileId));
            if (!string.IsNullOrWhiteSpace(caption))
            {
                // The caption is the prompt. If it is unusable the photo stays, and the card says what is still needed.
                if (PromptProblem(_state.Draft!, model, caption, out var prompt) is { } problem)
                {
                    Send(Screens.WithNote(problem, NextScreen(model)));
                    return;
                }

                Emit(new PromptEntered(prompt));
            }

            Send(NextScreen(model));
        }

        private void OnOtherMedia(OtherMedia media, bool unsupportedImage)
        {
            if (RefusedForMedia(media))
            {
                return;
            }

            if (ExpectsPhoto)
            {
                Note(unsupportedImage ? T.UnsupportedImageFile : T.WrongMediaForPhoto(media));
            }
            else if (_state.Step is ConversationStep.AwaitingPrompt)
            {
                Note(T.WrongMediaForPrompt(media));
            }
            else
            {
                HintWithCurrentScreen(T.MediaNotExpected);
            }
        }

        // ---------- the LLM's answers ----------
        private void OnImprovementReady(ConversationInput.PromptImprovementReady ready)
        {
            if (_state.Step is not ConversationStep.ImprovingPrompt { Current: var draft, MessageId: var messageId }
                || draft.Number != ready.DraftNumber || draft.Prompt != ready.OriginalPrompt)
            {
                return; // The user moved on; a late answer changes nothing.
            }

            if (ModelOf(draft) is not { } model)
            {
                ModelGone();
                return;
            }

            var improved = ready.ImprovedPrompt.Trim();
            if (improved.Length == 0 || improved == draft.Prompt || Html.CountChars(improved) > model.MaxPromptLength)
            {
                OnImprovementFailed(ready.DraftNumber, ready.OriginalPrompt);
                return;
            }

            Emit(new PromptImprovementOffered(improved));
            Do(new ConversationEffect.EditMessage(messageId, Screens.ImprovedOffer(draft, improved)));
        }

        private void OnImprovementFailed(long draftNumber, string originalPrompt)
        {
            if (_state.Step is not ConversationStep.ImprovingPrompt { Current: var draft, MessageId: var messageId }
                || draft.Number != draftNumber || draft.Prompt != originalPrompt)
            {
                return;
            }

            if (ModelOf(draft) is not { } model)
            {
                ModelGone();
                return;
            }

            Emit(new PromptImprovementDismissed());
            Do(new ConversationEffect.EditMessage(messageId, Screens.Variants(_state.Draft!, model, T.ImprovementFailed)));
        }

        // ---------- buttons ----------
        private void OnButton(CallbackAction action)
        {
            switch (action)
            {
                case CallbackAction.Noop:
                    Answer();
                    break;
                case CallbackAction.OpenMainMenu:
                    Answer();
                    OpenMainMenu();
                    Show(Screens.MainMenu(Available));
                    break;
                case CallbackAction.OpenKind open:
                    OpenModelList(open.Kind, open.Page);
                    break;
                case CallbackAction.OpenPopular open:
                    OpenModelList(null, open.Page);
                    break;
                case CallbackAction.PickModel pick:
                    PickModel(pick.ModelKey);
                    break;
                case CallbackAction.ChooseTemplate choose:
                    ChooseTemplate(choose.Draft, choose.TemplateId);
                    break;
                case CallbackAction.WriteOwnPrompt own:
                    WithDraft(own.Draft, AnyDraftStepButImproving, (draft, model) =>
                    {
                        if (_state.Step is ConversationStep.AwaitingPrompt or ConversationStep.AwaitingImage && draft is { TemplateId: null, Prompt: null })
                        {
                            // The card already asks for the user's own prompt: editing it would change nothing.
                            Answer(draft.NeedsImage && draft.ImageFileId is null ? T.SendPhotoToast : T.TypePromptToast);
                            return;
                        }

                        if (_state.Step is ConversationStep.ChoosingVariants or ConversationStep.Confirming or ConversationStep.ReviewingImprovedPrompt
                            && draft is { TemplateId: null, Prompt: not null })
                        {
                            // The card's button, tapped after the prompt it asks for was typed: Telegram delivers a tap and a
                            // message of one user on separate queues, so they can arrive in either order. The prompt stays.
                            Answer();
                            return;
                        }

                        Answer();
                        Emit(new PromptTemplateChosen(null));
                        Show(Screens.Card(_state.Draft!, model));
                    });
                    break;
                case CallbackAction.ImprovePrompt improve:
                    ImprovePrompt(improve.Draft);
                    break;
                case CallbackAction.AcceptImprovedPrompt accept:
                    WithDraft(accept.Draft, s => s is ConversationStep.ReviewingImprovedPrompt, (_, model) =>
                    {
                        Answer();
                        Emit(new PromptImprovementAccepted());
                        Show(Screens.Variants(_state.Draft!, model));
                    });
                    break;
                case CallbackAction.KeepOwnPrompt keep:
                    WithDraft(keep.Draft, s => s is ConversationStep.ImprovingPrompt or ConversationStep.ReviewingImprovedPrompt, (_, model) =>
                    {
                        Answer();
                        Emit(new PromptImprovementDismissed());
                        Show(Screens.Variants(_state.Draft!, model));
                    });
                    break;
                case CallbackAction.EditPrompt edit:
                    WithDraft(edit.Draft, s => s is ConversationStep.ChoosingVariants or ConversationStep.Confirming or ConversationStep.ReviewingImprovedPrompt, (draft, model) =>
                    {
                        if (model.Takes.Prompt == PromptUse.None)
                        {
                            Outdated(); // such a model has no prompt to edit: its screens show no such button
                            return;
                        }

                        Answer();
                        Emit(new PromptEditStarted());
                        Show(Screens.Card(_state.Draft!, model, draft.Prompt is { } previous ? T.CurrentPrompt(previous) : null));
                    });
                    break;
                case CallbackAction.ChooseVariants choose:
                    WithDraft(choose.Draft, s => s is ConversationStep.ChoosingVariants or ConversationStep.Confirming, (draft, model) =>
                    {
                        if (!model.Takes.VariantChoices.Contains(choose.Variants))
                        {
                            Outdated(); // forged, or the catalogue changed: this model is not offered so many variants
                            return;
                        }

                        if (UnitPriceOf(draft, model) is not { } unitPrice)
                        {
                            OptionsNoLongerSold(draft, model);
                            return;
                        }

                        Emit(new VariantsChosen(choose.Variants, unitPrice));
                        var total = unitPrice * (choose.Variants - FreeVariantsOf(model, choose.Variants));
                        Answer(Available < total ? T.MissingCreditsToast(total - Available) : null);
                        Show(ConfirmationOf(_state.Draft!, model));
                    });
                    break;
                case CallbackAction.BackToVariants back:
                    WithDraft(back.Draft, s => s is ConversationStep.Confirming or ConversationStep.ChoosingVariants, (_, model) =>
                    {
                        Answer();
                        if (_state.Step is ConversationStep.Confirming)
                        {
                            Emit(new VariantChoiceReopened());
                        }

                        Show(Screens.Variants(_state.Draft!, model));
                    });
                    break;
                case CallbackAction.Confirm confirm:
                    Confirm(confirm.Draft);
                    break;
                case CallbackAction.SkipPrompt skip:
                    OnSkipPrompt(skip.Draft);
                    break;
                case CallbackAction.ImagesDone done:
                    OnImagesDone(done.Draft);
                    break;
                case CallbackAction.OpenOrder or CallbackAction.RepeatOrder or CallbackAction.ResendResults:
                    OnHistoryButton(action);
                    break;
                case CallbackAction.OpenOption open:
                    WithDraft(open.Draft, s => s is ConversationStep.ChoosingVariants or ConversationStep.Confirming, (draft, model) =>
                        OpenOption(draft, model, open.Option));
                    break;
                case CallbackAction.ChooseOption choose:
                    WithDraft(choose.Draft, s => s is ConversationStep.ChoosingVariants or ConversationStep.Confirming, (draft, model) =>
                        ChooseOption(draft, model, choose.Option, choose.Value));
                    break;
                case CallbackAction.CancelOrder cancel when _state.FindOrder(cancel.OrderId) is not null:
                    Answer(T.CancellingToast);
                    Do(new ConversationEffect.CancelQueuedOrder(cancel.OrderId, Language));
                    break;
                case CallbackAction.MakeAnother another when _state.FindOrder(another.OrderId) is { } order:
                    FromOrder(order, keepPrompt: true);
                    break;
                case CallbackAction.ChangePrompt change when _state.FindOrder(change.OrderId) is { } order:
                    FromOrder(order, keepPrompt: false);
                    break;
                case CallbackAction.OpenHistory history:
                    Answer();
                    Do(new ConversationEffect.ShowHistory(history.Page, _tap!.MessageId, Language));
                    break;
                case CallbackAction.OpenBalance:
                    Answer();
                    Show(Screens.Balance(Available, _context.ReservedCredits,
                        _state.Step is ConversationStep.Confirming { Current: var d } ? new CallbackAction.BackToVariants(d.Number) : null));
                    break;
                case CallbackAction.OpenHelp:
                    Answer();
                    Show(Screens.Help());
                    break;
                case CallbackAction.OpenLanguageMenu:
                    Answer();
                    Show(Screens.LanguageMenu());
                    break;
                case CallbackAction.SetLanguage set:
                    if (_state.ChosenLanguage != set.Language)
                    {
                        Emit(new LanguageChosen(set.Language));
                    }

                    Answer(T.LanguageChangedToast);
                    OpenMainMenu();
                    Show(Screens.MainMenu(Available));
                    break;
                default:
                    Outdated();
                    break;
            }
        }

        /// <summary>"This menu is outdated" and the main menu in that message; the user's draft is left as it was.</summary>
        private void Outdated()
        {
            Answer(T.OutdatedToast);
            Show(Screens.MainMenu(Available, T.OutdatedMenu));
        }

        private static bool AnyDraftStepButImproving(ConversationStep step) => step is not ConversationStep.ImprovingPrompt;

        /// <summary>Runs a draft button's action when it belongs to the current draft in a fitting step; otherwise outdated.</summary>
        private void WithDraft(long draftNumber, Func<ConversationStep, bool> fits, Action<DraftOrder, MenuModel> act)
        {
            if (_state.Draft is not { } draft || draft.Number != draftNumber || !fits(_state.Step))
            {
                Outdated();
                return;
            }

            if (ModelOf(draft) is not { } model)
            {
                ModelGone();
                return;
            }

            act(draft, model);
        }

        private void OpenModelList(MediaKind? kind, int page)
        {
            Answer();
            var count = kind is { } k ? Setup.Menu.ModelsOf(k).Count : Setup.Menu.Popular.Count;
            var clamped = Keyboards.ClampPage(page, count, Setup.ModelsPerPage);
            if (_state.Step != new ConversationStep.ChoosingModel(kind, clamped))
            {
                Emit(new ModelListOpened(kind, clamped));
            }

            Show(Screens.ModelList(kind, clamped));
        }

        private void PickModel(string key)
        {
            if (Setup.Menu.FindByKey(key) is not { } model)
            {
                ModelGone();
                return;
            }

            Answer();
            StartDraft(model, prompt: null, imageFileId: null);
            Show(Screens.Card(_state.Draft!, model));
        }

        private void ChooseTemplate(long draftNumber, string templateId)
        {
            WithDraft(draftNumber, AnyDraftStepButImproving, (_, model) =>
            {
                if (PromptTemplates.Find(templateId) is not { } template || template.Kind != model.Kind)
                {
                    Outdated();
                    return;
                }

                Answer();
                Emit(new PromptTemplateChosen(template.Id));
                Show(Screens.Card(_state.Draft!, model));
            });
        }

        private void ImprovePrompt(long draftNumber)
        {
            if (!Setup.PromptImprovementEnabled)
            {
                Outdated();
                return;
            }

            WithDraft(draftNumber, s => s is ConversationStep.ChoosingVariants or ConversationStep.Confirming, (draft, model) =>
            {
                Answer();
                Emit(new PromptImprovementStarted(_tap!.MessageId));
                Show(Screens.Improving(_state.Draft!));
                Do(new ConversationEffect.ImprovePrompt(draft.Number, draft.Prompt!, model.Kind, model.Id, Language));
            });
        }

        private void Confirm(long draftNumber)
        {
            if (_state.FindOrderByDraft(draftNumber) is not null)
            {
                Answer(T.AlreadyStartedToast);
                return;
            }

            WithDraft(draftNumber, s => s is ConversationStep.Confirming, (draft, model) =>
            {
                var variants = draft.Variants!.Value;
                if (UnitPriceOf(draft, model) is not { } unitPrice || DraftOptions.Resolve(model, draft.Options) is not { } options)
                {
                    OptionsNoLongerSold(draft, model);
                    return;
                }

                if (draft.UnitPrice != unitPrice)
                {
                    // The catalogue changed the price since the user saw it: show the new one, charge nothing unseen.
                    Emit(new VariantsChosen(variants, unitPrice));
                    Answer(Html.Shorten(T.PriceChanged(draft.UnitPrice ?? 0, unitPrice), 190));
                    Show(ConfirmationOf(_state.Draft!, model, T.PriceChanged(draft.UnitPrice ?? 0, unitPrice)));
                    return;
                }

                if (RefusedOverOrderLimit(draft, model))
                {
                    return;
                }

                var free = FreeVariantsOf(model, variants);
                var total = unitPrice * (variants - free);
                if (Available < total)
                {
                    Answer(T.MissingCreditsToast(total - Available));
                    Show(ConfirmationOf(draft, model));
                    return;
                }

                var orderId = (_context.NewOrderId ?? OrderIds.NewRandom)();
                if (!OrderIds.IsWellFormed(orderId))
                {
                    throw new InvalidOperationException($"The order id source made '{orderId}', which is not 4-16 characters of A-Z and 0-9.");
                }

                var media = OrderMedia.Of(draft);
                Emit(new OrderPlaced(orderId, draft.Number, model.Id, draft.Prompt!, draft.ImageFileId, variants, unitPrice, _context.Now, media) { Options = options });
                Answer(T.OrderStartedToast);
                var status = OrderStatus.Placed(orderId, model.DisplayName, model.Kind, unitPrice, variants, _context.Now);
                Show(OrderStatusView.Render(status, _context.Now, T));
                Do(new ConversationEffect.PlaceOrder(
                    orderId, model.Id, draft.Prompt!, draft.ImageFileId, variants, unitPrice,
                    OrderIds.RequestIds(orderId, variants), _tap!.MessageId, Language, free, media) { Options = options });
            });
        }

        /// <summary>"Make another" (same prompt, to the variants) or "Change prompt" (same model and photo, a new prompt), as a new message.</summary>
        private void FromOrder(RecentOrder order, bool keepPrompt)
        {
            if (Setup.Menu.FindById(order.ModelId) is not { } model)
            {
                OpenMainMenu();
                Answer(Html.Shorten(T.ModelUnavailable, 190));
                Send(Screens.MainMenu(Available, T.ModelUnavailable));
                return;
            }

            Answer();
            var prompt = keepPrompt ? order.Prompt : null;
            if (_state.Draft is { } current && current.FromOrderId == order.OrderId && current.Prompt == prompt
                && current.TemplateId is null && _state.Step is ConversationStep.ChoosingVariants or ConversationStep.AwaitingPrompt or ConversationStep.AwaitingImage)
            {
                return; // A double tap: the screen for this is already the last message.
            }

            StartDraft(model, prompt, order.ImageFileId, order.OrderId, order.Media, order.Options);
            var draft = _state.Draft!;
            Send(_state.Step is ConversationStep.ChoosingVariants
                ? Screens.Variants(draft, model)
                : Screens.Card(draft, model, keepPrompt ? null : T.CurrentPrompt(order.Prompt)));
        }
    }
}
