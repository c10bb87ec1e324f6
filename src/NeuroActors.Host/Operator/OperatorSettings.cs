using NeuroActors.Domain.Configuration;

namespace NeuroActors.Host.Operator;

/// <summary>
/// <c>Operator:Token</c>: with it, every operator call needs <c>Authorization: Bearer &lt;token&gt;</c>; without it only
/// loopback callers are served, so neuroctl on the node's own machine works with no setup.
/// </summary>
public sealed record OperatorSettings(string? Token)
{
    public const int MinimumTokenLength = 16;

    public static OperatorSettings From(SettingReader reader)
    {
        var token = reader.Text("Operator:Token");
        if (token is { Length: < MinimumTokenLength })
        {
            throw new BadSettingException("Operator:Token", $"is shorter than {MinimumTokenLength} characters",
                $"set Operator:Token to a random string of at least {MinimumTokenLength} characters (e.g. from `openssl rand -hex 24`), or remove it to serve loopback callers only");
        }

        return new OperatorSettings(token);
    }
}
