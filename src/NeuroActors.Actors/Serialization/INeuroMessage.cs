namespace NeuroActors.Actors.Serialization;

/// <summary>
/// Marker for every message, event and snapshot state that crosses the wire or reaches the journal.
/// Each implementing type carries a <see cref="ManifestAttribute"/>; <see cref="NeuroSerializer"/> is bound to this interface.
/// </summary>
public interface INeuroMessage;

/// <summary>The stable name a type is stored under. Never change it once written: old journals are read by it.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class ManifestAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>An aggregate's state as saved in a snapshot: it reaches the store, so it is held to the same compatibility as events.</summary>
public interface ISnapshotState : INeuroMessage;
