namespace NeuroActors.IntegrationTests.Sandbox.TelegramBotApi;

/// <summary>A clock that moves only when a test says so, for windows and the anti-busy-loop rules.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
