namespace NeuroActors.Sandbox.Telegram.State;

/// <summary>
/// A private chat between the bot and one user: its messages, the chat actions it saw and the ordered log of changes
/// that transcripts, waits and the event stream read. Mutated under the sandbox lock; waiters await
/// <see cref="ChangedSignal"/> without holding it.
/// </summary>
internal sealed class SandboxChat
{
    private readonly List<SandboxMessage> _messages = [];
    private readonly List<ChatChange> _changes = [];
    private readonly List<ChatActionRecord> _actions = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _lastMessageId;

    public SandboxChat(SandboxUser user)
    {
        User = user;
    }

    public SandboxUser User { get; }

    public long Id => User.Id;

    public IReadOnlyList<SandboxMessage> Messages => _messages;

    public IReadOnlyList<ChatActionRecord> Actions => _actions;

    public long LastSeq => _changes.Count;

    /// <summary>Completes at the next change; take it under the lock, await it outside.</summary>
    public Task ChangedSignal => _changed.Task;

    /// <summary>Message ids of a private chat are shared by both sides and grow by one.</summary>
    public int NextMessageId() => ++_lastMessageId;

    public void AddMessage(SandboxMessage message) => _messages.Add(message);

    public SandboxMessage? FindMessage(int messageId) => _messages.Find(m => m.MessageId == messageId);

    public void AddAction(ChatActionRecord action) => _actions.Add(action);

    public ChatChange RecordChange(string kind, DateTimeOffset at, TranscriptMessage? message, string? action = null, CallbackAnswerInfo? callbackAnswer = null)
    {
        var change = new ChatChange(_changes.Count + 1, kind, at, message, action, callbackAnswer);
        _changes.Add(change);
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
        return change;
    }

    public IReadOnlyList<ChatChange> ChangesAfter(long seq) =>
        seq >= _changes.Count ? [] : _changes.GetRange((int)Math.Max(0, seq), _changes.Count - (int)Math.Max(0, seq));
}
