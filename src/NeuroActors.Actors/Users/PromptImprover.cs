using Akka.Actor;
using NeuroActors.Domain.Conversation;

namespace NeuroActors.Actors.Users;

/// <summary>
/// Runs the LLM call behind ✨ Improve off the actor: its answer, or null when there is no LLM or the call failed, comes
/// back to the user as <see cref="Answered"/>. Not persisted: a lost answer leaves the draft as it was, and the user can tap again.
/// </summary>
internal sealed class PromptImprover(Func<ConversationEffect.ImprovePrompt, CancellationToken, Task<string?>>? improve)
{
    public bool Enabled => improve is not null;

    public void Ask(ConversationEffect.ImprovePrompt request, IActorRef replyTo)
    {
        if (improve is null)
        {
            replyTo.Tell(new Answered(request, null));
            return;
        }

        improve(request, CancellationToken.None).PipeTo(replyTo,
            success: text => new Answered(request, text),
            failure: _ => new Answered(request, null));
    }

    /// <summary>What the conversation hears back: the improved prompt, or that there is none.</summary>
    public static ConversationInput InputFor(Answered answered) => answered.Improved is { } text
        ? new ConversationInput.PromptImprovementReady(answered.Request.DraftNumber, answered.Request.Prompt, text)
        : new ConversationInput.PromptImprovementFailed(answered.Request.DraftNumber, answered.Request.Prompt);

    internal sealed record Answered(ConversationEffect.ImprovePrompt Request, string? Improved);
}
