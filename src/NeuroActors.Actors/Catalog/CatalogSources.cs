using NeuroActors.Domain.Catalog;

namespace NeuroActors.Actors.Catalog;

/// <summary>The catalogue file shipped with the node (catalog/models.yaml next to the binaries).</summary>
public sealed class FileCatalogSource(string path) : ICatalogSource
{
    public string Name => path;

    public async Task<string> FetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CatalogSourceException($"cannot read {path}: {e.Message}", e);
        }
    }
}

/// <summary>A remote catalogue (Catalog:SourceUrl) in the same schema, fetched over HTTP.</summary>
public sealed class HttpCatalogSource(HttpClient http, Uri url) : ICatalogSource
{
    /// <summary>Scheme, host and path only: a query string may carry a token and never reaches a log.</summary>
    public string Name { get; } = url.GetLeftPart(UriPartial.Path);

    public async Task<string> FetchAsync(CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CatalogSourceException($"cannot reach {Name}: {e.Message}", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new CatalogSourceException($"{Name} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
    }
}

/// <summary>A catalogue source could not be read; the sync reports the message and changes nothing.</summary>
public sealed class CatalogSourceException : Exception
{
    public CatalogSourceException()
    {
    }

    public CatalogSourceException(string message)
        : base(message)
    {
    }

    public CatalogSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
