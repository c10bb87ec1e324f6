namespace NeuroActors.Domain.Catalog;

public enum AvailabilityStatus
{
    Available,
    Unavailable,

    /// <summary>KIE could not be asked (network, auth, a family that cannot be probed): the previous status stands.</summary>
    Unknown,
}

/// <summary>What KIE last said about a model; only unavailable models are recorded in a catalogue version.</summary>
public sealed record ModelAvailability(string ModelId, AvailabilityStatus Status, string Reason, DateTimeOffset CheckedAt);

/// <summary>One answer of <see cref="IModelAvailabilityProbe"/>.</summary>
public sealed record ProbeResult(AvailabilityStatus Status, string Reason)
{
    public static ProbeResult Available(string reason) => new(AvailabilityStatus.Available, reason);

    public static ProbeResult Unavailable(string reason) => new(AvailabilityStatus.Unavailable, reason);

    public static ProbeResult Unknown(string reason) => new(AvailabilityStatus.Unknown, reason);
}

/// <summary>Asks KIE whether it still serves a model. Must never start paid work.</summary>
public interface IModelAvailabilityProbe
{
    Task<ProbeResult> ProbeAsync(ModelDefinition model, CancellationToken cancellationToken);
}

/// <summary>Where a catalogue text comes from (the file in the repo, a remote URL).</summary>
public interface ICatalogSource
{
    /// <summary>A name for logs and problems; never contains a secret.</summary>
    string Name { get; }

    /// <summary>The catalogue text; throws when the source cannot be read (the sync then changes nothing).</summary>
    Task<string> FetchAsync(CancellationToken cancellationToken);
}
