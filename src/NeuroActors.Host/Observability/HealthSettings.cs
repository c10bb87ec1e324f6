using NeuroActors.Domain.Configuration;

namespace NeuroActors.Host.Observability;

/// <summary>
/// <c>Health:CheckInterval</c>: how often the node checks its database, KIE and Telegram for <c>/health</c> (a request
/// never triggers a check). <c>Metrics:Token</c>: with it, <c>/metrics</c> wants <c>Authorization: Bearer &lt;token&gt;</c>.
/// </summary>
public sealed record HealthSettings(TimeSpan CheckInterval, string? MetricsToken)
{
    public const int MinimumTokenLength = 16;
    public static readonly TimeSpan DefaultCheckInterval = TimeSpan.FromSeconds(30);

    public static HealthSettings From(SettingReader reader)
    {
        var interval = reader.Duration("Health:CheckInterval", DefaultCheckInterval);
        var token = reader.Text("Metrics:Token");
        if (token is { Length: < MinimumTokenLength })
        {
            throw new BadSettingException("Metrics:Token", $"is shorter than {MinimumTokenLength} characters",
                $"set Metrics:Token to a random string of at least {MinimumTokenLength} characters (e.g. from `openssl rand -hex 24`), or remove it to serve /metrics to anyone who reaches Http:Urls");
        }

        return new HealthSettings(interval, token);
    }
}
