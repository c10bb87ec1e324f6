namespace NeuroActors.Host.Configuration;

/// <summary>
/// Sandbox mode: the node serves the Bot API sandbox, the simulated KIE and the simulated LLM on its own HTTP origin and
/// points its clients there. When Http:Urls asks for port 0 the real port is known only after Kestrel starts: then
/// <see cref="Origin"/> is a placeholder (<c>http://127.0.0.1:0</c>) that the node's HTTP clients rewrite to the real
/// origin once it is known (see <c>SandboxOrigin</c>).
/// </summary>
public sealed record SandboxSettings(Uri Origin, bool ResolvedAfterStart)
{
    /// <summary>A well-formed token (the sandbox accepts any); not a secret.</summary>
    // No "bot" after the colon: the sandbox route /bot{token}/{method} cannot match a token that contains it.
    public const string BotToken = "7000000001:AAsandbox_neuroactors_local_token";

    /// <summary>A key the simulated KIE accepts unless the operator gave Kie:ApiKeys (then the simulator accepts those).</summary>
    public const string KieKey = "sandbox-key";

    /// <summary>The simulated LLM accepts any non-empty key.</summary>
    public const string LlmKey = "sandbox-llm-key";

    public const string LlmModel = "sandbox-llm";

    /// <summary>The origin clients use: the first of Http:Urls, a wildcard host read as 127.0.0.1.</summary>
    public static SandboxSettings FromHttpUrls(string httpUrls)
    {
        var first = new Uri(httpUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0]);
        var host = ClientHost(first.Host);
        var origin = new UriBuilder(first.Scheme, host, first.Port).Uri;
        return new SandboxSettings(origin, first.Port == 0);
    }

    /// <summary>A listening address as a client reaches it: 0.0.0.0, [::], + and * become 127.0.0.1.</summary>
    public static string ClientHost(string host) => host switch
    {
        "0.0.0.0" or "[::]" or "::" or "+" or "*" or "" => "127.0.0.1",
        _ => host,
    };
}
