namespace NeuroActors.Domain.Conversation;

/// <summary>What a user asks the bot to make; the main menu offers one button per kind.</summary>
public enum MediaKind
{
    Image,
    Video,
    Music,
    Speech,
}
