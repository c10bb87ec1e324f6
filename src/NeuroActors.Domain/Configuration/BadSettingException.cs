namespace NeuroActors.Domain.Configuration;

/// <summary>
/// A setting the node cannot start with, from any part's settings reader. Its message is the one line an operator reads:
/// the setting, what is wrong, and the fix. It never carries a secret.
/// </summary>
public sealed class BadSettingException(string setting, string problem, string fix) : Exception($"{setting}: {problem}. Fix: {fix}")
{
    public string Setting { get; } = setting;
}
